# Set-HaproxyBackend (dynamic cookies and their key), Set-HaproxyServer -AgentSend and Stop-HaproxyFrontend against a
# real HAProxy 3.4 on loopback (Start-LabBackendSettings). Each effect is proven where clients meet it: the Set-Cookie
# header of a real HTTP response and the cookie column of 'show stat' (read through the lab's socket), what the agent
# check really sends to a listener the test plays the agent on, and a shut-down frontend's port refusing connections
# and free to bind. The dynamic-cookie key never shows in -WhatIf, -Verbose or an error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-LabBackendSettings
    # The last session connected is the default one: the admin session.
    $operator = Connect-Haproxy -Endpoint "unix://$($lab.OperatorSocket)" -Timeout 5s
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s

    function New-Secret([string] $Text) {
        $s = [System.Security.SecureString]::new()
        foreach ($c in $Text.ToCharArray()) { $s.AppendChar($c) }
        $s
    }
    # The server's cookie as HAProxy computed it ('show stat' at admin level shows it), and as a response sets it.
    function Get-StatCookie { (Get-LabStat -Lab $lab cookies c1).cookie }
    function Get-ResponseCookie { Get-LabSetCookie -Lab $lab -Port $lab.CookiePort }
    # The cookie HAProxy computes from a key set through the lab's own socket (the independent view of a key).
    function Get-CookieOfKey([string] $Key) {
        $null = Invoke-LabSocket -Lab $lab -Command "set dynamic-cookie-key backend cookies $(ConvertTo-LabCliWord $Key)"
        Get-StatCookie
    }
    $initialCookie = Get-StatCookie
}

AfterAll {
    if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Set-HaproxyBackend: dynamic cookies' {
    BeforeEach {
        $null = Invoke-LabSocket -Lab $lab -Command 'set dynamic-cookie-key backend cookies labkey1;enable dynamic-cookie backend cookies'
    }

    It 'the lab starts with a dynamic cookie computed from its configured key, which responses set' {
        $initialCookie | Should -Match '\A[0-9a-f]{16}\z'
        Get-ResponseCookie | Should -BeExactly "SRVID=$initialCookie; path=/"
    }

    It 'a new key changes the cookie every response sets; the key is exactly the one given' {
        Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret 'rotated key;2') | Should -BeNullOrEmpty
        $cookie = Get-StatCookie
        $cookie | Should -Match '\A[0-9a-f]{16}\z'
        $cookie | Should -Not -Be $initialCookie
        Get-ResponseCookie | Should -BeExactly "SRVID=$cookie; path=/"
        Get-CookieOfKey 'rotated key;2' | Should -BeExactly $cookie
        Get-CookieOfKey 'labkey1' | Should -BeExactly $initialCookie
    }

    It 'disabling stops the cookie (responses ask the client to drop it); enabling brings it back' {
        Set-HaproxyBackend -Name cookies -DynamicCookie $false
        Get-StatCookie | Should -BeNullOrEmpty
        Get-ResponseCookie | Should -BeExactly 'SRVID=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/'
        Set-HaproxyBackend -Name cookies -DynamicCookie $true
        Get-StatCookie | Should -BeExactly $initialCookie
        Get-ResponseCookie | Should -BeExactly "SRVID=$initialCookie; path=/"
    }

    It 'with both, sends the key first, then the switch; -Verbose shows the key masked' {
        $null = Invoke-LabSocket -Lab $lab -Command 'disable dynamic-cookie backend cookies'
        $records = Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret 'k-both-9') -DynamicCookie $true -Verbose 4>&1
        $sent = @(Get-VerboseLines $records | Where-Object { $_ -like '`[*`] *' })
        $sent | Should -Be @("[$($session.Name)] set dynamic-cookie-key backend cookies ****", "[$($session.Name)] enable dynamic-cookie backend cookies")
        @(Get-VerboseLines $records | Where-Object { $_ -like '*k-both-9*' }) | Should -BeNullOrEmpty
        $cookie = Get-StatCookie
        Get-CookieOfKey 'k-both-9' | Should -BeExactly $cookie
    }

    It '-WhatIf shows both requests with the key masked and sends nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret 'never-shown') -DynamicCookie $false -WhatIf }
        $lines | Should -Be @(
            'What if: Performing the operation "Set dynamic cookie key (''set dynamic-cookie-key backend cookies ****'')" on target "cookies".'
            'What if: Performing the operation "Disable dynamic cookies (''disable dynamic-cookie backend cookies'')" on target "cookies".'
        )
        Get-StatCookie | Should -BeExactly $initialCookie
    }

    It 'a refusal names the request with the key masked' {
        $err = Get-ThrownError { Set-HaproxyBackend -Name nosuch -DynamicCookieKey (New-Secret 'secret-in-error') -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err.Exception.Message | Should -BeExactly "Backend 'nosuch' does not exist (HAProxy refused 'set dynamic-cookie-key backend nosuch ****': No such backend.)"
        $err.Exception.CommandLine | Should -BeExactly 'set dynamic-cookie-key backend nosuch ****'
        "$err $($err.Exception.Response)" | Should -Not -Match 'secret-in-error'
    }

    It 'a refused key stops there: the switch after it is not sent' {
        $err = Get-ThrownError { Set-HaproxyBackend -Name nosuch -DynamicCookieKey (New-Secret 'k') -DynamicCookie $false -ErrorAction Stop -Verbose 4>&1 }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-StatCookie | Should -BeExactly $initialCookie
    }

    It 'takes backends from Get-HaproxyBackend; -PassThru writes each one' {
        $out = @(Get-HaproxyBackend -Name cookies | Set-HaproxyBackend -DynamicCookie $false -PassThru)
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyBackend'
        $out[0].Name | Should -BeExactly 'cookies'
        Get-StatCookie | Should -BeNullOrEmpty
    }

    It 'on a backend without cookie configuration HAProxy accepts it and no response carries a cookie' {
        Set-HaproxyBackend -Name webservers -DynamicCookieKey (New-Secret 'k') -DynamicCookie $true
        (Invoke-WebRequest -Uri "http://127.0.0.1:$($lab.FrontendPort)/" -UseBasicParsing -TimeoutSec 5).Headers['Set-Cookie'] | Should -BeNullOrEmpty
        (Get-LabStat -Lab $lab webservers web1).cookie | Should -Not -BeNullOrEmpty -Because 'the server has a cookie value, which no response uses without a cookie name'
        Set-HaproxyBackend -Name webservers -DynamicCookie $false
    }

    It 'refusals: nothing to change, a name HAProxy cannot have, no such backend, a frontend, a key that cannot be sent, an operator socket' {
        (Get-ThrownError { Set-HaproxyBackend -Name cookies -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        (Get-ThrownError { Set-HaproxyBackend -Name 'a b' -DynamicCookie $true -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        (Get-ThrownError { Set-HaproxyBackend -Name nosuch -DynamicCookie $true -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        (Get-ThrownError { Set-HaproxyBackend -Name cookie-front -DynamicCookie $true -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $bad = Get-ThrownError { Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret "two`nlines") -ErrorAction Stop }
        $bad.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$bad" | Should -Not -Match 'two'
        (Get-ThrownError { Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret '') -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        # A NUL is refused, not taken as the key's end (the key would be sent cut short).
        (Get-ThrownError { Set-HaproxyBackend -Name cookies -DynamicCookieKey (New-Secret "ab`0cd") -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        (Get-ThrownError { Set-HaproxyBackend -Name cookies -DynamicCookie $false -Session $operator -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        (Get-ThrownError { Set-HaproxyBackend -Name cookies -DynamicCookieKey 'plain text' -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgumentNoMessage,*'
        Get-StatCookie | Should -BeExactly $initialCookie
    }
}

Describe 'Set-HaproxyServer -AgentSend' {
    It 'the agent check sends exactly the new string from its next check on' {
        Set-HaproxyServer -Backend agented -Name a1 -AgentSend 'hello agent;1' | Should -BeNullOrEmpty
        Receive-LabAgentCheck -Port $lab.AgentPort | Should -BeExactly 'hello agent;1'
    }

    It 'takes servers from Get-HaproxyServer; -Verbose shows the escaped line; -PassThru writes the server' {
        $records = @(Get-HaproxyServer -Backend agented | Set-HaproxyServer -AgentSend 'piped' -PassThru -Verbose 4>&1)
        $servers = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyServer] })
        $servers | Should -HaveCount 1
        $servers[0].FullName | Should -BeExactly 'agented/a1'
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set server agented/a1 agent-send piped"
        Receive-LabAgentCheck -Port $lab.AgentPort | Should -BeExactly 'piped'
    }

    It '-WhatIf sends nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyServer -Backend agented -Name a1 -AgentSend 'not sent' -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Set agent-send string to not\ sent (''set server agented/a1 agent-send not\ sent'')" on target "agented/a1".')
        Receive-LabAgentCheck -Port $lab.AgentPort | Should -BeExactly 'piped'
    }

    It 'a server without an agent check is HaproxyInvalidOperation; an unsendable string is refused before sending' {
        $err = Get-ThrownError { Set-HaproxyServer -Backend cookies -Name c1 -AgentSend 'x' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err.Exception.Message | Should -BeLike '*agent checks are not enabled on this server.'
        (Get-ThrownError { Set-HaproxyServer -Backend agented -Name a1 -AgentSend "a`rb" -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        (Get-ThrownError { Set-HaproxyServer -Backend agented -Name a1 -AgentSend 'x' -Session $operator -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
    }
}

Describe 'Stop-HaproxyFrontend' {
    It 'has a high impact' {
        $attr = [HaproxyRuntime.PowerShell.Commands.StopHaproxyFrontendCommand].GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attr.ConfirmImpact | Should -Be 'High'
    }

    It '-WhatIf shows the request and sends nothing' {
        $lines = Get-WhatIfLines { Stop-HaproxyFrontend -Name app-dynamic -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Shut down frontend (closes its listeners until a reload) (''shutdown frontend app-dynamic'')" on target "app-dynamic".')
        (Get-LabStat -Lab $lab app-dynamic FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It 'closes the listeners for good: connections are refused, the port is free, no command opens it again' {
        Invoke-LabRequest -Lab $lab -Port $lab.DynamicAppPort | Should -BeExactly 'served by mybackend1'
        $out = @(Stop-HaproxyFrontend -Name app-dynamic -Confirm:$false -PassThru)
        $out | Should -HaveCount 1
        $out[0].Name | Should -BeExactly 'app-dynamic'
        $out[0].Status | Should -BeExactly 'STOP'
        (Get-LabStat -Lab $lab app-dynamic FRONTEND).status | Should -BeExactly 'STOP'
        { Invoke-LabRequest -Lab $lab -Port $lab.DynamicAppPort -TimeoutSec 2 } | Should -Throw
        # Released, not paused: the port can be bound by another program.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $lab.DynamicAppPort)
        try { $listener.Start() } finally { $listener.Stop() }
        (Get-ThrownError { Enable-HaproxyFrontend -Name app-dynamic -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
    }

    It 'a frontend already shut down is success (HAProxy''s notice): it is in the state asked for' {
        $records = @(Stop-HaproxyFrontend -Name app-dynamic -Confirm:$false -Verbose 4>&1)
        @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] shutdown frontend app-dynamic"
    }

    It 'takes frontends from Get-HaproxyFrontend and names as strings' {
        Get-HaproxyFrontend -Name app-default | Stop-HaproxyFrontend -Confirm:$false
        (Get-LabStat -Lab $lab app-default FRONTEND).status | Should -BeExactly 'STOP'
        'cookie-app' | Stop-HaproxyFrontend -Confirm:$false
        (Get-LabStat -Lab $lab cookie-app FRONTEND).status | Should -BeExactly 'STOP'
    }

    It 'refusals: no such frontend (a backend''s name is none), a bad name, an operator socket; other frontends untouched' {
        (Get-ThrownError { Stop-HaproxyFrontend -Name nosuch -Confirm:$false -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        (Get-ThrownError { Stop-HaproxyFrontend -Name cookies -Confirm:$false -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        (Get-ThrownError { Stop-HaproxyFrontend -Name 'fe;quit' -Confirm:$false -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        (Get-ThrownError { Stop-HaproxyFrontend -Name myfrontend1 -Session $operator -Confirm:$false -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
        (Get-LabStat -Lab $lab cookie-front FRONTEND).status | Should -BeExactly 'OPEN'
    }
}
