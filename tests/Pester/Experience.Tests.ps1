# PowerShell experience (issue "PowerShell experience II"): socket paths resolved like Get-Content resolves them,
# sessions named and numbered per runspace and taken by Id or Name, -Force and -Timeout only with -Drain, durations
# PowerShell would misread refused, a web server told apart from a HAProxy stats socket.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
}

AfterAll {
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Connect-Haproxy resolves a socket path against the current location' {
    BeforeEach { Push-Location -LiteralPath $lab.Directory }
    AfterEach {
        Pop-Location
        Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    }

    It '<Form> connects to the lab socket in the current location' -ForEach @(
        @{ Form = './admin.sock' }
        @{ Form = 'admin.sock' }
        @{ Form = 'unix://./admin.sock' }
        @{ Form = 'unix@admin.sock' }
    ) {
        $session = Connect-Haproxy $Form -ErrorAction Stop
        $session.Endpoint.Path | Should -BeExactly (Join-Path $lab.Directory 'admin.sock')
        (Get-HaproxyInfo -Session $session).ProcessId | Should -Be $lab.ProcessId
    }

    It 'follows Set-Location, not the process directory' {
        [System.IO.Directory]::GetCurrentDirectory() | Should -Not -Be $lab.Directory
        (Connect-Haproxy ./admin.sock -ErrorAction Stop).Endpoint.Path | Should -BeExactly $lab.AdminSocket
    }

    It '~ is the home directory' {
        $link = Join-Path $HOME ("hxr-" + [guid]::NewGuid().ToString('n').Substring(0, 8) + '.sock')
        New-Item -ItemType SymbolicLink -Path $link -Target $lab.AdminSocket | Out-Null
        try {
            (Connect-Haproxy ('~/' + (Split-Path -Leaf $link)) -ErrorAction Stop).Endpoint.Path | Should -BeExactly $link
        }
        finally { Remove-Item -LiteralPath $link -Force }
    }

    It 'a bare name that is no file here is still taken for a host without a port, with that said' {
        $thrown = Get-ThrownError { Connect-Haproxy nosuch.sock -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$thrown" | Should -BeLike "*'nosuch.sock' has no port*"
    }

    It 'a relative path from a location outside the file system is refused with the reason' {
        Push-Location Env:
        try {
            $thrown = Get-ThrownError { Connect-Haproxy ./admin.sock -ErrorAction Stop }
            "$thrown" | Should -BeLike "*is a relative socket path, and the current location (Env:*) is not in the file system*"
        }
        finally { Pop-Location }
    }
}

Describe 'sessions: numbered per runspace, unique names, taken by Id or Name' {
    It 'numbers sessions from 1 in a new runspace, names a second one to the same endpoint apart, and shows which is the default' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Endpoint)
                    Import-Module $Module
                    $a = Connect-Haproxy $Endpoint
                    $b = Connect-Haproxy $Endpoint -NoDefault
                    [pscustomobject]@{ Ids = "$($a.Id),$($b.Id)"; Names = "$($a.Name)|$($b.Name)"; Default = (Get-HaproxySession -Default).Id
                        IsDefault = "$($a.IsDefault),$($b.IsDefault)"; Table = (Get-HaproxySession | Format-Table | Out-String -Width 80) }
                    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
                }).AddArgument($modulePath).AddArgument($lab.AdminEndpoint)
            $out = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $out[0].Ids | Should -Be '1,2'
            $out[0].Names | Should -BeExactly "$($lab.AdminEndpoint)|$($lab.AdminEndpoint) (2)"
            $out[0].Default | Should -Be 1
            # The session objects say which is the default, and so does the table.
            $out[0].IsDefault | Should -Be 'True,False'
            $out[0].Table | Should -Match 'IsDefault'
            $out[0].Table | Should -Match '(?m)^\s*1 .*True\s*$'
            $out[0].Table | Should -Match '(?m)^\s*2 .*False\s*$'
        }
        finally { $ps.Dispose() }
    }

    It 'an explicit -Name that an open session has is refused' {
        $first = Connect-Haproxy $lab.AdminEndpoint -Name labone
        try {
            $thrown = Get-ThrownError { Connect-Haproxy $lab.AdminEndpoint -Name LabOne -ErrorAction Stop }
            "$thrown" | Should -BeLike "A session named 'labone' is open (Id $($first.Id))*"
            @(Get-HaproxySession -Name labone) | Should -HaveCount 1
        }
        finally { Disconnect-Haproxy $first -Confirm:$false }
    }

    It 'Disconnect-Haproxy <Id>, -Session <Name> and -Session <Id> on any cmdlet' {
        $a = Connect-Haproxy $lab.AdminEndpoint -Name byname
        $b = Connect-Haproxy $lab.AdminEndpoint -Name other
        (Get-HaproxyInfo -Session byname).ProcessId | Should -Be $lab.ProcessId
        (Get-HaproxyInfo -Session $b.Id).ProcessId | Should -Be $lab.ProcessId
        (Get-HaproxyBackend -Session "$($a.Id)" -Name webservers).Session | Should -Be $a.Name
        Disconnect-Haproxy $a.Id -Confirm:$false
        $a.IsClosed | Should -BeTrue
        Disconnect-Haproxy other -Confirm:$false
        $b.IsClosed | Should -BeTrue
    }

    It 'an Id or Name no open session has is a binding error saying so' {
        $thrown = Get-ThrownError { Disconnect-Haproxy 987 -Confirm:$false -ErrorAction Stop }
        "$thrown" | Should -BeLike '*No open HAProxy session has Id 987*'
        $thrown = Get-ThrownError { Get-HaproxyInfo -Session nosuchsession -ErrorAction Stop }
        "$thrown" | Should -BeLike "*No open HAProxy session is named 'nosuchsession'*"
    }
}

Describe 'what is refused before anything is sent' {
    BeforeAll {
        $session = Connect-Haproxy $lab.AdminEndpoint
        Add-HaproxyBackend -Name forcebe -From mydefaults
        Add-HaproxyServer -Backend forcebe -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
    }
    AfterAll { Disconnect-Haproxy $session -Confirm:$false }

    It '<Call>: InvalidHaproxyArgument naming -Drain; nothing removed' -ForEach @(
        @{ Call = 'Remove-HaproxyServer -Force'; Run = { Remove-HaproxyServer -Backend forcebe -Name s1 -Force -Confirm:$false -ErrorAction Stop } }
        @{ Call = 'Remove-HaproxyServer -Timeout'; Run = { Remove-HaproxyServer -Backend forcebe -Name s1 -Timeout 5s -Confirm:$false -ErrorAction Stop } }
        @{ Call = 'Remove-HaproxyBackend -Force'; Run = { Remove-HaproxyBackend -Name forcebe -Force -Confirm:$false -ErrorAction Stop } }
        @{ Call = 'Remove-HaproxyBackend -Timeout'; Run = { Remove-HaproxyBackend -Name forcebe -Timeout 5s -Confirm:$false -ErrorAction Stop } }
    ) {
        $thrown = Get-ThrownError $Run
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$thrown" | Should -BeLike '*give -Drain as well*'
        Get-LabServerState -Lab $lab -Backend forcebe -Server s1 | Should -Not -BeNullOrEmpty
    }

    It 'an unquoted <Literal> is refused: PowerShell reads it as another number' -ForEach @(
        @{ Literal = '1d'; Run = { Wait-HaproxyRemovable -Backend forcebe -Server s1 -Timeout 1d -ErrorAction Stop } }
        @{ Literal = '100us'; Run = { Wait-HaproxyRemovable -Backend forcebe -Server s1 -Timeout 100us -ErrorAction Stop } }
    ) {
        $thrown = Get-ThrownError $Run
        $thrown.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        "$thrown" | Should -BeLike "*quote it ('$Literal')*"
    }

    It "quoted, the same durations are read as HAProxy writes them: '1d' is a day, '100us' 100 microseconds" {
        $records = @(Wait-HaproxyRemovable -Backend forcebe -Server s1 -Timeout '100us' -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set timeout cli 11s;wait 1ms srv-removable forcebe/s1"
        $whatIf = Get-WhatIfLines { Remove-HaproxyServer -Backend forcebe -Name s1 -Drain -Timeout '1d' -WhatIf }
        "$whatIf" | Should -BeLike '*wait 86400000ms srv-removable forcebe/s1*'
        # An unquoted 2s (PowerShell's short 2) keeps meaning two seconds.
        $whatIf = Get-WhatIfLines { Remove-HaproxyServer -Backend forcebe -Name s1 -Drain -Timeout 2s -WhatIf }
        "$whatIf" | Should -BeLike '*wait 2000ms srv-removable forcebe/s1*'
    }
}

Describe 'error messages' {
    BeforeAll { $session = Connect-Haproxy $lab.AdminEndpoint -Name messages -Timeout 1s }
    AfterAll { Disconnect-Haproxy $session -Confirm:$false }

    It 'a lost answer quotes the command asked for, not the line with its connection set-up around it' {
        & kill -STOP $lab.ProcessId
        try { $thrown = Get-ThrownError { Add-HaproxyBackend -Name lostbe -From mydefaults -Session $session -ErrorAction Stop } }
        finally { & kill -CONT $lab.ProcessId }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyOutcomeUnknown,*'
        "$thrown" | Should -BeLike "The connection failed after 'add backend lostbe from mydefaults' was sent*"
        "$thrown" | Should -Not -BeLike '*experimental-mode*'
        # The exact line sent stays on the exception, for whoever needs it.
        $thrown.Exception.CommandLine | Should -BeExactly 'experimental-mode on;add backend lostbe from mydefaults;experimental-mode off'
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while (-not (Get-LabBackendNames -Lab $lab) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        if ((Get-LabBackendNames -Lab $lab) -contains 'lostbe') { Remove-LabBackend -Lab $lab lostbe }
    }

    It 'a name that matches nothing suggests the closest existing one when it looks like a typo, and nothing else' {
        $thrown = Get-ThrownError { Get-HaproxyBackend -Name webserver -Session $session -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Backend 'webserver' does not exist. Did you mean 'webservers'?"
        $thrown = Get-ThrownError { Get-HaproxyServer -Backend webservers -Name WEB2 -Session $session -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Server 'WEB2' does not exist in backend webservers. Did you mean 'web1'?"
        $thrown = Get-ThrownError { Get-HaproxyFrontend -Name somethingelse -Session $session -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Frontend 'somethingelse' does not exist."
    }

    It 'a missing backend, server or frontend HAProxy refuses is worded as the Get- cmdlets word it, with the suggestion' {
        $thrown = Get-ThrownError { Enable-HaproxyServer -Backend webserver -Name web1 -Session $session -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        "$thrown" | Should -BeExactly "Backend 'webserver' does not exist (HAProxy refused 'enable server webserver/web1': No such backend.) Did you mean 'webservers'?"
        # HAProxy words the same missing backend otherwise for 'show servers state': the module does not.
        $thrown = Get-ThrownError { Get-HaproxyServer -Backend webserver -Session $session -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Backend 'webserver' does not exist (HAProxy refused 'show servers state webserver': Can't find backend.) Did you mean 'webservers'?"
        $thrown = Get-ThrownError { Set-HaproxyServerState -Backend webservers -Name wb1 -State Maint -Session $session -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Server 'wb1' does not exist in backend webservers (HAProxy refused 'set server webservers/wb1 state maint': No such server.) Did you mean 'web1'?"
        $thrown = Get-ThrownError { Disable-HaproxyFrontend -Name nothinglikeit -Session $session -Confirm:$false -ErrorAction Stop }
        "$thrown" | Should -BeExactly "Frontend 'nothinglikeit' does not exist (HAProxy refused 'disable frontend nothinglikeit': No such frontend.)"
    }

    It 'piped names refused alike read the existing names once' {
        $records = @(1..5 | ForEach-Object { [pscustomobject]@{ Backend = 'webserver'; Name = "web$_" } } |
                Disable-HaproxyServer -Session $session -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1)
        $errors | Should -HaveCount 5
        $errors | ForEach-Object { "$_" | Should -BeLike "*Did you mean 'webservers'?" }
        @(Get-VerboseLines $records | Where-Object { $_ -like '`[messages`] show *' }) | Should -HaveCount 1
    }

    It 'a plain Remove-HaproxyServer HAProxy refuses (the server is in service) suggests -Drain' {
        Add-HaproxyServer -Backend webservers -Name inuse -Address 127.0.0.1 -Port $lab.DynamicAppPort -Session $session
        Enable-HaproxyServer -Backend webservers -Name inuse -Session $session
        $thrown = Get-ThrownError { Remove-HaproxyServer -Backend webservers -Name inuse -Session $session -Confirm:$false -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        "$thrown" | Should -BeLike "*Only servers in maintenance mode can be deleted.*Remove-HaproxyServer -Drain puts it in maintenance*"
        $thrown.ErrorDetails.RecommendedAction | Should -BeExactly 'Run Remove-HaproxyServer with -Drain.'
        Remove-HaproxyServer -Backend webservers -Name inuse -Session $session -Drain -Timeout 2s -Confirm:$false -WarningAction SilentlyContinue
    }
}

Describe "servers named 'backend/server', as the module prints them" {
    BeforeAll {
        $session = Connect-Haproxy $lab.AdminEndpoint -Name fullname
        Add-HaproxyServer -Backend webservers -Name fn1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
    }
    AfterAll {
        Remove-HaproxyServer webservers/fn1 -Confirm:$false -ErrorAction SilentlyContinue
        Disconnect-Haproxy $session -Confirm:$false
    }

    It 'Get-HaproxyServer webservers/fn1 (and a pattern, and a missing one)' {
        (Get-HaproxyServer webservers/fn1).FullName | Should -BeExactly 'webservers/fn1'
        @(Get-HaproxyServer 'web*/fn*').FullName | Should -Be @('webservers/fn1')
        $thrown = Get-ThrownError { Get-HaproxyServer webservers/nosuch -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'Enable-HaproxyServer, Set-HaproxyServer, Wait-HaproxyServer, Set-HaproxyServerState and Wait-HaproxyRemovable take it' {
        Enable-HaproxyServer webservers/fn1
        (Get-LabServerState -Lab $lab -Backend webservers -Server fn1).AdminState | Should -Be 0
        Set-HaproxyServer webservers/fn1 -Weight 3
        (Get-LabServerState -Lab $lab -Backend webservers -Server fn1).Weight | Should -Be 3
        Wait-HaproxyServer webservers/fn1 -Timeout 2s
        Set-HaproxyServerState webservers/fn1 -State Maint
        (Wait-HaproxyRemovable webservers/fn1 -Timeout 2s -PassThru).FullName | Should -BeExactly 'webservers/fn1'
    }

    It 'a backend alone where a server is needed is refused, naming both forms' {
        $thrown = Get-ThrownError { Enable-HaproxyServer webservers -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$thrown" | Should -BeLike "*-Name <server>, or 'backend/server'*"
    }
}

Describe "map entries: no silent duplicates, pipelined removals, prompts that name the key" {
    BeforeAll { $session = Connect-Haproxy $lab.AdminEndpoint -Name mapux }
    AfterAll { Disconnect-Haproxy $session -Confirm:$false }
    BeforeEach { Reset-LabMap -Lab $lab $lab.PathsMap }

    It 're-running an import adds nothing twice: each existing key is HaproxyObjectExists, pointing to Update-HaproxyMap' {
        $rows = 1..50 | ForEach-Object { [pscustomobject]@{ Map = $lab.PathsMap; Key = "/k$_"; Value = 'webservers' } }
        $rows | Add-HaproxyMapEntry
        $errors = @()
        $rows | Add-HaproxyMapEntry -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 50
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
        "$($errors[0])" | Should -BeLike "*key '/k1' already*Update-HaproxyMap*-AllowDuplicate*"
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 50
        # Twice in one input: the second is refused too.
        @([pscustomobject]@{ Map = $lab.PathsMap; Key = '/n'; Value = 'a' }, [pscustomobject]@{ Map = $lab.PathsMap; Key = '/n'; Value = 'b' }) |
            Add-HaproxyMapEntry -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -Contain '/n a'
    }

    It '-AllowDuplicate adds the second entry, as HAProxy allows' {
        Add-HaproxyMapEntry -Map $lab.PathsMap -Key /d -Value one
        Add-HaproxyMapEntry -Map $lab.PathsMap -Key /d -Value two -AllowDuplicate
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -Be @('/d one', '/d two')
    }

    It 'piped entries are all removed, each by its reference' {
        1..3000 | ForEach-Object { [pscustomobject]@{ Map = $lab.PathsMap; Key = "/r$_"; Value = 'webservers' } } | Add-HaproxyMapEntry
        $records = @(Get-HaproxyMapEntry -Map $lab.PathsMap | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 0
        @(Get-VerboseLines $records | Where-Object { $_.StartsWith('[mapux] del map ') }) | Should -HaveCount 3000
    }

    It 'the prompt for a removal by reference names the key' {
        Add-HaproxyMapEntry -Map $lab.PathsMap -Key /named -Value webservers
        $whatIf = Get-WhatIfLines { Get-HaproxyMapEntry -Map $lab.PathsMap | Remove-HaproxyMapEntry -WhatIf }
        "$whatIf" | Should -BeLike "*on target ""$($lab.PathsMap) #0x* (/named)""*"
    }

    It 'Update-HaproxyMap -WhatIf: a summary line first, then at most 50 differences and how many more' {
        1..10 | ForEach-Object { [pscustomobject]@{ Map = $lab.PathsMap; Key = "/old$_"; Value = 'a' } } | Add-HaproxyMapEntry
        $entry = @{ '/old1' = 'changed' }
        1..100 | ForEach-Object { $entry["/new$_"] = 'b' }
        $lines = @(Get-WhatIfLines { Update-HaproxyMap -Map $lab.PathsMap -Entry $entry -WhatIf })
        $lines[0] | Should -BeLike "*Replace the content: 100 to add, 1 to change, 9 to remove (101 entries after)*"
        @($lines | Where-Object { $_ -like '*Add (value*' -or $_ -like '*Change value*' -or $_ -like '*"Remove"*' }) | Should -HaveCount 50
        @($lines | Where-Object { $_ -like '*... and 60 more differences, not listed*' }) | Should -HaveCount 1
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 10
    }

    It 'Import-Csv | Set-HaproxyMapEntry takes the Value column (no prompt)' {
        Add-HaproxyMapEntry -Map $lab.PathsMap -Key /v1 -Value old
        [pscustomobject]@{ Map = $lab.PathsMap; Key = '/v1'; Value = 'new' } | Set-HaproxyMapEntry
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -Be @('/v1 new')
    }
}

Describe 'objects serialize compactly and bind back to their session by name' {
    BeforeAll {
        $serial = Connect-Haproxy $lab.AdminEndpoint -Name serial -NoDefault
        $other = Connect-Haproxy $lab.AdminEndpoint -Name other
    }
    AfterAll { Get-HaproxySession | Where-Object Name -in 'serial', 'other' | Disconnect-Haproxy -Confirm:$false }
    BeforeEach { Reset-LabMap -Lab $lab $lab.PathsMap (1..1000 | ForEach-Object { "/s$_ webservers" }) }

    It 'Session is the session''s name; GetSession() is the live session' {
        $entry = Get-HaproxyMapEntry -Map $lab.PathsMap -Key /s1 -Session serial
        $entry.Session | Should -BeOfType [string]
        $entry.Session | Should -BeExactly 'serial'
        $entry.GetSession() | Should -Be $serial
        ($entry | Get-Member -Name Session).Definition | Should -BeLike 'System.String Session*'
    }

    It 'ConvertTo-Json of 1000 entries: no depth warning, the session as one short value' {
        $warnings = @()
        $json = Get-HaproxyMapEntry -Map $lab.PathsMap -Session serial | ConvertTo-Json -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $parsed = $json | ConvertFrom-Json
        $parsed | Should -HaveCount 1000
        $parsed[0].Session | Should -BeExactly 'serial'
        # Map, key, value, reference and session: about 150 characters an entry, where the whole session was 600 more.
        $json.Length / 1000 | Should -BeLessThan 250
    }

    It '<Format>: entries written and read back are added again through the session they name, not the default' -ForEach @(
        @{ Format = 'ConvertTo-Json'; Write = { param($o, $f) $o | ConvertTo-Json | Set-Content -LiteralPath $f }; Read = { param($f) Get-Content -LiteralPath $f -Raw | ConvertFrom-Json } }
        @{ Format = 'Export-Csv'; Write = { param($o, $f) $o | Export-Csv -LiteralPath $f }; Read = { param($f) Import-Csv -LiteralPath $f } }
        @{ Format = 'Export-Clixml'; Write = { param($o, $f) $o | Export-Clixml -LiteralPath $f }; Read = { param($f) Import-Clixml -LiteralPath $f } }
    ) {
        $file = Join-Path $TestDrive "entries.$Format"
        & $Write (Get-HaproxyMapEntry -Map $lab.PathsMap -Session serial) $file
        Reset-LabMap -Lab $lab $lab.PathsMap
        $records = @(& $Read $file | Add-HaproxyMapEntry -Verbose 4>&1)
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 1000
        @(Get-LabMapLines -Lab $lab $lab.PathsMap)[999] | Should -BeExactly '/s1000 webservers'
        # The CLI lines -Verbose shows are tagged with the session that sent them.
        $lines = @(Get-VerboseLines $records | Where-Object { $_ -like '`[*`] add map *' })
        $lines | Should -Not -BeNullOrEmpty
        $lines | ForEach-Object { $_ | Should -BeLike '`[serial`] add map *' }
    }

    It 'an explicit -Session takes read-back objects elsewhere; a closed session''s name is a binding error naming it' {
        $file = Join-Path $TestDrive 'one.xml'
        Get-HaproxyMapEntry -Map $lab.PathsMap -Key /s1 -Session serial | Export-Clixml -LiteralPath $file
        $records = @(Import-Clixml -LiteralPath $file | Remove-HaproxyMapEntry -Session other -Confirm:$false -Verbose 4>&1)
        @(Get-VerboseLines $records | Where-Object { $_ -like '`[*`] del map *' }) | Should -BeLike '`[other`] *'
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -Not -Contain '/s1 webservers'
        $gone = Connect-Haproxy $lab.AdminEndpoint -Name gone -NoDefault
        $entry = Get-HaproxyMapEntry -Map $lab.PathsMap -Key /s2 -Session gone
        Disconnect-Haproxy $gone -Confirm:$false
        $thrown = Get-ThrownError { $entry | Remove-HaproxyMapEntry -Confirm:$false -ErrorAction Stop }
        "$thrown" | Should -BeLike "*No open HAProxy session is named 'gone'*-Session*"
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -Contain '/s2 webservers'
    }

    It 'ForEach-Object -Parallel: objects read here reach their session from another runspace' {
        $entries = @(Get-HaproxyMapEntry -Map $lab.PathsMap -Session serial | Select-Object -First 4)
        $lines = @($entries | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:modulePath
                $_ | Remove-HaproxyMapEntry -Confirm:$false -ErrorAction Stop -Verbose 4>&1 | ForEach-Object Message | Where-Object { $_ -like '`[*`] del map *' }
            })
        $lines | Should -HaveCount 4
        $lines | ForEach-Object { $_ | Should -BeLike '`[serial`] del map *' }
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 996
    }
}

Describe 'a socket that is not HAProxy''s stats socket' {
    It 'a web server (the lab''s HTTP frontend) is said to be no stats socket, with what it answered' {
        $thrown = Get-ThrownError { Connect-Haproxy "127.0.0.1:$($lab.FrontendPort)" -Timeout 3s -ErrorAction Stop }
        "$thrown" | Should -BeLike "tcp://127.0.0.1:$($lab.FrontendPort) is not a HAProxy stats socket: it answered the handshake with 'HTTP/1.1 400*"
    }
}
