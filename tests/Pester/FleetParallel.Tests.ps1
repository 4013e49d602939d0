# Issue "Fleet": five HAProxy nodes on loopback driven as one. One Connect-Haproxy opens them all and makes them the
# default set; every cmdlet then works on the nodes in parallel (-ThrottleLimit), writes each node's objects as it
# answers, and tags -WhatIf lines, warnings and errors with the node. A node is stopped half-way (killed, then started
# again on the same sockets): it gets its own non-terminating error and the others go on. The map swap commits
# everywhere or nowhere, as each node's own traffic shows; rolling drains keep to their batch size; the safe removal
# rolled over the fleet under traffic loses no request; objects survive PowerShell's distribution tools (Export-Clixml,
# Start-ThreadJob, ForEach-Object -Parallel, Invoke-Command over a PSSession to another process) and bind by property
# name on the other side. Nothing here asserts a duration.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # fleetbe: a backend every node has (in its configuration, so it survives a restart), whose one server is a loopback
    # application of the test's own that answers 'served by fleetbe'.
    $fleetApp = Start-LabHttpApp -Body 'served by fleetbe' -Lifetime 20m
    # And an ACL file every node loads (one pattern), for Test-HaproxyAcl.
    $fleetAcl = Join-Path ([System.IO.Path]::GetTempPath()) ("fleet-" + [guid]::NewGuid().ToString('n').Substring(0, 8) + '.acl')
    Set-Content -Path $fleetAcl -Value '/blocked'
    $labs = @(1..5 | ForEach-Object { Start-HaproxyLab -ExtraConfig "`nbackend fleetbe`n    http-request deny if { path -f $fleetAcl }`n    server s1 127.0.0.1:$($fleetApp.Port)`n" })
    $fleet = @(Connect-Haproxy -Endpoint ($labs | ForEach-Object AdminSocket) -Timeout 5s)
    $paths = $labs[0].PathsMap
    # A lab's HAProxy is killed with Stop-HaproxyLab and started again on the same sockets with this; its session
    # reconnects by itself on the next command.
    function Restart-Node([int] $Index) { $null = Start-HaproxyLab -Reuse $labs[$Index] }
    function Get-NodeName([int] $Index) { $fleet[$Index].Name }
    # What each node answers for a path, through its own frontend.
    function Get-FleetAnswer([string] $Path, [int[]] $Nodes = (0..4)) { foreach ($i in $Nodes) { Invoke-LabRequest -Lab $labs[$i] -Path $Path } }
    # Each node's traffic phases (Stop-LabTraffic, one list per node): printed, none failed, and the named phases
    # answered only by the application given.
    function Assert-FleetTraffic($Phases, [hashtable] $OnlyBody) {
        $Phases | Should -HaveCount 5
        for ($i = 0; $i -lt 5; $i++) {
            $Phases[$i] | Format-LabTraffic | ForEach-Object { Write-Host "      node $($i): $_" }
            ($Phases[$i] | Measure-Object -Property Failed -Sum).Sum | Should -Be 0 -Because "no request may fail on node $i"
            foreach ($name in $OnlyBody.Keys) {
                @($Phases[$i] | Where-Object Name -eq $name)[0].Bodies.Keys | Should -Be @($OnlyBody[$name]) -Because "phase '$name' on node $i"
            }
        }
    }
    # web1's admin state on every node, through the lab's own socket: 0 ready, 8 drain (SRV_ADMF_DRAIN), 1 maint.
    function Get-FleetWeb1State { foreach ($lab in $labs) { (Get-LabServerState -Lab $lab webservers web1).AdminState } }
}

AfterAll {
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    foreach ($lab in $labs) { Stop-HaproxyLab -Lab $lab }
    if ($fleetApp) { Stop-LabHttpApp $fleetApp }
    if ($fleetAcl) { Remove-Item -Force -Path $fleetAcl -ErrorAction SilentlyContinue }
}

Describe 'Connect-Haproxy over several endpoints' {
    It 'opens one session per node, numbered and named in the order given, and makes them all the default set' {
        $fleet | Should -HaveCount 5
        @($fleet | ForEach-Object Name) | Should -BeExactly @($labs | ForEach-Object { "unix://$($_.AdminSocket)" })
        for ($i = 1; $i -lt 5; $i++) { $fleet[$i].Id | Should -Be ($fleet[0].Id + $i) }
        @(Get-HaproxySession -Default | ForEach-Object Id) | Should -Be @($fleet | ForEach-Object Id)
        @(Get-HaproxySession | Where-Object IsDefault) | Should -HaveCount 5
    }

    It 'takes piped endpoints the same way: every one connected, in the order piped' {
        $piped = @($labs | ForEach-Object AdminSocket | Connect-Haproxy -NoDefault -Timeout 5s)
        try {
            @($piped | ForEach-Object { $_.Endpoint.ToString() }) | Should -BeExactly @($labs | ForEach-Object { "unix://$($_.AdminSocket)" })
            for ($i = 1; $i -lt 5; $i++) { $piped[$i].Id | Should -Be ($piped[0].Id + $i) }
            # Second sessions to the same endpoints: named "<endpoint> (2)".
            @($piped | Where-Object { $_.Name -notlike '* (2)' }) | Should -BeNullOrEmpty
            @(Get-HaproxySession -Default | ForEach-Object Id) | Should -Be @($fleet | ForEach-Object Id)
        }
        finally { $piped | Disconnect-Haproxy -Confirm:$false }
    }

    It 'reports an endpoint that does not answer and keeps the others' {
        $missing = Join-Path $labs[0].Directory 'no-such.sock'
        $err = $null
        $more = @(Connect-Haproxy -Endpoint $labs[0].AdminSocket, $missing, $labs[1].AdminSocket -NoDefault -ErrorVariable err -ErrorAction SilentlyContinue)
        try {
            $more | Should -HaveCount 2
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
            $err[0].TargetObject | Should -Be $missing
            # -NoDefault: the default set is still the fleet.
            @(Get-HaproxySession -Default | ForEach-Object Id) | Should -Be @($fleet | ForEach-Object Id)
        }
        finally { $more | Disconnect-Haproxy -Confirm:$false }
    }
}

Describe 'Every cmdlet over the fleet' {
    It 'runs the nodes in parallel: a node that answers late holds back no other node''s output' {
        # Node 0 is frozen (SIGSTOP). Run one after the other, it would be asked first and time out (5 s) before any
        # other node is asked. In parallel, the other nodes' objects come out while it is frozen; the first of them
        # thaws it, and it answers too, within its timeout.
        Suspend-LabProcess -Lab $labs[0]
        $firstFrom = $null
        try {
            $info = @(Get-HaproxyInfo -ErrorVariable err -ErrorAction SilentlyContinue | ForEach-Object {
                    if (-not $firstFrom) { $firstFrom = $_.Session; Resume-LabProcess -Lab $labs[0] }
                    $_
                })
        }
        finally { if ((Get-LabProcessRunState $labs[0].ProcessId) -eq 'T') { Resume-LabProcess -Lab $labs[0] } }
        $err | Should -BeNullOrEmpty
        $firstFrom | Should -Not -Be (Get-NodeName 0)
        $info | Should -HaveCount 5
        # Each object carries its node, and says which process answered.
        for ($i = 0; $i -lt 5; $i++) {
            $mine = @($info | Where-Object Session -eq (Get-NodeName $i))
            $mine | Should -HaveCount 1
            $mine[0].ProcessId | Should -Be $labs[$i].ProcessId
            $mine[0].AnsweredBy | Should -Be $labs[$i].ProcessId
        }
    }

    It 'Invoke-HaproxyCommand: each node''s lines come out together, each a string that names its node' {
        $lines = @(Invoke-HaproxyCommand 'show info')
        $single = @(Invoke-HaproxyCommand 'show info' -Session $fleet[0])
        $lines | Should -HaveCount (5 * $single.Count)
        $lines[0] | Should -BeOfType [string]
        $single[0].PSObject.Properties['Session'] | Should -BeNullOrEmpty -Because 'one node: plain strings, as before'
        # Contiguous per node: the Session changes exactly four times.
        $changes = 0
        for ($i = 1; $i -lt $lines.Count; $i++) { if ($lines[$i].Session -ne $lines[$i - 1].Session) { $changes++ } }
        $changes | Should -Be 4
        for ($i = 0; $i -lt 5; $i++) {
            $mine = @($lines | Where-Object Session -eq (Get-NodeName $i))
            @($mine | Where-Object { $_ -like 'Pid: *' }) | Should -BeExactly @("Pid: $($labs[$i].ProcessId)")
        }
    }

    It 'Test-HaproxyAcl -Quiet: one Boolean per node, each naming its node' {
        # fleetacl: an ACL file every node loads from its configuration, with one pattern.
        $found = @(Test-HaproxyAcl -Acl $fleetAcl -Sample '/blocked' -Quiet)
        $found | Should -HaveCount 5
        foreach ($f in $found) { $f | Should -BeTrue }
        @($found | ForEach-Object Session | Sort-Object) | Should -BeExactly @($fleet.Name | Sort-Object)
        (Test-HaproxyAcl -Acl $fleetAcl -Sample '/blocked' -Quiet -Session $fleet[0]).PSObject.Properties['Session'] | Should -BeNullOrEmpty
    }

    It '-ThrottleLimit 1 still visits every node, one at a time' {
        @(Get-HaproxyBackend -Name webservers -ThrottleLimit 1 | ForEach-Object Session) | Should -BeExactly @($fleet | ForEach-Object Name)
    }

    It 'tags -WhatIf lines and warnings with the node' {
        $lines = Get-WhatIfLines { Set-HaproxyServerState -Backend webservers -Name web1 -State Maint -WhatIf }
        $lines | Should -HaveCount 5
        foreach ($name in $fleet.Name) { @($lines | Where-Object { $_.Contains("on target `"[$name] webservers/web1`"") }) | Should -HaveCount 1 }
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)

        $warnings = $null
        Set-HaproxyServerState -Backend webservers -Name web1 -State Maint -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            $warnings | Should -HaveCount 5
            foreach ($name in $fleet.Name) { @($warnings | Where-Object { "$_".StartsWith("[$name] Backend 'webservers'") }) | Should -HaveCount 1 }
        }
        finally { Set-HaproxyServerState -Backend webservers -Name web1 -State Ready }
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'gives each node its own progress bar, named after it' {
        # Progress cannot be redirected: a pipeline on a runspace of its own (its own sessions to the same sockets, so
        # the same names) collects it in its Streams.Progress.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(@'
param($Module, $Sockets, $Parameters)
Import-Module $Module
$own = @(Connect-Haproxy -Endpoint $Sockets)
$ProgressPreference = 'Continue'
Set-HaproxyServerState @Parameters
$own | Disconnect-Haproxy -Confirm:$false
'@).AddArgument($modulePath).AddArgument(@($labs | ForEach-Object AdminSocket)).AddArgument(@{ Backend = 'webservers'; Name = 'web1'; State = 'Drain'; Rolling = $true; BatchSize = 5; WarningAction = 'SilentlyContinue' })
            $null = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $bars = @($ps.Streams.Progress | Group-Object ActivityId)
            $bars | Should -HaveCount 5
            foreach ($bar in $bars) {
                @($bar.Group | ForEach-Object { $_.Activity } | Select-Object -Unique) | Should -HaveCount 1
                $bar.Group[-1].RecordType | Should -Be 'Completed'
            }
            @($bars | ForEach-Object { ($_.Group[0].Activity -split ' ')[0] } | Sort-Object) | Should -BeExactly @($fleet.Name | ForEach-Object { "[$_]" } | Sort-Object)
        }
        finally {
            $ps.Dispose()
            Set-HaproxyServerState -Backend webservers -Name web1 -State Ready
        }
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'a node stopped half-way gets its own non-terminating error, tagged with it, and the others go on' {
        Stop-HaproxyLab -Lab $labs[3]
        try {
            $err = $null
            $backends = @(Get-HaproxyBackend -Name webservers -ErrorVariable err -ErrorAction SilentlyContinue)
            $backends | Should -HaveCount 4
            $backends.Session | Should -Not -Contain (Get-NodeName 3)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
            $err[0].ErrorDetails.Message | Should -BeLike "``[$(Get-NodeName 3)``] *"

            # A change: applied on the four live nodes, refused on the stopped one, with an error naming it.
            $err = $null
            $changed = @(Set-HaproxyServer -Backend webservers -Name web1 -Weight 7 -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            $changed | Should -HaveCount 4
            $err | Should -HaveCount 1
            $err[0].ErrorDetails.Message | Should -BeLike "``[$(Get-NodeName 3)``] *"
            foreach ($i in 0, 1, 2, 4) { (Get-LabServerState -Lab $labs[$i] webservers web1).Weight | Should -Be 7 }
        }
        finally { Restart-Node 3 }
        # Back, on the same socket: the same session reaches it again.
        (Get-HaproxyServer -Backend webservers -Name web1 -Session $fleet[3]).Weight | Should -Be 1
        Set-HaproxyServer -Backend webservers -Name web1 -Weight 1
    }
}

Describe 'A fleet of mixed HAProxy versions (3.4 and 2.6)' {
    BeforeAll {
        $old = Start-HaproxyLab -HaproxyPath (Resolve-HaproxyBinary -Line '2.6')
        $mixed = @($fleet[0]) + @(Connect-Haproxy -Endpoint $old.AdminSocket -NoDefault -Timeout 5s)
    }
    AfterAll {
        if ($mixed) { $mixed[1] | Disconnect-Haproxy -Confirm:$false }
        if ($old) { Stop-HaproxyLab -Lab $old }
    }

    It 'each node gets what its version has: a 3.4-only change is made on 3.4 and refused on 2.6, not terminating, nothing sent there' {
        $err = $null
        Add-HaproxyBackend -Name mixedbe -From mydefaults -Session $mixed -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyFeatureNotSupported,*'
        $err[0].ErrorDetails.Message | Should -BeLike "``[$($mixed[1].Name)``] *"
        Get-LabBackendNames -Lab $labs[0] | Should -Contain 'mixedbe'
        Get-LabBackendNames -Lab $old | Should -Not -Contain 'mixedbe'
        Remove-HaproxyBackend -Name mixedbe -Session $fleet[0] -Confirm:$false
        Get-LabBackendNames -Lab $labs[0] | Should -Not -Contain 'mixedbe'
        # What both lines have works on both, in parallel.
        @(Get-HaproxyServer -Backend webservers -Name web1 -Session $mixed | ForEach-Object Session | Sort-Object) | Should -BeExactly @($mixed.Name | Sort-Object)
    }
}

Describe 'Update-HaproxyMap over the fleet: everywhere or nowhere' {
    It 'commits on every node, each node routes the new way, and -PassThru carries the commit skew' {
        Get-FleetAnswer /fleet/x | Should -Be (@('served by webservers') * 5)
        $maps = @(Update-HaproxyMap -Map $paths -Entry @{ '/fleet' = 'fleetbe' } -PassThru -Confirm:$false)
        $maps | Should -HaveCount 5
        @($maps | ForEach-Object Session | Sort-Object) | Should -BeExactly @($fleet.Name | Sort-Object)
        foreach ($m in $maps) {
            $m.CommitSkew | Should -BeOfType [timespan]
            $m.CommitSkew | Should -BeGreaterOrEqual ([timespan]::Zero)
            $m.CommitSkew | Should -Be $maps[0].CommitSkew
        }
        Get-FleetAnswer /fleet/x | Should -Be (@('served by fleetbe') * 5)
    }

    It 'commits nowhere when a node stops half-way: every live node still routes the old way' {
        Stop-HaproxyLab -Lab $labs[2]
        try {
            $err = $null
            Update-HaproxyMap -Map $paths -Entry @{ '/fleet' = 'webservers'; '/other' = 'fleetbe' } -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            # The stopped node's own failure, then one per node that loaded the new version and dropped it.
            $err | Should -HaveCount 5
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
            $err[0].ErrorDetails.Message | Should -BeLike "``[$(Get-NodeName 2)``] *"
            foreach ($e in $err[1..4]) {
                $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
                $e.Exception.Message | Should -Match 'no node committed'
            }
            Get-FleetAnswer /fleet/x -Nodes 0, 1, 3, 4 | Should -Be (@('served by fleetbe') * 4)
            Get-FleetAnswer /other/x -Nodes 0, 1, 3, 4 | Should -Be (@('served by webservers') * 4)
            foreach ($i in 0, 1, 3, 4) { Get-LabMapLines -Lab $labs[$i] $paths | Should -BeExactly @('/fleet fleetbe') }
        }
        finally { Restart-Node 2 }
        # Restarted, node 2's map is empty again: one more swap brings every node to the same content.
        Update-HaproxyMap -Map $paths -Entry @{ '/fleet' = 'fleetbe' } -Confirm:$false
        Get-FleetAnswer /fleet/x | Should -Be (@('served by fleetbe') * 5)
    }
}

Describe 'Rolling changes over the fleet' {
    It 'Set-HaproxyServerState -Rolling -BatchSize 2: each batch starts only when the last is drained, two nodes at a time' {
        # At the start of each batch (its verbose line, read as it is written) the fleet is sampled through each node's
        # own socket: the nodes of earlier batches drained, the later ones untouched.
        $seen = [ordered]@{}
        Set-HaproxyServerState -Backend webservers -Name web1 -State Drain -Rolling -BatchSize 2 -Verbose -WarningAction SilentlyContinue 4>&1 |
            ForEach-Object { if ("$_" -match '^Rolling: batch (\d) of 3') { $seen[$Matches[1]] = @(Get-FleetWeb1State) } }
        $seen['2'] | Should -Be @(8, 8, 0, 0, 0)
        $seen['3'] | Should -Be @(8, 8, 8, 8, 0)
        Get-FleetWeb1State | Should -Be @(8, 8, 8, 8, 8)
        Set-HaproxyServerState -Backend webservers -Name web1 -State Ready
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'a node that fails stops the roll: later batches are not started, and each of their nodes says so' {
        Stop-HaproxyLab -Lab $labs[2]
        try {
            $err = $null
            Set-HaproxyServerState -Backend webservers -Name web1 -State Maint -Rolling -BatchSize 2 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            # Batch 2 is nodes 2 and 3: 3 is changed, 2 fails; batch 3 (node 4) is never started.
            $err | Should -HaveCount 2
            $err[0].ErrorDetails.Message | Should -BeLike "``[$(Get-NodeName 2)``] *"
            $err[1].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
            $err[1].Exception.Message | Should -BeLike "Not started on $(Get-NodeName 4): the rolling change stopped after batch 2 of 3, where $(Get-NodeName 2) failed.*"
            foreach ($i in 0, 1, 3) { (Get-LabServerState -Lab $labs[$i] webservers web1).AdminState | Should -Be 1 }
            (Get-LabServerState -Lab $labs[4] webservers web1).AdminState | Should -Be 0
        }
        finally { Restart-Node 2 }
        Set-HaproxyServerState -Backend webservers -Name web1 -State Ready
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'refuses -Rolling where it means nothing, and -BatchSize or -Timeout without it, before sending anything' {
        { Set-HaproxyServerState -Backend webservers -Name web1 -State Ready -Rolling } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        { Set-HaproxyServerState -Backend webservers -Name web1 -State Drain -BatchSize 2 } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        { Set-HaproxyServerState -Backend webservers -Name web1 -State Drain -Timeout 5s } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        { Remove-HaproxyServer -Backend webservers -Name web1 -Rolling -Confirm:$false } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        { Remove-HaproxyBackend -Name webservers -Rolling -Confirm:$false } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }
}

Describe 'Zero failed requests while the fleet changes' {
    It 'a backend added, published and routed on every node, then removed with -Drain -Rolling: no request fails on any node' {
        $app = Start-LabHttpApp -Body 'served by the fleet app' -Lifetime 2m
        $traffic = @(foreach ($lab in $labs) { Start-LabTraffic -Lab $lab -Path /zf/x -Threads 2 -Duration 20s -Phase 'before' })
        $phases = @()
        try {
            Add-HaproxyBackend -Name zfroll -From mydefaults
            Add-HaproxyServer -Backend zfroll -Name s1 -Address 127.0.0.1 -Port $app.Port
            Enable-HaproxyServer -Backend zfroll -Name s1
            Publish-HaproxyBackend -Name zfroll -WaitHealthy -Timeout 10s
            Add-HaproxyMapEntry -Map $paths -Key /zf -Value zfroll
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'routed' }
            Start-Sleep -Milliseconds 500
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'rolling removal' }
            Remove-HaproxyBackend -Name zfroll -Drain -Map $paths -Rolling -BatchSize 2 -Confirm:$false -ErrorAction Stop
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'after' }
            Start-Sleep -Milliseconds 300
        }
        finally {
            $phases = @(foreach ($t in $traffic) { , @(Stop-LabTraffic $t) })
            Stop-LabHttpApp $app
        }
        Assert-FleetTraffic $phases @{ 'routed' = 'served by the fleet app'; 'after' = 'served by webservers' }
        for ($i = 0; $i -lt 5; $i++) {
            Get-LabBackendNames -Lab $labs[$i] | Should -Not -Contain 'zfroll'
            Get-LabMapLines -Lab $labs[$i] $paths | Should -Not -Contain '/zf zfroll'
        }
    }
}

Describe 'Zero failed requests while servers roll over the fleet' {
    It 'a second server added and enabled everywhere, the first drained and removed node by node: no request fails' {
        $app1 = Start-LabHttpApp -Body 'served by s1' -Lifetime 2m
        $app2 = Start-LabHttpApp -Body 'served by s2' -Lifetime 2m
        $traffic = @()
        $phases = @()
        try {
            Add-HaproxyBackend -Name zfsrv -From mydefaults
            Add-HaproxyServer -Backend zfsrv -Name s1 -Address 127.0.0.1 -Port $app1.Port
            Enable-HaproxyServer -Backend zfsrv -Name s1
            Publish-HaproxyBackend -Name zfsrv -WaitHealthy -Timeout 10s
            Add-HaproxyMapEntry -Map $paths -Key /zs -Value zfsrv
            $traffic = @(foreach ($lab in $labs) { Start-LabTraffic -Lab $lab -Path /zs/x -Threads 2 -Duration 20s -Phase 's1 alone' })
            Start-Sleep -Milliseconds 300
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'add s2' }
            Add-HaproxyServer -Backend zfsrv -Name s2 -Address 127.0.0.1 -Port $app2.Port
            Enable-HaproxyServer -Backend zfsrv -Name s2
            Wait-HaproxyServer -Backend zfsrv -Name s2 -Timeout 10s
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'drain s1, rolling' }
            Set-HaproxyServerState -Backend zfsrv -Name s1 -State Drain -Rolling -BatchSize 2 -Timeout 10s -ErrorAction Stop
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 'remove s1, rolling' }
            Remove-HaproxyServer -Backend zfsrv -Name s1 -Drain -Rolling -Timeout 10s -Confirm:$false -ErrorAction Stop
            foreach ($t in $traffic) { Set-LabTrafficPhase $t 's2 alone' }
            Start-Sleep -Milliseconds 300
        }
        finally {
            $phases = @(foreach ($t in $traffic) { , @(Stop-LabTraffic $t) })
            Remove-HaproxyBackend -Name zfsrv -Drain -Map $paths -Confirm:$false -ErrorAction SilentlyContinue
            Stop-LabHttpApp $app1
            Stop-LabHttpApp $app2
        }
        Assert-FleetTraffic $phases @{ 's1 alone' = 'served by s1'; 's2 alone' = 'served by s2' }
    }
}

Describe 'Objects travel with PowerShell''s own distribution tools' {
    BeforeAll {
        $module = $modulePath
        $servers = @(Get-HaproxyServer -Backend webservers -Name web1)
    }

    It 'Export-Clixml / Import-Clixml: the deserialized servers bind by property name, each to its own node' {
        $file = Join-Path $TestDrive 'servers.xml'
        $servers | Export-Clixml -Path $file
        $back = @(Import-Clixml -Path $file)
        $back[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.HaproxyRuntime.Client.Models.HaproxyServer'
        @($back | ForEach-Object Session) | Should -BeExactly @($servers | ForEach-Object Session)
        $changed = @($back | Set-HaproxyServerState -State Drain -PassThru -WarningAction SilentlyContinue)
        $changed | Should -HaveCount 5
        @($changed | ForEach-Object Session | Sort-Object) | Should -BeExactly @($fleet.Name | Sort-Object)
        Get-FleetWeb1State | Should -Be @(8, 8, 8, 8, 8)
        $back | Set-HaproxyServerState -State Ready
        Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'Start-ThreadJob: another runspace connects its own sessions and takes the objects by property name' {
        $sockets = @($labs | ForEach-Object AdminSocket)
        $result = Start-ThreadJob -ScriptBlock {
            Import-Module $using:module
            $own = @(Connect-Haproxy -Endpoint $using:sockets)
            $using:servers | Get-HaproxyServer | ForEach-Object { [pscustomobject]@{ Session = $_.Session; SameObject = [object]::ReferenceEquals($_.GetSession(), ($own | Where-Object Name -eq $_.Session)) } }
            $own | Disconnect-Haproxy -Confirm:$false
        } | Receive-Job -Wait -AutoRemoveJob
        $result | Should -HaveCount 5
        $result.SameObject | Should -Not -Contain $false
    }

    It 'ForEach-Object -Parallel: each object reaches its node from another runspace' {
        $names = @($servers | ForEach-Object -ThrottleLimit 5 -Parallel {
                Import-Module $using:module
                ($_ | Get-HaproxyServer).Session
            })
        @($names | Sort-Object) | Should -BeExactly @($fleet.Name | Sort-Object)
    }

    It 'Invoke-Command over PSSessions to other processes: the runbook fan-out, and the objects it brings back bind here' {
        # The runbook pattern of about_HaproxyRuntime, run for real: each "host" is a PowerShell process of its own
        # (a PSSession over a process, as remoting to another machine would be) that reaches its HAProxy over the
        # local unix socket. What comes back is deserialized, as over the network.
        $hosts = foreach ($lab in $labs) {
            $process = [System.Management.Automation.Runspaces.PowerShellProcessInstance]::new()
            $runspace = [runspacefactory]::CreateOutOfProcessRunspace([System.Management.Automation.Runspaces.TypeTable]::LoadDefaultTypeFiles(), $process)
            $runspace.Open()
            [System.Management.Automation.Runspaces.PSSession]::Create($runspace, 'LocalProcess', $null)
        }
        try {
            for ($i = 0; $i -lt 5; $i++) {
                $socket = $labs[$i].AdminSocket
                Invoke-Command -Session $hosts[$i] -ScriptBlock { Import-Module $using:module; $null = Connect-Haproxy -Endpoint $using:socket }
            }
            $remote = @(Invoke-Command -Session $hosts -ScriptBlock { Get-HaproxyServer -Backend webservers -Name web1 })
            $remote | Should -HaveCount 5
            $remote[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.HaproxyRuntime.Client.Models.HaproxyServer'
            @($remote | ForEach-Object Session | Sort-Object) | Should -BeExactly @($fleet.Name | Sort-Object)
            # Here, each binds to the local session of the same name.
            $remote | Set-HaproxyServerState -State Drain -WarningAction SilentlyContinue
            Get-FleetWeb1State | Should -Be @(8, 8, 8, 8, 8)
            # And sent back, each host takes its own node's object with its own session.
            $ready = for ($i = 0; $i -lt 5; $i++) {
                $mine = @($remote | Where-Object Session -eq (Get-NodeName $i))
                $mine | Should -HaveCount 1
                Invoke-Command -Session $hosts[$i] -ScriptBlock { $using:mine | Set-HaproxyServerState -State Ready -PassThru }
            }
            @($ready | ForEach-Object AdminState) | Should -Be (@('Ready') * 5)
            Get-FleetWeb1State | Should -Be @(0, 0, 0, 0, 0)
        }
        finally { $hosts | Remove-PSSession }
    }
}
