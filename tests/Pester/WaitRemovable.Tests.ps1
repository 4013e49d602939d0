# Wait-HaproxyRemovable ('wait <t> srv-removable' / 'be-removable') against a real HAProxy 3.4 on loopback.
# An attached connection is made deterministic with a TcpListener owned by the test: it accepts HAProxy's server
# connection and never answers, so the stream stays attached to the server until the test closes it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Wait-HaproxyRemovable' {
    BeforeAll {
        $lab = Start-HaproxyLab
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    }

    AfterAll {
        if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    Context 'a server' {
        BeforeAll {
            $be = 'waitsrv'
            Add-HaproxyBackend -Name $be -From mydefaults
            Add-HaproxyServer -Backend $be -Name idle -Address 127.0.0.1 -Port $lab.DynamicAppPort     # stays in maint
            Add-HaproxyServer -Backend $be -Name busy -Address 127.0.0.1 -Port $lab.DynamicAppPort
            Enable-HaproxyServer -Backend $be -Name busy                                              # Ready
        }

        It 'in maintenance with no connection: returns at once, writes nothing without -PassThru' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Wait-HaproxyRemovable -Backend $be -Server idle -Timeout 5s 2>&1)
            $sw.Stop()
            $records | Should -HaveCount 0
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 1.5
            (Get-LabServerState -Lab $lab -Backend $be -Server idle).AdminState | Should -Be 1
        }

        It '-PassThru returns the HaproxyServer' {
            $server = @(Wait-HaproxyRemovable -Backend $be -Server idle -Timeout 5s -PassThru)
            $server | Should -HaveCount 1
            $server[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyServer'
            $server[0].Backend | Should -BeExactly $be
            $server[0].Name | Should -BeExactly 'idle'
            $server[0].AdminState | Should -Be 'Maint'
            $server[0].Session | Should -Be $session.Name
        }

        It 'takes a piped HaproxyServer and passes it on' {
            $server = @(Get-HaproxyServer -Backend $be -Name idle | Wait-HaproxyRemovable -Timeout 2s -PassThru)
            $server | Should -HaveCount 1
            $server[0].FullName | Should -BeExactly "$be/idle"
        }

        It 'takes -Name as an alias of -Server and positional backend/server/timeout' {
            Wait-HaproxyRemovable -Backend $be -Name idle -Timeout 1s -ErrorVariable err
            $err | Should -HaveCount 0
            Wait-HaproxyRemovable $be idle 1 -ErrorVariable err
            $err | Should -HaveCount 0
        }

        It 'not in maintenance: fails at once (well under -Timeout) with HaproxyObjectNotRemovable' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = Wait-HaproxyRemovable -Backend $be -Server busy -Timeout 8s -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
            $sw.Stop()
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].TargetObject | Should -BeExactly "$be/busy"
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            (Get-LabServerState -Lab $lab -Backend $be -Server busy).AdminState | Should -Be 0
        }

        It 'an unknown <What> is HaproxyObjectNotFound' -ForEach @(
            @{ What = 'server'; B = 'waitsrv'; S = 'nosuch' }
            @{ What = 'backend (with a server name)'; B = 'nosuchbackend'; S = 'idle' }
            @{ What = 'backend'; B = 'nosuchbackend'; S = $null }
        ) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            if ($S) { Wait-HaproxyRemovable -Backend $B -Server $S -Timeout 5s -ErrorVariable err -ErrorAction SilentlyContinue }
            else { Wait-HaproxyRemovable -Backend $B -Timeout 5s -ErrorVariable err -ErrorAction SilentlyContinue }
            $sw.Stop()
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        }

        It 'refuses an invalid server name with InvalidHaproxyArgument' {
            Wait-HaproxyRemovable -Backend $be -Server 'idle;show version' -Timeout 1s -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        }

        It '-Timeout <Label> is sent as wait <Wire>, with the CLI timeout raised above it' -ForEach @(
            @{ Label = '2s (unquoted)'; Value = 2s; Wire = '2000ms'; Cli = '12s' }
            @{ Label = "'1500ms'"; Value = '1500ms'; Wire = '1500ms'; Cli = '12s' }
            @{ Label = '[timespan] 1.2 s'; Value = [timespan]::FromMilliseconds(1200); Wire = '1200ms'; Cli = '12s' }
            @{ Label = "'2s' (string)"; Value = '2s'; Wire = '2000ms'; Cli = '12s' }
        ) {
            $records = @(Wait-HaproxyRemovable -Backend $be -Server idle -Timeout $Value -Verbose 4>&1)
            @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 0
            Get-VerboseLines $records | Should -Contain "[$($session.Name)] set timeout cli $Cli;wait $Wire srv-removable $be/idle"
        }

        It 'refuses a -Timeout that is not a duration' {
            { Wait-HaproxyRemovable -Backend $be -Server idle -Timeout 'soon' } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,HaproxyRuntime.PowerShell.Commands.WaitHaproxyRemovableCommand'
        }

        AfterAll {
            $null = Invoke-LabSocket -Lab $lab -Command "set server $be/busy state maint"
            $null = Invoke-LabSocket -Lab $lab -Command "del server $be/busy"
            $null = Invoke-LabSocket -Lab $lab -Command "del server $be/idle"
            $null = Invoke-LabSocket -Lab $lab -Command "del backend $be"
        }
    }

    Context 'a server in maintenance that still has a client connection attached' {
        BeforeAll {
            $held = New-HeldConnection -Lab $lab -Backend holdbe -Server h1
            Set-HaproxyServerState -Backend holdbe -Name h1 -State Maint
        }

        It 'has a stream attached and is in forced maintenance (precondition, seen through the lab socket)' {
            Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 1
            (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
        }

        It 'times out after -Timeout with HaproxyWaitTimeout (OperationTimeout); the server stays, in maintenance' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 2s -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
            $sw.Stop()
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
            Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 1
        }

        It 'waits the whole -Timeout, fails with HAProxy''s "Wait delay expired", and leaves the server in maintenance' {
            # The message and timing side of the expired wait (the test above checks its ErrorId and category).
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 2s -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
            $sw.Stop()
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].Exception.Message | Should -BeLike '*Wait delay expired. Server still has connections attached to it*'
            $err[0].FullyQualifiedErrorId | Should -Not -BeLike 'HaproxyConnectionFailed,*'
            $err[0].FullyQualifiedErrorId | Should -Not -BeLike 'HaproxyTimeout,*'
            $err[0].TargetObject | Should -BeExactly 'holdbe/h1'
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
            Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 1
            # The session survived the long command: the next request on it works.
            (Get-HaproxyServer -Backend holdbe -Name h1).AdminState | Should -Be 'Maint'
        }

        It 'once the client connection is closed, the wait succeeds and the server can be removed' {
            Close-HeldConnection $held
            $server = Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 5s -PassThru
            $server.FullName | Should -BeExactly 'holdbe/h1'
            Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 0
            Remove-HaproxyServer -Backend holdbe -Name h1 -Confirm:$false
            Get-LabServerState -Lab $lab -Backend holdbe -Server h1 | Should -BeNullOrEmpty
        }

        AfterAll { Close-HeldConnection $held -RemoveBackend }
    }

    Context 'a backend' {
        BeforeAll {
            Add-HaproxyBackend -Name waitbe-empty -From mydefaults
            Add-HaproxyBackend -Name waitbe-full -From mydefaults
            Add-HaproxyServer -Backend waitbe-full -Name s1 -Address 172.16.0.12 -Port 8080
            Add-HaproxyBackend -Name waitbe-pub -From mydefaults
            Publish-HaproxyBackend -Name waitbe-pub
            Add-HaproxyBackend -Name waitbe-pipe -From mydefaults
        }

        It 'an unpublished backend without servers is removable at once' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Wait-HaproxyRemovable -Backend waitbe-empty -Timeout 5s 2>&1)
            $sw.Stop()
            $records | Should -HaveCount 0
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        }

        It '-PassThru returns the HaproxyBackend' {
            $backend = @(Wait-HaproxyRemovable -Backend waitbe-empty -Timeout 2s -PassThru)
            $backend | Should -HaveCount 1
            $backend[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyBackend'
            $backend[0].Name | Should -BeExactly 'waitbe-empty'
            $backend[0].Published | Should -BeFalse
        }

        It 'a backend that still has a server fails at once with HaproxyObjectNotRemovable' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Wait-HaproxyRemovable -Backend waitbe-full -Timeout 8s -ErrorVariable err -ErrorAction SilentlyContinue
            $sw.Stop()
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].Exception.Message | Should -BeLike '*Only a backend without server can be deleted*'
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        }

        It 'a published backend fails at once with HaproxyObjectNotRemovable' {
            Wait-HaproxyRemovable -Backend waitbe-pub -Timeout 8s -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].Exception.Message | Should -BeLike '*must be unpublished*'
        }

        It 'a configuration backend a frontend points at (webservers) is HaproxyObjectNotRemovable' {
            Wait-HaproxyRemovable -Backend webservers -Timeout 2s -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }

        It '-InputObject takes a HaproxyBackend' {
            $backend = Get-HaproxyBackend -Name waitbe-pipe
            $out = @(Wait-HaproxyRemovable -InputObject $backend -Timeout 2s -PassThru -ErrorVariable err)
            $err | Should -HaveCount 0
            $out | Should -HaveCount 1
            $out[0].Name | Should -BeExactly 'waitbe-pipe'
        }

        It 'a piped HaproxyBackend (Get-HaproxyBackend | Wait-HaproxyRemovable) is waited for' {
            $out = @(Get-HaproxyBackend -Name waitbe-pipe | Wait-HaproxyRemovable -Timeout 2s -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            $err | Should -HaveCount 0
            $out | Should -HaveCount 1
            $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyBackend'
            $out[0].Name | Should -BeExactly 'waitbe-pipe'
        }

        It 'the backends can then be removed (unpublish, wait, remove)' {
            Remove-HaproxyServer -Backend waitbe-full -Name s1 -Confirm:$false
            Unpublish-HaproxyBackend -Name waitbe-pub
            foreach ($name in 'waitbe-empty', 'waitbe-full', 'waitbe-pub', 'waitbe-pipe') {
                Wait-HaproxyRemovable -Backend $name -Timeout 2s
                Remove-HaproxyBackend -Name $name -Confirm:$false
            }
            $names = Get-LabBackendNames -Lab $lab
            foreach ($name in 'waitbe-empty', 'waitbe-full', 'waitbe-pub', 'waitbe-pipe') { $names | Should -Not -Contain $name }
        }
    }
}

Describe 'Wait-HaproxyRemovable longer than the CLI idle timeout' {
    BeforeAll {
        # A later 'stats timeout' line overrides the lab's own 30 s: idle CLI connections (and waits) end after 2 s.
        $lab = Start-HaproxyLab -ExtraGlobal '    stats timeout 2s'
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
        $held = New-HeldConnection -Lab $lab -Backend slowbe -Server s1
        Set-HaproxyServerState -Backend slowbe -Name s1 -State Maint
    }

    AfterAll {
        Close-HeldConnection $held -RemoveBackend
        if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'control: without raising the CLI timeout, HAProxy interrupts a 3 s wait after 2 s' {
        # A raw interactive connection, not the module: proves the 2 s 'stats timeout' is in force.
        $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
        try {
            $socket.ReceiveTimeout = 8000
            $socket.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($lab.AdminSocket))
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = $socket.Send([System.Text.Encoding]::ASCII.GetBytes("prompt i`nwait 3000ms srv-removable slowbe/s1`n"))
            $buffer = [byte[]]::new(4096); $text = ''
            while (($n = $socket.Receive($buffer)) -gt 0) { $text += [System.Text.Encoding]::ASCII.GetString($buffer, 0, $n) }
            $sw.Stop()
        }
        finally { $socket.Dispose() }
        $text | Should -BeLike '*Interrupted*'
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.8
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2.9
    }

    It 'a 3 s wait ends with HaproxyWaitTimeout after 3 s, not with a connection error' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Wait-HaproxyRemovable -Backend slowbe -Server s1 -Timeout 3s -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Stop()
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 6
    }

    It 'a 3 s wait runs its full 3 s and gets HAProxy''s "Wait delay expired", not "Interrupted" or a connection error' {
        Start-Sleep -Milliseconds 2500   # let HAProxy close the session's idle connection: the wait must reopen it
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $records = @(Wait-HaproxyRemovable -Backend slowbe -Server s1 -Timeout 3s -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $sw.Stop()
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set timeout cli 13s;wait 3000ms srv-removable slowbe/s1"
        $err | Should -HaveCount 1
        $err[0].Exception.Message | Should -BeLike '*Wait delay expired*'
        $err[0].Exception.Message | Should -Not -BeLike '*Interrupted*'
        $err[0].FullyQualifiedErrorId | Should -Not -BeLike 'HaproxyConnectionFailed,*'
        $err[0].FullyQualifiedErrorId | Should -Not -BeLike 'HaproxyProtocolError,*'
        $err[0].FullyQualifiedErrorId | Should -Not -BeLike 'HaproxyTimeout,*'
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 6
        (Get-LabServerState -Lab $lab -Backend slowbe -Server s1).AdminState | Should -Be 1
        Get-LabServerCurrentSessions -Lab $lab -Backend slowbe -Server s1 | Should -Be 1
        (Get-HaproxyServer -Backend slowbe -Name s1).AdminState | Should -Be 'Maint'
    }
}
