# The pieces of the safe forward and back-out orders (issue "Zero failed requests"), against a real HAProxy 3.4:
# init-state, waiting for a healthy server, publishing only then, the warning on the step that fails requests, the
# back-out that also removes the backend's routes, and the drain period. Traffic itself is in ZeroFailures.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'safe orders' {
    BeforeAll {
        $lab = Start-HaproxyLab
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
        $app = $lab.DynamicAppPort
        # Health checks every 100 ms: a check result comes quickly.
        $fast = 'inter', '100ms'
        function New-CheckedServer([string] $Backend, [string] $Name, [int] $CheckPort, $InitState = 'Down') {
            Add-HaproxyServer -Backend $Backend -Name $Name -Address 127.0.0.1 -Port $app -Check -CheckPort $CheckPort -InitState $InitState -Option $fast
            Enable-HaproxyServer -Backend $Backend -Name $Name
            Enable-HaproxyHealthCheck -Backend $Backend -Name $Name
        }
    }

    AfterAll {
        if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    Context 'Add-HaproxyServer -InitState' {
        BeforeAll { Add-HaproxyBackend -Name initbe -From mydefaults }
        AfterAll { Remove-HaproxyBackend -Name initbe -Drain -Timeout 2s -Force -Confirm:$false }

        It 'Down: enabled, yet out of service until a check passes (no check can pass on a closed port)' {
            New-CheckedServer initbe closed (Get-FreeTcpPort)
            Start-Sleep -Milliseconds 500   # several checks have run
            $state = Get-LabServerState -Lab $lab -Backend initbe -Server closed
            $state.AdminState | Should -Be 0
            $state.OpState | Should -Be 0
            (Get-LabStat -Lab $lab initbe closed).status | Should -BeLike 'DOWN*'
        }

        It 'Up (the default) is in service before its first check' {
            Add-HaproxyServer -Backend initbe -Name upfirst -Address 127.0.0.1 -Port $app -Check -CheckPort (Get-FreeTcpPort) -InitState Up
            Enable-HaproxyServer -Backend initbe -Name upfirst
            # Its health check is not enabled: it stays as init-state put it.
            (Get-LabServerState -Lab $lab -Backend initbe -Server upfirst).OpState | Should -Be 2
        }

        It 'is sent as init-state (FullyDown -> fully-down)' {
            $records = @(Add-HaproxyServer -Backend initbe -Name fd -Address 127.0.0.1 -Port $app -Check -InitState FullyDown -Verbose 4>&1)
            Get-VerboseLines $records | Should -Contain "[$($session.Name)] add server initbe/fd 127.0.0.1:$app check init-state fully-down"
        }
    }

    Context 'Wait-HaproxyServer' {
        BeforeAll { Add-HaproxyBackend -Name waitbe -From mydefaults }
        AfterAll { Remove-HaproxyBackend -Name waitbe -Drain -Timeout 2s -Force -Confirm:$false }

        It 'returns once the server has passed its check; -PassThru writes it, running' {
            New-CheckedServer waitbe ok $app
            $out = Wait-HaproxyServer -Backend waitbe -Name ok -Timeout 5s -PassThru
            $out.FullName | Should -BeExactly 'waitbe/ok'
            $out.OperationalState | Should -Be 'Running'
            (Get-LabStat -Lab $lab waitbe ok).check_status | Should -BeLike '*L4OK'
        }

        It 'times out with HaproxyWaitTimeout saying the status and the check result' {
            New-CheckedServer waitbe bad (Get-FreeTcpPort)
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $thrown = Get-ThrownError { Wait-HaproxyServer -Backend waitbe -Name bad -Timeout 1s -ErrorAction Stop }
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
            $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            $thrown.CategoryInfo.Category | Should -Be 'OperationTimeout'
            "$thrown" | Should -BeLike "Server 'waitbe/bad' is not healthy after 1000ms: DOWN*, check L4CON*"
        }

        It 'a server in maintenance is not healthy, even with a passing check' {
            New-CheckedServer waitbe maint $app -InitState Up
            Set-HaproxyServerState -Backend waitbe -Name maint -State Maint
            $thrown = Get-ThrownError { Wait-HaproxyServer -Backend waitbe -Name maint -Timeout 300ms -ErrorAction Stop }
            "$thrown" | Should -BeLike "*: MAINT*"
        }

        It 'a missing server is HaproxyObjectNotFound at once' {
            $thrown = Get-ThrownError { Wait-HaproxyServer -Backend waitbe -Name nosuch -Timeout 5s -ErrorAction Stop }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        }

        It 'takes piped servers, and -Verbose shows the poll and its CLI line' {
            $records = @(Get-HaproxyServer -Backend waitbe -Name ok | Wait-HaproxyServer -Timeout 2s -Verbose 4>&1)
            $verbose = Get-VerboseLines $records
            $verbose | Should -Contain "[$($session.Name)] Polling waitbe/ok with 'show stat' for up to 2000ms until it is in service and has passed its health check."
            $verbose | Should -Contain "[$($session.Name)] show stat waitbe 4 -1"
        }
    }

    Context 'Publish-HaproxyBackend -WaitHealthy' {
        It 'publishes once a server has passed its check' {
            Add-HaproxyBackend -Name pubok -From mydefaults
            New-CheckedServer pubok s1 $app
            (Publish-HaproxyBackend -Name pubok -WaitHealthy -Timeout 5s -PassThru).Published | Should -BeTrue
            Test-LabPublished -Lab $lab pubok | Should -BeTrue
            (Get-LabStat -Lab $lab pubok s1).status | Should -BeExactly 'UP'
            Remove-HaproxyBackend -Name pubok -Drain -Timeout 2s -Confirm:$false
        }

        It 'publishes nothing when no server becomes healthy: HaproxyWaitTimeout names each server' {
            Add-HaproxyBackend -Name pubbad -From mydefaults
            New-CheckedServer pubbad s1 (Get-FreeTcpPort)
            Add-HaproxyServer -Backend pubbad -Name s2 -Address 127.0.0.1 -Port $app
            $thrown = Get-ThrownError { Publish-HaproxyBackend -Name pubbad -WaitHealthy -Timeout 1s -ErrorAction Stop }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            "$thrown" | Should -BeLike "Backend 'pubbad' has no healthy server after 1000ms (*)."
            "$thrown" | Should -BeLike "*s1: DOWN, check L4CON (*)*"
            "$thrown" | Should -BeLike "*s2: MAINT*"
            Test-LabPublished -Lab $lab pubbad | Should -BeFalse
            Remove-HaproxyBackend -Name pubbad -Drain -Timeout 2s -Force -Confirm:$false
        }

        It '-WhatIf neither waits nor publishes' {
            Add-HaproxyBackend -Name pubwhatif -From mydefaults
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Publish-HaproxyBackend -Name pubwhatif -WaitHealthy -Timeout 5s -WhatIf
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            Test-LabPublished -Lab $lab pubwhatif | Should -BeFalse
            Remove-HaproxyBackend -Name pubwhatif -Confirm:$false
        }
    }

    Context 'the warning on the step that fails requests' {
        BeforeEach {
            Add-HaproxyBackend -Name warnbe -From mydefaults
            foreach ($s in 'w1', 'w2') {
                Add-HaproxyServer -Backend warnbe -Name $s -Address 127.0.0.1 -Port $app
                Enable-HaproxyServer -Backend warnbe -Name $s
            }
            Publish-HaproxyBackend -Name warnbe
        }
        AfterEach { Remove-HaproxyBackend -Name warnbe -Drain -Timeout 2s -Force -Confirm:$false -WarningAction SilentlyContinue }

        It '<Name>: no warning while another server is in service; a warning when the last one goes, the change made' -ForEach @(
            @{ Name = 'Set-HaproxyServerState -State Maint'; Change = { param($s) Set-HaproxyServerState -Backend warnbe -Name $s -State Maint } }
            @{ Name = 'Set-HaproxyServerState -State Drain'; Change = { param($s) Set-HaproxyServerState -Backend warnbe -Name $s -State Drain } }
            @{ Name = 'Disable-HaproxyServer'; Change = { param($s) Disable-HaproxyServer -Backend warnbe -Name $s } }
            @{ Name = 'Set-HaproxyServer -Weight 0'; Change = { param($s) Set-HaproxyServer -Backend warnbe -Name $s -Weight 0 } }
            @{ Name = 'Set-HaproxyServer -Health Down'; Change = { param($s) Set-HaproxyServer -Backend warnbe -Name $s -Health Down } }
        ) {
            $first = @(& $Change w1 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            $first | Should -BeNullOrEmpty
            $last = @(& $Change w2 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            $last | Should -HaveCount 1
            "$($last[0])" | Should -BeLike "Backend 'warnbe' is still published and has no server in service: requests routed to it fail (503) until it is unpublished*Unpublish-HaproxyBackend*Remove-HaproxyBackend -Drain*"
            (Get-LabStat -Lab $lab warnbe w2).status | Should -Not -BeLike 'UP*'
        }

        It 'none for a backend that is not published' {
            Unpublish-HaproxyBackend -Name warnbe
            Get-HaproxyServer -Backend warnbe | Set-HaproxyServerState -State Maint -WarningVariable w 3>$null
            $w | Should -BeNullOrEmpty
        }

        It 'once per backend for piped servers; -WarningAction Stop stops, the change is made' {
            Set-HaproxyServerState -Backend warnbe -Name w1 -State Ready
            $thrown = Get-ThrownError { Get-HaproxyServer -Backend warnbe | Set-HaproxyServerState -State Maint -WarningAction Stop }
            "$thrown" | Should -BeLike "*Backend 'warnbe' is still published and has no server in service*"
            (Get-LabServerState -Lab $lab -Backend warnbe -Server w1).AdminState | Should -Be 1
            (Get-LabServerState -Lab $lab -Backend warnbe -Server w2).AdminState | Should -Be 1
            Set-HaproxyServerState -Backend warnbe -Name w1 -State Ready
            $warnings = @(Get-HaproxyServer -Backend warnbe | Set-HaproxyServerState -State Maint 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            $warnings | Should -HaveCount 1
        }

        It 'servers of many backends piped at once: one read of the backend rows at the end, one warning per backend left without service' {
            $names = 'manybe1', 'manybe2', 'manybe3', 'manybe4', 'manybe5'
            foreach ($b in $names) {
                Add-HaproxyBackend -Name $b -From mydefaults
                Add-HaproxyServer -Backend $b -Name m1 -Address 127.0.0.1 -Port $app
                Enable-HaproxyServer -Backend $b -Name m1
                Publish-HaproxyBackend -Name $b
            }
            try {
                $records = @($names | ForEach-Object { [pscustomobject]@{ Backend = $_; Name = 'm1' } } |
                        Set-HaproxyServerState -State Maint -Verbose 3>&1 4>&1)
                $warnings = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
                @($warnings | ForEach-Object { ("$_" -split "'")[1] } | Sort-Object) | Should -Be $names
                # More backends than are read one by one: one 'show stat' of every backend's row instead.
                @(Get-VerboseLines $records | Where-Object { $_ -like '`[*`] show stat*' }) | Should -Be @("[$($session.Name)] show stat -1 2 -1")
                foreach ($b in $names) { (Get-LabServerState -Lab $lab -Backend $b -Server m1).AdminState | Should -Be 1 }
            }
            finally { foreach ($b in $names) { Remove-HaproxyBackend -Name $b -Drain -Timeout 2s -Force -Confirm:$false -WarningAction SilentlyContinue } }
        }

        It 'Remove-HaproxyServer -Drain of the last server in service warns too' {
            Set-HaproxyServerState -Backend warnbe -Name w1 -State Maint
            Remove-HaproxyServer -Backend warnbe -Name w2 -Drain -Timeout 2s -Confirm:$false -WarningVariable w 3>$null
            $w | Should -HaveCount 1
            Get-LabServerState -Lab $lab -Backend warnbe -Server w2 | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-HaproxyBackend -Drain -Map' {
        It "removes the map entries that route to the backend, after unpublishing it, and keeps the others" {
            Add-HaproxyBackend -Name mapbe -From mydefaults
            Add-HaproxyServer -Backend mapbe -Name s1 -Address 127.0.0.1 -Port $app
            Enable-HaproxyServer -Backend mapbe -Name s1
            Publish-HaproxyBackend -Name mapbe
            Add-HaproxyMapEntry -Map virt@paths.map -Key /m1 -Value mapbe
            Add-HaproxyMapEntry -Map virt@paths.map -Key /m2 -Value mapbe
            Add-HaproxyMapEntry -Map virt@paths.map -Key /keep -Value webservers
            Invoke-LabRequest -Lab $lab -Path /m1 | Should -BeExactly 'served by mybackend1'
            $records = @(Remove-HaproxyBackend -Name mapbe -Drain -Map virt@paths.map -Timeout 2s -Confirm:$false -Verbose 4>&1)
            Get-LabBackendNames -Lab $lab | Should -Not -Contain mapbe
            @(Get-LabMapLines -Lab $lab virt@paths.map) | Should -Be @('/keep webservers')
            $lines = @(Get-VerboseLines $records | ForEach-Object { $_ -replace '^\[[^\]]+\] ', '' })
            $unpublish = [array]::IndexOf($lines, 'unpublish backend mapbe')
            $firstDel = @(0..($lines.Count - 1) | Where-Object { $lines[$_] -like 'del map virt@paths.map #*' })
            $firstDel | Should -HaveCount 2
            $unpublish | Should -BeLessThan $firstDel[0]
            $firstDel[1] | Should -BeLessThan ([array]::IndexOf($lines, 'set server mapbe/s1 state drain'))
            Invoke-LabRequest -Lab $lab -Path /m1 | Should -BeExactly 'served by webservers'
            Remove-HaproxyMapEntry -Map virt@paths.map -Key /keep -Confirm:$false
        }

        It 'a map that does not exist is HaproxyObjectNotFound before anything changes' {
            Add-HaproxyBackend -Name mapbe2 -From mydefaults
            Publish-HaproxyBackend -Name mapbe2
            $thrown = Get-ThrownError { Remove-HaproxyBackend -Name mapbe2 -Drain -Map virt@nosuch.map -Confirm:$false -ErrorAction Stop }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            Test-LabPublished -Lab $lab mapbe2 | Should -BeTrue
            Remove-HaproxyBackend -Name mapbe2 -Drain -Confirm:$false
        }

        It '-Map without -Drain is InvalidHaproxyArgument, nothing removed' {
            Add-HaproxyBackend -Name mapbe3 -From mydefaults
            $thrown = Get-ThrownError { Remove-HaproxyBackend -Name mapbe3 -Map virt@paths.map -Confirm:$false -ErrorAction Stop }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            Get-LabBackendNames -Lab $lab | Should -Contain mapbe3
            Remove-HaproxyBackend -Name mapbe3 -Confirm:$false
        }
    }

    Context 'Remove-HaproxyServer -Drain -DrainFor' {
        BeforeAll { Add-HaproxyBackend -Name drainbe -From mydefaults }
        AfterAll { Remove-HaproxyBackend -Name drainbe -Drain -Timeout 2s -Force -Confirm:$false -WarningAction SilentlyContinue }

        It 'the server drains for the period before maintenance' {
            Add-HaproxyServer -Backend drainbe -Name s1 -Address 127.0.0.1 -Port $app
            Enable-HaproxyServer -Backend drainbe -Name s1
            $job = Start-ThreadJob { param($Module, $Endpoint) Import-Module $Module; Connect-Haproxy -Endpoint $Endpoint | Out-Null
                Remove-HaproxyServer -Backend drainbe -Name s1 -Drain -DrainFor 1500ms -Timeout 2s -Confirm:$false -WarningAction SilentlyContinue } -ArgumentList $modulePath, $lab.AdminEndpoint
            try {
                Start-Sleep -Milliseconds 700
                # Half-way through the period: draining, not in maintenance.
                (Get-LabStat -Lab $lab drainbe s1).status | Should -BeExactly 'DRAIN'
                $null = $job | Wait-Job -Timeout 10
                $job.State | Should -Be 'Completed'
                Get-LabServerState -Lab $lab -Backend drainbe -Server s1 | Should -BeNullOrEmpty
            }
            finally { $job | Remove-Job -Force }
        }

        It '-WhatIf shows the period in the plan; -DrainFor without -Drain is InvalidHaproxyArgument' {
            Add-HaproxyServer -Backend drainbe -Name s2 -Address 127.0.0.1 -Port $app
            $whatIf = Get-WhatIfLines { Remove-HaproxyServer -Backend drainbe -Name s2 -Drain -DrainFor 30s -WhatIf }
            "$whatIf" | Should -BeLike "*set server drainbe/s2 state drain; (drain for 30000ms); set server drainbe/s2 state maint*"
            $thrown = Get-ThrownError { Remove-HaproxyServer -Backend drainbe -Name s2 -DrainFor 1s -Confirm:$false -ErrorAction Stop }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            Get-LabServerState -Lab $lab -Backend drainbe -Server s2 | Should -Not -BeNullOrEmpty
        }
    }
}
