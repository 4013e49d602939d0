# Permission levels against a real HAProxy 3.4 on loopback: sessions on the lab's 'level operator' and 'level user'
# Unix sockets. Every changing cmdlet (and the admin-only reads) fails with HaproxyPermissionDenied / PermissionDenied,
# the message names the session's level and says changes need 'admin', and nothing changed: HAProxy's state is compared
# before and after through the lab's own admin socket, never through the module. Reads the level allows still work.
BeforeDiscovery {
    # param($S): the session under test. Each block returns the ErrorRecords its cmdlet wrote.
    $changes = @(
        @{ Cmd = 'Add-HaproxyBackend'; Script = { param($S) Add-HaproxyBackend -Name permnew -From mydefaults -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Publish-HaproxyBackend'; Script = { param($S) Publish-HaproxyBackend -Name permdyn -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Unpublish-HaproxyBackend'; Script = { param($S) Unpublish-HaproxyBackend -Name permbe -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Remove-HaproxyBackend'; Script = { param($S) Remove-HaproxyBackend -Name permdyn -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Add-HaproxyServer'; Script = { param($S) Add-HaproxyServer -Backend permbe -Name s9 -Address 127.0.0.1 -Port 9 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Remove-HaproxyServer'; Script = { param($S) Remove-HaproxyServer -Backend permbe -Name s2 -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Enable-HaproxyServer'; Script = { param($S) Enable-HaproxyServer -Backend permbe -Name s2 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Disable-HaproxyServer'; Script = { param($S) Disable-HaproxyServer -Backend permbe -Name s1 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Set-HaproxyServerState'; Script = { param($S) Set-HaproxyServerState -Backend permbe -Name s1 -State Maint -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Set-HaproxyServer -Weight'; Script = { param($S) Set-HaproxyServer -Backend permbe -Name s1 -Weight 9 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Enable-HaproxyHealthCheck'; Script = { param($S) Enable-HaproxyHealthCheck -Backend permbe -Name s1 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Stop-HaproxyServerStreams'; Script = { param($S) Stop-HaproxyServerStreams -Backend permbe -Name s1 -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Add-HaproxyMapEntry'; Script = { param($S) Add-HaproxyMapEntry -Map virt@perm.map -Key /new -Value v -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Add-HaproxyMapEntry -Entry (one error per entry)'; Errors = 2; Script = { param($S) Add-HaproxyMapEntry -Map virt@perm.map -Entry @{ '/n1' = 'a'; '/n2' = 'b' } -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Set-HaproxyMapEntry'; Script = { param($S) Set-HaproxyMapEntry -Map virt@perm.map -Key /keep -Value changed -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Remove-HaproxyMapEntry'; Script = { param($S) Remove-HaproxyMapEntry -Map virt@perm.map -Key /keep -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Clear-HaproxyMap'; Script = { param($S) Clear-HaproxyMap -Map virt@perm.map -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Update-HaproxyMap'; Script = { param($S) Update-HaproxyMap -Map virt@perm.map -Entry @{ '/other' = 'x' } -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Add-HaproxyAclEntry'; Script = { param($S) Add-HaproxyAclEntry -Acl virt@perm.acl -Pattern /new -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Remove-HaproxyAclEntry'; Script = { param($S) Remove-HaproxyAclEntry -Acl virt@perm.acl -Pattern /keep-acl -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Clear-HaproxyAcl'; Script = { param($S) Clear-HaproxyAcl -Acl virt@perm.acl -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Update-HaproxyAcl'; Script = { param($S) Update-HaproxyAcl -Acl virt@perm.acl -Pattern /other -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Disable-HaproxyFrontend'; Script = { param($S) Disable-HaproxyFrontend -Name myfrontend1 -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Set-HaproxyFrontend -MaxConn'; Script = { param($S) Set-HaproxyFrontend -Name myfrontend1 -MaxConn 3 -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Set-HaproxyGlobal -MaxConn'; Script = { param($S) Set-HaproxyGlobal -MaxConn 100 -Session $S -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        # Admin-only reads on 3.4.7 ('show map', 'get acl', 'wait').
        @{ Cmd = 'Get-HaproxyMapEntry'; Script = { param($S) $null = Get-HaproxyMapEntry -Map virt@perm.map -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Test-HaproxyAcl'; Script = { param($S) $null = Test-HaproxyAcl -Acl virt@perm.acl -Sample /keep-acl -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
        @{ Cmd = 'Wait-HaproxyRemovable'; Script = { param($S) Wait-HaproxyRemovable -Backend permbe -Server s2 -Timeout 1s -Session $S -ErrorVariable e -ErrorAction SilentlyContinue; $e } }
    )
    $cases = foreach ($level in 'operator', 'user') {
        foreach ($c in $changes) { @{ Level = $level; Cmd = $c.Cmd; Script = $c.Script; Errors = if ($c.Errors) { $c.Errors } else { 1 } } }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab -ExtraConfig @'

backend permrefs
    http-request set-var(txn.m) path,map_str(virt@perm.map)
    acl pa path -m str -f virt@perm.acl
    http-request deny if pa

backend permbe
    server s1 127.0.0.1:9 weight 20
    server s2 127.0.0.1:9 disabled
'@
    $null = Invoke-LabSocket -Lab $lab -Command 'add map virt@perm.map /keep kv'
    $null = Invoke-LabSocket -Lab $lab -Command 'add acl virt@perm.acl /keep-acl'
    $null = Invoke-LabSocket -Lab $lab -Command 'add backend permdyn from mydefaults'
    $levels = @{
        operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault -Name perm-operator
        user     = Connect-Haproxy -Endpoint $lab.UserSocket -Timeout 5s -NoDefault -Name perm-user
    }
    # The same levels asked for on the admin socket (Connect-Haproxy -Level): every connection lowers itself first.
    $lowered = @{
        operator = Connect-Haproxy -Endpoint $lab.AdminSocket -Timeout 5s -NoDefault -Name perm-lowered-operator -Level operator
        user     = Connect-Haproxy -Endpoint $lab.AdminSocket -Timeout 5s -NoDefault -Name perm-lowered-user -Level user
    }
    # Everything a denied command could have changed, through the lab's admin socket.
    $watched = @{ Lab = $lab; Map = 'virt@perm.map'; Acl = 'virt@perm.acl' }
}

AfterAll {
    if ($levels) { $levels.Values | Disconnect-Haproxy -Confirm:$false }
    if ($lowered) { $lowered.Values | Disconnect-Haproxy -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Sessions at operator and user level' {
    It 'a session at level <_> reports that level, as HAProxy does for that socket' -ForEach @('operator', 'user') {
        $socket = if ($_ -eq 'operator') { $lab.OperatorSocket } else { $lab.UserSocket }
        Invoke-LabSocket -Lab $lab -Socket $socket -Command 'show cli level' | Should -BeExactly $_
        $levels[$_].Level | Should -BeExactly $_
    }

    It 'a session at level <_> reads what that level allows (backends, servers, frontends, info)' -ForEach @('operator', 'user') {
        $s = $levels[$_]
        @(Get-HaproxyBackend -Session $s -ErrorAction Stop | ForEach-Object Name) | Should -Contain 'permbe'
        @(Get-HaproxyServer -Backend permbe -Session $s -ErrorAction Stop | ForEach-Object Name) | Should -Be @('s1', 's2')
        @(Get-HaproxyFrontend -Session $s -ErrorAction Stop | ForEach-Object Name) | Should -Contain 'myfrontend1'
        (Get-HaproxyInfo -Session $s -ErrorAction Stop).ProcessId | Should -Be $lab.ProcessId
    }

    It '<Level>: <Cmd> is HaproxyPermissionDenied naming the level, and HAProxy is unchanged' -ForEach $cases {
        $s = $levels[$Level]
        $before = Get-LabStateText @watched
        $err = try { @(& $Script $s) } catch { @($_) }
        $err | Should -HaveCount $Errors
        foreach ($e in $err) {
            $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.Exception.Message | Should -BeLike "*at level '$Level'*"
            $e.Exception.Message | Should -BeLike "*'admin'*"
        }
        Get-LabStateText @watched | Should -BeExactly $before
        # The denial did not break the session's connection.
        (Get-HaproxyInfo -Session $s -ErrorAction Stop).ProcessId | Should -Be $lab.ProcessId
    }

    It 'a session at level <_> is bound from piped objects and denied there (servers piped into Set-HaproxyServerState, a backend into Publish-)' -ForEach @('operator', 'user') {
        $level = $_
        $before = Get-LabStateText @watched
        $ev = $null
        Get-HaproxyServer -Backend permbe -Session $levels[$_] | Set-HaproxyServerState -State Drain -ErrorVariable ev -ErrorAction SilentlyContinue
        Get-HaproxyBackend -Name permdyn -Session $levels[$_] | Publish-HaproxyBackend -ErrorVariable +ev -ErrorAction SilentlyContinue
        $ev | Should -HaveCount 3
        $ev | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'; $_.Exception.Message | Should -BeLike "*at level '$level'*" }
        @($ev | ForEach-Object { "$($_.TargetObject)" }) | Should -Be @('permbe/s1', 'permbe/s2', 'permdyn')
        Get-LabStateText @watched | Should -BeExactly $before
    }

    It 'the lab is still as set up: the denied changes would each have been visible' {
        Get-LabMapLines -Lab $lab -Map virt@perm.map | Should -BeExactly @('/keep kv')
        Get-LabBackendNames -Lab $lab | Should -Contain 'permdyn'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'permnew'
        (Get-LabServerState -Lab $lab -Backend permbe -Server s1).AdminState | Should -Be 0
        ((Get-LabServerState -Lab $lab -Backend permbe -Server s2).AdminState -band 1) | Should -Be 1   # 5: disabled in the configuration
        Get-LabServerState -Lab $lab -Backend permbe -Server s9 | Should -BeNullOrEmpty
        $levels.Values | ForEach-Object { $_.Reconnects | Should -Be 0 }
    }
}

Describe 'Sessions lowered with Connect-Haproxy -Level on an admin socket' {
    It 'a session lowered to <_> reports that level and is refused what it forbids' -ForEach @('operator', 'user') {
        $s = $lowered[$_]
        $s.Level | Should -BeExactly $_
        $s.LoweredTo | Should -BeExactly $_
        $err = $null
        Clear-HaproxyCounter -All -Session $s -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $s.Level | Should -BeExactly $_
    }

    It '<Level> (lowered): <Cmd> is HaproxyPermissionDenied, and HAProxy is unchanged' -ForEach $cases {
        $s = $lowered[$Level]
        $before = Get-LabStateText @watched
        $err = try { @(& $Script $s) } catch { @($_) }
        $err | Should -HaveCount $Errors
        foreach ($e in $err) { $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*' }
        Get-LabStateText @watched | Should -BeExactly $before
    }

    It 'reads what the lowered level allows; a read on a connection of its own is lowered too' {
        (Get-HaproxyInfo -Session $lowered.user -ErrorAction Stop).ProcessId | Should -Be $lab.ProcessId
        # 'show sess' needs operator: a raw read at user level is refused, at operator level it runs.
        { Invoke-HaproxyCommand 'show sess' -Session $lowered.user -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyPermissionDenied,*'
        @(Invoke-HaproxyCommand 'show sess' -Session $lowered.operator -ErrorAction Stop) | Should -Not -BeNullOrEmpty
        # Get-HaproxyPeer reads on a connection of its own (its answer holds blank lines); at user level it still works.
        { Get-HaproxyPeer -Session $lowered.user -ErrorAction Stop } | Should -Not -Throw
    }

    It 'cannot raise a level: -Level operator on a user socket is refused at connection, typed' {
        $err = $null
        $s = Connect-Haproxy -Endpoint $lab.UserSocket -Timeout 5s -NoDefault -Level operator -ErrorVariable err -ErrorAction SilentlyContinue
        $s | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        { Connect-Haproxy -Endpoint $lab.AdminSocket -Level admin -NoDefault } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
