# Invoke-HaproxyCommand: the raw escape hatch. One command per string; anything that would run a second command or
# break the session's framing is refused before it is sent, which is checked against HAProxy's own state through the
# lab socket (independent of the module).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 3s
    $version = Invoke-LabSocket -Lab $lab -Command 'show version'

    function Assert-SessionStillUsable {
        <# Same connection as before (no reconnect, so nothing closed it), still in 'prompt i' framing, still admin
           level, still with numeric severities (an unknown backend is still reported as an error). #>
        param($ConnectedAt)
        Invoke-HaproxyCommand -Command 'show version' -ErrorAction Stop | Should -Be $version
        $session.Reconnects | Should -Be 0
        $session.ConnectedAt | Should -Be $ConnectedAt
        @(Invoke-HaproxyCommand -Command 'show map virt@paths.map' -ErrorAction Stop).Count | Should -Be 0   # admin-only
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command 'del backend nosuchbe' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Invoke-HaproxyCommand output' {
    It 'returns the version line for show version' {
        $out = @(Invoke-HaproxyCommand -Command 'show version')
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType [string]
        $out[0] | Should -Be $version
        $out[0] | Should -Match '^3\.4\.'
    }

    It 'runs an array of commands in order' {
        $out = @(Invoke-HaproxyCommand -Command 'echo first', 'show version', 'echo last')
        $out | Should -Be @('first', $version, 'last')
    }

    It 'runs piped strings in order' {
        $out = @('echo one', 'echo two', 'echo three' | Invoke-HaproxyCommand)
        $out | Should -Be @('one', 'two', 'three')
    }

    It 'binds -Command from a piped object''s Command property' {
        @([pscustomobject]@{ Command = 'echo by-property' } | Invoke-HaproxyCommand) | Should -Be @('by-property')
    }

    It 'returns the lines of show servers state webservers' {
        $out = @(Invoke-HaproxyCommand -Command 'show servers state webservers')
        $out.Count | Should -Be 3
        $out[0] | Should -Be '1'
        $out[1] | Should -BeLike '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state *'
        $row = @(ConvertFrom-LabServersState $out)
        $row[0].be_name | Should -Be 'webservers'
        $row[0].srv_name | Should -Be 'web1'
        $row[0].srv_addr | Should -Be '127.0.0.1'
        $row[0].srv_port | Should -Be "$($lab.DefaultAppPort)"
        # The same as HAProxy's own answer on another socket (but for the time since the last change, which moves).
        $reference = @((Invoke-LabSocket -Lab $lab -Command 'show servers state webservers') -split "`n")
        $reference.Count | Should -Be 3
        $out[1] | Should -Be $reference[1]
        Format-LabServerRow $row[0] -Exclude srv_time_since_last_change |
            Should -Be (Format-LabServerRow (ConvertFrom-LabServersState $reference) -Exclude srv_time_since_last_change)
    }

    It 'returns nothing for a successful command without output, and the change is made' {
        try {
            @(Invoke-HaproxyCommand -Command 'add map virt@paths.map /raw rawvalue').Count | Should -Be 0
            Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -Be @('/raw rawvalue')
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map' }
    }

    It 'sends escapes as written: ''\;'' stores a '';'' in the key' {
        try {
            @(Invoke-HaproxyCommand -Command 'add map virt@paths.map semi\;key v1').Count | Should -Be 0
            Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -Be @('semi;key v1')
            Invoke-LabSocket -Lab $lab -Command 'get map virt@paths.map semi\;key' | Should -BeLike '*found=yes*key="semi;key", value="v1"*'
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map' }
    }

    It 'shows the exact CLI line with -Verbose' {
        $verbose = @(Invoke-HaproxyCommand -Command 'echo verbose\ line' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "[$($session.Name)] echo verbose\ line"
    }
}

Describe 'Commands HAProxy refuses' {
    It 'reports an unknown command with HaproxyInvalidCommand' {
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command 'foo' -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*Unknown command: 'foo'*"
        $err.Exception.CommandLine | Should -Be 'foo'
    }

    It 'classifies <Command> as <ErrorId> / <Category>' -ForEach @(
        @{ Command = 'del backend nosuchbe'; ErrorId = 'HaproxyObjectNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'show servers state nosuchbe'; ErrorId = 'HaproxyObjectNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'disable server webservers/nosuch'; ErrorId = 'HaproxyObjectNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'add map virt@nosuch.map k v'; ErrorId = 'HaproxyObjectNotFound'; Category = 'ObjectNotFound' }
        @{ Command = 'add map virt@paths.map onlykey'; ErrorId = 'HaproxyInvalidCommand'; Category = 'InvalidArgument' }
        @{ Command = 'add backend webservers from mydefaults'; ErrorId = 'HaproxyObjectExists'; Category = 'ResourceExists' }
    ) {
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command $Command -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.CategoryInfo.Category | Should -Be $Category
        $err.Exception.Message | Should -BeLike "*'$Command'*"
    }

    It 'writes the failure as a non-terminating error: the next piped command still runs' {
        $ev = $null
        $out = @('echo before', 'del backend nosuchbe', 'echo after' | Invoke-HaproxyCommand -ErrorAction SilentlyContinue -ErrorVariable ev)
        $out | Should -Be @('before', 'after')
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'goes on with the next command of an array after one fails' {
        $ev = $null
        $out = @(Invoke-HaproxyCommand -Command 'echo before', 'del backend nosuchbe', 'echo after' -ErrorAction SilentlyContinue -ErrorVariable ev)
        $ev.Count | Should -Be 1
        $out | Should -Be @('before', 'after')
    }
}

Describe 'Refused before sending (the session''s framing and level are protected)' {
    BeforeAll {
        $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map'
        $connectedAt = $session.ConnectedAt
    }
    AfterEach { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map' }

    It 'refuses <Label> with InvalidHaproxyArgument; nothing reaches HAProxy' -ForEach @(
        @{ Label = 'an unescaped ";" between two writes'; Command = 'add map virt@paths.map k v;add map virt@paths.map k2 v2' }
        @{ Label = 'an unescaped ";" after a write'; Command = 'add map virt@paths.map k v;show version' }
        @{ Label = '"show version;show info"'; Command = 'show version;show info' }
        @{ Label = 'a trailing ";"'; Command = 'add map virt@paths.map k v;' }
        @{ Label = 'a line feed'; Command = "add map virt@paths.map k v`nadd map virt@paths.map k2 v2" }
        @{ Label = 'a carriage return'; Command = "add map virt@paths.map k v`r" }
        @{ Label = 'a NUL'; Command = "add map virt@paths.map k v`0add map virt@paths.map k2 v2" }
        @{ Label = 'a trailing " <<"'; Command = 'add map virt@paths.map <<' }
        @{ Label = 'a trailing " <<EOF"'; Command = 'add map virt@paths.map k <<EOF' }
        @{ Label = 'a trailing " -"'; Command = 'add map virt@paths.map k v -' }
        @{ Label = '"experimental-mode on -"'; Command = 'experimental-mode on -' }
        @{ Label = 'a trailing lone "\"'; Command = 'add map virt@paths.map k v\' }
        @{ Label = '"prompt"'; Command = 'prompt' }
        @{ Label = '"prompt p"'; Command = 'prompt p' }
        @{ Label = '"quit"'; Command = 'quit' }
        @{ Label = '"operator"'; Command = 'operator' }
        @{ Label = '"user"'; Command = 'user' }
        @{ Label = '"set severity-output none"'; Command = 'set severity-output none' }
        @{ Label = 'an empty command'; Command = '   ' }
    ) {
        $ev = $null
        $out = @(Invoke-HaproxyCommand -Command $Command -ErrorAction SilentlyContinue -ErrorVariable ev -Verbose 4>&1)
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        # -Verbose prints every CLI line sent: none was, and nothing else came out.
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message.StartsWith("[$($session.Name)] ") }).Count | Should -Be 0
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        # HAProxy's state: no map entry was added by any part of the line.
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -BeNullOrEmpty
        Assert-SessionStillUsable -ConnectedAt $connectedAt
    }

    It 'refuses the connection command <Command> in any letter case' -ForEach @(
        @{ Command = 'QUIT' }
        @{ Command = 'Prompt i' }
        @{ Command = 'Set Severity-Output string' }
    ) {
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command $Command -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Assert-SessionStillUsable -ConnectedAt $connectedAt
    }

    It 'explains the refusal of an unescaped '';''' {
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command 'show version;show info' -ErrorAction Stop }
        $err.Exception.Message | Should -BeLike "*unescaped ';'*"
    }

    It 'accepts an escaped trailing backslash (''\\'')' {
        @(Invoke-HaproxyCommand -Command 'echo a\\' -ErrorAction Stop) | Should -Be @('a\')
        Assert-SessionStillUsable -ConnectedAt $connectedAt
    }

    It 'refuses an odd run of trailing backslashes (''\\\'')' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $err = Get-ThrownError { Invoke-HaproxyCommand -Command 'add map virt@paths.map k v\\\' -ErrorAction Stop }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Assert-SessionStillUsable -ConnectedAt $connectedAt
    }
}

Describe '-WhatIf' {
    AfterAll { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map' }

    It 'sends no write command' {
        $verbose = @(Invoke-HaproxyCommand -Command 'add map virt@paths.map k v' -WhatIf -Verbose 4>&1 | ForEach-Object { $_ })
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message.StartsWith("[$($session.Name)] ") }).Count | Should -Be 0
        @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -BeNullOrEmpty
    }

    It 'still runs reads (show, get, echo, help are not gated)' {
        @(Invoke-HaproxyCommand -Command 'show version' -WhatIf) | Should -Be @($version)
        @(Invoke-HaproxyCommand -Command 'echo whatif' -WhatIf) | Should -Be @('whatif')
        (Invoke-HaproxyCommand -Command 'help' -WhatIf | Select-Object -First 1) | Should -Not -BeNullOrEmpty
    }

    It 'skips only the writes of a mixed array' {
        $out = @(Invoke-HaproxyCommand -Command 'echo a', 'add map virt@paths.map k v', 'echo b' -WhatIf)
        $out | Should -Be @('a', 'b')
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -BeNullOrEmpty
    }

    It 'sends the write without -WhatIf' {
        Invoke-HaproxyCommand -Command 'add map virt@paths.map k v'
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -Be @('k v')
    }
}
