# Safe removal in one command (Remove-HaproxyServer -Drain [-Timeout] [-Force], Remove-HaproxyBackend -Drain) against a
# real HAProxy 3.4 on loopback. Each step is checked in the order -Verbose reports the CLI lines, and the outcome
# through the lab's own socket. A connection that stays attached to a server is made deterministic with a TcpListener
# owned by the test (as in WaitRemovable.Tests.ps1): it accepts HAProxy's connection and never answers.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $prefix = "[$($session.Name)] "

    function Get-CliLines {
        <# The CLI lines -Verbose reported (without the "[session] " prefix), in order; ShouldProcess lines are left out. #>
        param($Records)
        @(Get-VerboseLines $Records | Where-Object { $_.StartsWith($prefix) } | ForEach-Object { $_.Substring($prefix.Length) })
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Remove-HaproxyServer -Drain' {
    Context 'servers without connections' {
        BeforeAll {
            $be = 'drainsrv'
            Add-HaproxyBackend -Name $be -From mydefaults
            foreach ($s in 'idle', 'wi', 'ready2') {
                Add-HaproxyServer -Backend $be -Name $s -Address 127.0.0.1 -Port $lab.DynamicAppPort
                Enable-HaproxyServer -Backend $be -Name $s
            }
            Add-HaproxyServer -Backend $be -Name inmaint -Address 127.0.0.1 -Port $lab.DynamicAppPort
            Add-HaproxyServer -Backend $be -Name piped1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
            Add-HaproxyServer -Backend $be -Name piped2 -Address 127.0.0.1 -Port $lab.DynamicAppPort
            Enable-HaproxyServer -Backend $be -Name piped1
        }

        AfterAll { Remove-LabBackend -Lab $lab $be -Route }

        It '-WhatIf shows every step of the plan and changes nothing' {
            $lines = Get-WhatIfLines { Remove-HaproxyServer -Backend $be -Name wi -Drain -Timeout 2s -WhatIf }
            $lines | Should -BeExactly @(
                "What if: Performing the operation `"Drain and remove server ('set server $be/wi state drain; set server $be/wi state maint; wait 2000ms srv-removable $be/wi; del server $be/wi')`" on target `"$be/wi`"."
            )
            $lines = Get-WhatIfLines { Remove-HaproxyServer -Backend $be -Name wi -Drain -Force -Timeout 2s -WhatIf }
            $lines | Should -BeExactly @(
                "What if: Performing the operation `"Drain and remove server ('set server $be/wi state drain; set server $be/wi state maint; shutdown sessions server $be/wi; wait 2000ms srv-removable $be/wi; del server $be/wi')`" on target `"$be/wi`"."
            )
            (Get-LabServerState -Lab $lab -Backend $be -Server wi).AdminState | Should -Be 0
        }

        It 'an idle Ready server is removed; -Verbose shows drain, maint, wait, del in that order' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Remove-HaproxyServer -Backend $be -Name idle -Drain -Timeout 2s -Confirm:$false -Verbose -ErrorVariable err 4>&1)
            $sw.Stop()
            $err | Should -HaveCount 0
            Get-CliLines $records | Should -Be @(
                "set server $be/idle state drain"
                "set server $be/idle state maint"
                "set timeout cli 12s;wait 2000ms srv-removable $be/idle"
                "del server $be/idle"
                # Then whether the backend's requests still have a server (the warning when none is left).
                "show stat $be -1 -1"
            )
            @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
            Get-LabServerState -Lab $lab -Backend $be -Server idle | Should -BeNullOrEmpty
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        }

        It 'a server already in maintenance is removed as well' {
            Remove-HaproxyServer -Backend $be -Name inmaint -Drain -Timeout 2s -Confirm:$false -ErrorVariable err
            $err | Should -HaveCount 0
            Get-LabServerState -Lab $lab -Backend $be -Server inmaint | Should -BeNullOrEmpty
        }

        It 'piped servers are each drained and removed' {
            Get-HaproxyServer -Backend $be -Name piped* | Remove-HaproxyServer -Drain -Timeout 2s -Confirm:$false -ErrorVariable err
            $err | Should -HaveCount 0
            Get-LabServerState -Lab $lab -Backend $be -Server piped1 | Should -BeNullOrEmpty
            Get-LabServerState -Lab $lab -Backend $be -Server piped2 | Should -BeNullOrEmpty
            Get-LabServerState -Lab $lab -Backend $be -Server ready2 | Should -Not -BeNullOrEmpty
        }

        It 'an unknown server fails at the first step (HaproxyObjectNotFound) and nothing else is sent' {
            $records = @(Remove-HaproxyServer -Backend $be -Name nosuch -Drain -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            $err[0].TargetObject | Should -BeExactly "$be/nosuch"
            Get-CliLines $records | Should -Be @("set server $be/nosuch state drain")
        }

        It 'a -Timeout over one day is InvalidHaproxyArgument and nothing is sent' {
            $records = @(Remove-HaproxyServer -Backend $be -Name ready2 -Drain -Timeout '2d' -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            Get-CliLines $records | Should -BeNullOrEmpty
            (Get-LabServerState -Lab $lab -Backend $be -Server ready2).AdminState | Should -Be 0
        }

        It 'without -Drain, -Timeout and -Force are refused (they would mean nothing), nothing sent' {
            $records = @(Remove-HaproxyServer -Backend $be -Name ready2 -Force -Timeout 2s -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            Get-CliLines $records | Should -BeNullOrEmpty
            (Get-LabServerState -Lab $lab -Backend $be -Server ready2).AdminState | Should -Be 0
        }

        It 'without -Drain, a Ready server is refused by HAProxy (HaproxyObjectNotRemovable), the error suggesting -Drain' {
            $records = @(Remove-HaproxyServer -Backend $be -Name ready2 -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeExactly 'Run Remove-HaproxyServer with -Drain.'
            Get-CliLines $records | Should -Be @("del server $be/ready2")
            (Get-LabServerState -Lab $lab -Backend $be -Server ready2).AdminState | Should -Be 0
        }
    }

    Context 'a server with a client connection attached' {
        BeforeAll {
            $held = New-HeldConnection -Lab $lab -Backend holdsrv -Server h1
        }

        AfterAll {
            Close-HeldConnection $held -RemoveBackend
        }

        It '-Timeout 2s: HaproxyWaitTimeout after about 2 s; the server stays, in maintenance, with its connection' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Remove-HaproxyServer -Backend holdsrv -Name h1 -Drain -Timeout 2s -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $sw.Stop()
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $err[0].TargetObject | Should -BeExactly 'holdsrv/h1'
            $err[0].Exception.Message | Should -BeLike '*Wait delay expired*'
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            Get-CliLines $records | Should -Be @(
                'set server holdsrv/h1 state drain'
                'set server holdsrv/h1 state maint'
                'set timeout cli 12s;wait 2000ms srv-removable holdsrv/h1'
            )
            (Get-LabServerState -Lab $lab -Backend holdsrv -Server h1).AdminState | Should -Be 1
            Get-LabServerCurrentSessions -Lab $lab holdsrv h1 | Should -Be 1
            Test-SocketClosed -Client $held.Client -TimeoutMs 200 | Should -BeFalse
            $server = Get-HaproxyServer -Backend holdsrv -Name h1
            $server.AdminState | Should -Be 'Maint'
            $server.Status | Should -BeExactly 'MAINT'
            $server.CurrentSessions | Should -Be 1
        }

        It '-Force closes the held connection and removes the server, without waiting for -Timeout' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Remove-HaproxyServer -Backend holdsrv -Name h1 -Drain -Force -Timeout 5s -Confirm:$false -Verbose -ErrorVariable err 4>&1)
            $sw.Stop()
            $err | Should -HaveCount 0
            Get-CliLines $records | Should -Be @(
                'set server holdsrv/h1 state drain'
                'set server holdsrv/h1 state maint'
                'shutdown sessions server holdsrv/h1'
                'set timeout cli 15s;wait 5000ms srv-removable holdsrv/h1'
                'del server holdsrv/h1'
                'show stat holdsrv -1 -1'
            )
            Test-SocketClosed -Client $held.Client | Should -BeTrue
            Test-SocketClosed -Client $held.Accepted | Should -BeTrue
            Get-LabServerState -Lab $lab -Backend holdsrv -Server h1 | Should -BeNullOrEmpty
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 4
        }
    }
}

Describe 'Remove-HaproxyBackend -Drain' {
    Context 'a published backend with three servers and a route' {
        BeforeAll {
            $be = 'drainbe'
            Add-HaproxyBackend -Name $be -From mydefaults
            foreach ($s in 's1', 's2', 's3') { Add-HaproxyServer -Backend $be -Name $s -Address 127.0.0.1 -Port $lab.DynamicAppPort }
            Enable-HaproxyServer -Backend $be -Name s1
            Enable-HaproxyServer -Backend $be -Name s2          # s3 stays in maintenance
            Publish-HaproxyBackend -Name $be
            Add-HaproxyMapEntry -Map virt@paths.map -Key "/$be" -Value $be
            $order = Get-LabServerNames -Lab $lab $be
            $steps = @('unpublish backend drainbe') + @(foreach ($s in $order) {
                    "set server drainbe/$s state drain"; "set server drainbe/$s state maint"; "wait 2000ms srv-removable drainbe/$s"; "del server drainbe/$s"
                }) + @('wait 2000ms be-removable drainbe', 'del backend drainbe')
        }

        AfterAll {
            Remove-LabBackend -Lab $lab $be -Route
        }

        It 'routes /drainbe to the backend (precondition)' {
            $order | Sort-Object | Should -Be @('s1', 's2', 's3')
            Get-LabBackendStatus -Lab $lab $be | Should -BeExactly 'UP'
            Invoke-LabRequest -Lab $lab -Path "/$be" | Should -BeExactly 'served by mybackend1'
        }

        It '-WhatIf shows all 15 steps and changes nothing' {
            $lines = Get-WhatIfLines { Remove-HaproxyBackend -Name $be -Drain -Timeout 2s -WhatIf }
            $lines | Should -BeExactly @(
                "What if: Performing the operation `"Drain and remove backend with its 3 server(s) (15 steps: $($steps -join '; '))`" on target `"$be`"."
            )
            Get-LabBackendStatus -Lab $lab $be | Should -BeExactly 'UP'
            Get-LabServerNames -Lab $lab $be | Should -Be $order
            (Get-LabServerState -Lab $lab -Backend $be -Server s1).AdminState | Should -Be 0
            Invoke-LabRequest -Lab $lab -Path "/$be" | Should -BeExactly 'served by mybackend1'
        }

        It 'removes the servers and the backend; -Verbose shows every step in order' {
            $records = @(Remove-HaproxyBackend -Name $be -Drain -Timeout 2s -Confirm:$false -Verbose -ErrorVariable err 4>&1)
            $err | Should -HaveCount 0
            # First the read-only probe that refuses configuration backends, then the listing, then the plan.
            $expected = @("set timeout cli 11s;wait 1ms be-removable $be", "show servers state $be") + @($steps | ForEach-Object {
                    if ($_ -like 'wait *') { "set timeout cli 12s;$_" }
                    elseif ($_ -like 'del backend *') { "experimental-mode on;$_;experimental-mode off" }
                    else { $_ }
                })
            Get-CliLines $records | Should -Be $expected
            Get-LabBackendStatus -Lab $lab $be | Should -BeNullOrEmpty
            Get-LabBackendNames -Lab $lab | Should -Not -Contain $be
            # The map entry is left alone: it now names a backend that does not exist, so the default backend answers.
            Invoke-LabRequest -Lab $lab -Path "/$be" | Should -BeExactly 'served by webservers'
        }
    }

    Context 'a backend with a client connection attached to one of its servers' {
        BeforeAll {
            $held = New-HeldConnection -Lab $lab -Backend holdbe -Server h1
            Add-HaproxyServer -Backend holdbe -Name x1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
            Add-HaproxyServer -Backend holdbe -Name x2 -Address 127.0.0.1 -Port $lab.DynamicAppPort
            $order = Get-LabServerNames -Lab $lab holdbe
        }

        AfterAll {
            Close-HeldConnection $held -RemoveBackend
        }

        It 'without -Force: HaproxyWaitTimeout at the held server; the backend is left unpublished with that server in maintenance' {
            # Servers are removed in 'show servers state' order; those before the held one are already gone.
            $before = @($order[0..([array]::IndexOf($order, 'h1'))])
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Remove-HaproxyBackend -Name holdbe -Drain -Timeout 2s -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $sw.Stop()
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            # Reported against the backend the user asked to remove, naming the step that stopped it.
            $err[0].TargetObject | Should -BeExactly 'holdbe'
            $err[0].Exception.Message | Should -BeLike "The removal stopped at step * of *, 'wait 2000ms srv-removable holdbe/h1' (steps 1-* were applied): Wait delay expired*"
            $err[0].Exception.Message | Should -Not -BeLike '*set timeout cli*'
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
            Get-LabBackendStatus -Lab $lab holdbe | Should -BeLike '*(UNPUB)*'
            Get-LabServerNames -Lab $lab holdbe | Should -Be @($order | Where-Object { $before -notcontains $_ -or $_ -eq 'h1' })
            (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
            Get-LabServerCurrentSessions -Lab $lab holdbe h1 | Should -Be 1
        }

        It 'with -Force: the held connection is closed and everything is removed' {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $records = @(Remove-HaproxyBackend -Name holdbe -Drain -Force -Timeout 5s -Confirm:$false -Verbose -ErrorVariable err 4>&1)
            $sw.Stop()
            $err | Should -HaveCount 0
            Get-CliLines $records | Should -Contain 'shutdown sessions server holdbe/h1'
            Test-SocketClosed -Client $held.Client | Should -BeTrue
            Get-LabBackendStatus -Lab $lab holdbe | Should -BeNullOrEmpty
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 4
        }
    }

    Context 'refusals' {
        It 'an unknown backend is HaproxyObjectNotFound and nothing is changed' {
            $records = @(Remove-HaproxyBackend -Name nosuch -Drain -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            # The probe, then the read of the existing backends for "Did you mean": nothing that changes anything.
            Get-CliLines $records | Should -Be @('set timeout cli 11s;wait 1ms be-removable nosuch', 'show stat')
        }

        It 'a configuration backend a frontend points at is refused before anything is changed' {
                    # (myfrontend1's default_backend) it unpublishes the backend, drains, puts in maintenance and DELETES the
            # configuration server web1, and only then fails at 'wait be-removable' ("This proxy cannot be removed at
            # runtime due to other configuration elements pointing to it"): every request then gets a 503. Without
            # -Drain, 'del backend webservers' is refused with nothing changed. Expected: the same refusal, up front.
            Remove-HaproxyBackend -Name webservers -Drain -Timeout 1s -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            Get-LabBackendStatus -Lab $lab webservers | Should -BeExactly 'UP'
            (Get-LabServerState -Lab $lab -Backend webservers -Server web1).AdminState | Should -Be 0
            Invoke-LabRequest -Lab $lab -Path '/' | Should -BeExactly 'served by webservers'
        }
    }
}
