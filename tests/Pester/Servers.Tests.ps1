# Server cmdlets (Add-/Get-/Remove-HaproxyServer, Enable-/Disable-HaproxyServer, Set-HaproxyServerState,
# Enable-/Disable-HaproxyHealthCheck) against a real HAProxy 3.4 on loopback. Every change is checked through the
# lab's own socket (Get-LabServerState / 'show servers state' / 'show stat'), never only through the module.
# Servers with -Check always point at a lab-owned loopback port; servers elsewhere (172.16.0.12 like the seed) are
# only stored by HAProxy: no check, never enabled behind a route, never sent traffic.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Add-HaproxyServer' {
    BeforeAll {
        $be = 'srvadd'
        Add-HaproxyBackend -Name $be -From mydefaults
    }

    It 'adds a server from -Address/-Port; -PassThru returns it in Maint, as HAProxy starts dynamic servers' {
        $server = Add-HaproxyServer -Backend $be -Name basic -Address 127.0.0.1 -Port $lab.DynamicAppPort -PassThru
        @($server).Count | Should -Be 1
        $server | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyServer'
        $server.Backend | Should -BeExactly $be
        $server.Name | Should -BeExactly 'basic'
        $server.Address | Should -BeExactly '127.0.0.1'
        $server.Port | Should -Be $lab.DynamicAppPort
        $server.AdminState | Should -Be 'Maint'
        $server.AdminFlags | Should -Be 'ForcedMaint'
        $server.OperationalState | Should -Be 'Stopped'
        $server.Weight | Should -Be 1
        $server.HealthCheckConfigured | Should -BeFalse
        $server.Session | Should -Be $session.Name

        $state = Get-LabServerState -Lab $lab -Backend $be -Server basic
        $state.Address | Should -BeExactly '127.0.0.1'
        $state.Port | Should -BeExactly "$($lab.DynamicAppPort)"
        $state.AdminState | Should -Be 1          # SRV_ADMF_FMAINT only
        $state.Weight | Should -Be 1
        $state.CheckState | Should -Be 0
    }

    It 'without -PassThru writes nothing' {
        $out = Add-HaproxyServer -Backend $be -Name quiet -Address 127.0.0.1 -Port $lab.DynamicAppPort
        $out | Should -BeNullOrEmpty
        Get-LabServerState -Lab $lab -Backend $be -Server quiet | Should -Not -BeNullOrEmpty
    }

    It '-Weight 7 is the server''s weight' {
        $server = Add-HaproxyServer -Backend $be -Name weighted -Address 127.0.0.1 -Port $lab.DynamicAppPort -Weight 7 -PassThru
        $server.Weight | Should -Be 7
        $server.InitialWeight | Should -Be 7
        (Get-LabServerState -Lab $lab -Backend $be -Server weighted).Weight | Should -Be 7
        (Get-LabServerRow -Lab $lab -Backend $be -Server weighted).srv_iweight | Should -Be '7'
    }

    It '-Check -CheckPort configures a (not yet enabled) health check on that port' {
        $server = Add-HaproxyServer -Backend $be -Name checked -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -PassThru
        $server.CheckPort | Should -Be $lab.DynamicAppPort
        $server.HealthCheckConfigured | Should -BeTrue
        $server.HealthCheckEnabled | Should -BeFalse
        $row = Get-LabServerRow -Lab $lab -Backend $be -Server checked
        $row.srv_check_port | Should -BeExactly "$($lab.DynamicAppPort)"
        ([int]$row.srv_check_state -band 0x2) | Should -Be 0x2   # CHK_ST_CONFIGURED
        ([int]$row.srv_check_state -band 0x4) | Should -Be 0     # not CHK_ST_ENABLED yet
    }

    It '-Option ''inter 2s'',''maxconn 10'' sends each keyword and HAProxy applies them' {
        $records = Add-HaproxyServer -Backend $be -Name optioned -Address 127.0.0.1 -Port $lab.DynamicAppPort -Option 'inter 2s', 'maxconn 10' -Verbose 4>&1
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] add server $be/optioned 127.0.0.1:$($lab.DynamicAppPort) inter 2s maxconn 10"
        Get-LabServerState -Lab $lab -Backend $be -Server optioned | Should -Not -BeNullOrEmpty
        (Get-LabStat -Lab $lab $be optioned).slim | Should -BeExactly '10'
    }

    It '-Option ''bogus-keyword'' is refused by HAProxy as an invalid command and creates no server' {
        $before = Get-LabServerNames -Lab $lab $be
        $out = Add-HaproxyServer -Backend $be -Name bogus -Address 127.0.0.1 -Port $lab.DynamicAppPort -Option 'bogus-keyword' -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*unknown keyword 'bogus-keyword'*"
        Get-LabServerState -Lab $lab -Backend $be -Server bogus | Should -BeNullOrEmpty
        Get-LabServerNames -Lab $lab $be | Should -Be $before
    }

    It 'an IPv6 address (::1) is sent in brackets and stored as ::1' {
        $records = Add-HaproxyServer -Backend $be -Name v6 -Address '::1' -Port 8080 -PassThru -Verbose 4>&1
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] add server $be/v6 [::1]:8080"
        $server = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyServer] })
        $server | Should -HaveCount 1
        $server[0].Address | Should -BeExactly '::1'
        $server[0].Port | Should -Be 8080
        $state = Get-LabServerState -Lab $lab -Backend $be -Server v6
        $state.Address | Should -BeExactly '::1'
        $state.Port | Should -BeExactly '8080'
    }

    It 'the seed''s 172.16.0.12 -Port 8080 is stored (no check, so HAProxy never contacts it)' {
        $server = Add-HaproxyServer -Backend $be -Name seed -Address 172.16.0.12 -Port 8080 -PassThru
        $server.Address | Should -BeExactly '172.16.0.12'
        $server.Port | Should -Be 8080
        $server.AdminState | Should -Be 'Maint'
        $state = Get-LabServerState -Lab $lab -Backend $be -Server seed
        $state.Address | Should -BeExactly '172.16.0.12'
        $state.Port | Should -BeExactly '8080'
        $state.AdminState | Should -Be 1
        $state.CheckState | Should -Be 0
    }

    It 'a duplicate name fails with HaproxyObjectExists and leaves the existing server as it was' {
        $err = $null
        Add-HaproxyServer -Backend $be -Name seed -Address 172.16.0.13 -Port 9090 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -BeExactly "$be/seed"
        $state = Get-LabServerState -Lab $lab -Backend $be -Server seed
        $state.Address | Should -BeExactly '172.16.0.12'
        $state.Port | Should -BeExactly '8080'
    }

    It 'an unknown backend fails with HaproxyObjectNotFound and creates nothing' {
        $countBefore = @(Get-LabServerRows -Lab $lab).Count
        Add-HaproxyServer -Backend nosuchbackend -Name s1 -Address 172.16.0.12 -Port 8080 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'nosuchbackend'
        @(Get-LabServerRows -Lab $lab).Count | Should -Be $countBefore
    }

    It 'refuses <Label> with InvalidHaproxyArgument before sending anything' -ForEach @(
        @{ Label = "the name 'web 1'"; Backend = 'srvadd'; Name = 'web 1' }
        @{ Label = "the name 'a;b'"; Backend = 'srvadd'; Name = 'a;b' }
        @{ Label = 'a name with a line feed'; Backend = 'srvadd'; Name = "a`nb" }
        @{ Label = 'a name with CR'; Backend = 'srvadd'; Name = "a`rb" }
        @{ Label = "the backend 'srvadd;show version'"; Backend = 'srvadd;show version'; Name = 'x1' }
    ) {
        $countBefore = @(Get-LabServerRows -Lab $lab).Count
        $namesBefore = Get-LabServerNames -Lab $lab $be
        $out = Add-HaproxyServer -Backend $Backend -Name $Name -Address 172.16.0.12 -Port 8080 -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-LabServerRows -Lab $lab).Count | Should -Be $countBefore
        Get-LabServerNames -Lab $lab $be | Should -Be $namesBefore
    }

    It 'escapes -Option <Option>: HAProxy sees one odd keyword, and no second command runs' -ForEach @(
        @{ Option = 'x;show version'; Escaped = 'x\;show version'; Word = 'x;show' }
        @{ Option = 'x;add server srvadd/smuggled 172.16.0.99:80'; Escaped = 'x\;add server srvadd/smuggled 172.16.0.99:80'; Word = 'x;add' }
    ) {
        $countBefore = @(Get-LabServerRows -Lab $lab).Count
        $records = Add-HaproxyServer -Backend $be -Name inj -Address 172.16.0.12 -Port 8080 -Option $Option -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] add server $be/inj 172.16.0.12:8080 $Escaped"
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        # HAProxy names the whole word, ';' included: it was one argument, not a command separator.
        $err[0].Exception.Message | Should -BeLike "*unknown keyword '$Word'*"
        Get-LabServerState -Lab $lab -Backend $be -Server inj | Should -BeNullOrEmpty
        Get-LabServerState -Lab $lab -Backend $be -Server smuggled | Should -BeNullOrEmpty
        @(Get-LabServerRows -Lab $lab).Count | Should -Be $countBefore
        # The session is still in step: had a second command run, its extra answer would be read by this one.
        (Get-HaproxyServer -Backend $be -Name seed).Address | Should -BeExactly '172.16.0.12'
    }

    It '-WhatIf adds nothing' {
        $countBefore = @(Get-LabServerRows -Lab $lab).Count
        $out = Add-HaproxyServer -Backend $be -Name whatif1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -PassThru -WhatIf
        $out | Should -BeNullOrEmpty
        Get-LabServerState -Lab $lab -Backend $be -Server whatif1 | Should -BeNullOrEmpty
        @(Get-LabServerRows -Lab $lab).Count | Should -Be $countBefore
    }

    It 'creates one server per piped object with Backend/Name/Address/Port properties' {
        $rows = @(
            [pscustomobject]@{ Backend = $be; Name = 'csv1'; Address = '172.16.0.12'; Port = '8080' }
            [pscustomobject]@{ Backend = $be; Name = 'csv2'; Address = '172.16.0.13'; Port = 8081 }
        )
        $servers = @($rows | Add-HaproxyServer -PassThru)
        $servers | Should -HaveCount 2
        $servers.Name | Should -Be @('csv1', 'csv2')
        $one = Get-LabServerState -Lab $lab -Backend $be -Server csv1
        $one.Address | Should -BeExactly '172.16.0.12'
        $one.Port | Should -BeExactly '8080'
        $two = Get-LabServerState -Lab $lab -Backend $be -Server csv2
        $two.Address | Should -BeExactly '172.16.0.13'
        $two.Port | Should -BeExactly '8081'
    }

    It 'creates servers from a real Import-Csv file' {
        $csv = Join-Path $TestDrive 'servers.csv'
        Set-Content -Path $csv -Encoding utf8 -Value @(
            'Backend,Name,Address,Port,Weight'
            "$be,file1,172.16.0.21,8080,3"
            "$be,file2,172.16.0.22,8082,4"
        )
        Import-Csv $csv | Add-HaproxyServer
        $a = Get-LabServerState -Lab $lab -Backend $be -Server file1
        $b = Get-LabServerState -Lab $lab -Backend $be -Server file2
        "$($a.Address):$($a.Port) w$($a.Weight)" | Should -BeExactly '172.16.0.21:8080 w3'
        "$($b.Address):$($b.Port) w$($b.Weight)" | Should -BeExactly '172.16.0.22:8082 w4'
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'Get-HaproxyServer' {
    BeforeAll {
        $be = 'srvget'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name get-a -Address 127.0.0.1 -Port $lab.DynamicAppPort -Weight 5
        Add-HaproxyServer -Backend $be -Name get-b -Address 172.16.0.12 -Port 8080
        Add-HaproxyServer -Backend $be -Name other -Address 172.16.0.14 -Port 8084
    }

    It 'without parameters lists every server of every backend' {
        $all = @(Get-HaproxyServer)
        $all | Should -HaveCount (@(Get-LabServerRows -Lab $lab).Count)
        ($all | ForEach-Object FullName) | Should -Contain 'webservers/web1'
        ($all | ForEach-Object FullName) | Should -Contain "$be/get-a"
        ($all | ForEach-Object FullName) | Should -Contain "$be/other"
    }

    It '-Backend lists exactly that backend''s servers' {
        $servers = @(Get-HaproxyServer -Backend $be)
        ($servers.Name | Sort-Object) | Should -Be @(Get-LabServerNames -Lab $lab $be | Sort-Object)
        $servers.Backend | Sort-Object -Unique | Should -BeExactly $be
    }

    It '-Backend -Name returns the one server with its properties' {
        $server = @(Get-HaproxyServer -Backend $be -Name get-a)
        $server | Should -HaveCount 1
        $server[0].Backend | Should -BeExactly $be
        $server[0].Name | Should -BeExactly 'get-a'
        $server[0].FullName | Should -BeExactly "$be/get-a"
        $server[0].Address | Should -BeExactly '127.0.0.1'
        $server[0].Port | Should -Be $lab.DynamicAppPort
        $server[0].AdminState | Should -Be 'Maint'
        $server[0].OperationalState | Should -Be 'Stopped'
        $server[0].Weight | Should -Be 5
        $server[0].Session | Should -Not -BeNullOrEmpty
        $server[0].Session | Should -Be $session.Name
        $lab1 = Get-LabServerState -Lab $lab -Backend $be -Server get-a
        [int]$server[0].AdminFlags | Should -Be $lab1.AdminState
        [int]$server[0].OperationalState | Should -Be $lab1.OpState
    }

    It 'positional -Backend and -Name work as well' {
        (Get-HaproxyServer $be get-b).Address | Should -BeExactly '172.16.0.12'
    }

    It 'wildcards on -Name filter within a backend' {
        $servers = @(Get-HaproxyServer -Backend $be -Name 'get-*')
        ($servers.Name | Sort-Object) | Should -Be @('get-a', 'get-b')
    }

    It 'wildcards on -Backend and -Name together' {
        $servers = @(Get-HaproxyServer -Backend 'srvg*' -Name '*-b')
        $servers | Should -HaveCount 1
        $servers[0].FullName | Should -BeExactly "$be/get-b"
        $web = @(Get-HaproxyServer -Backend 'web*' -Name 'w*')
        ($web | ForEach-Object FullName) | Should -Be @('webservers/web1')
    }

    It 'a wildcard that matches nothing returns nothing and no error' {
        $out = Get-HaproxyServer -Backend $be -Name 'zz*' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 0
    }

    It 'a missing exact -Name is a non-terminating HaproxyObjectNotFound; the other names are still returned' {
        $out = @(Get-HaproxyServer -Backend $be -Name nosuch, get-a -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly 'nosuch'
        $out | Should -HaveCount 1
        $out[0].Name | Should -BeExactly 'get-a'
    }

    It 'a missing exact -Name without -Backend is HaproxyObjectNotFound too' {
        $out = Get-HaproxyServer -Name nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'an unknown exact -Backend is HaproxyObjectNotFound' {
        $out = Get-HaproxyServer -Backend nosuchbackend -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'with several exact -Backend names, one unknown backend does not hide the others'' servers' {
        $out = @(Get-HaproxyServer -Backend $be, nosuchbackend -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        ($out.Name | Sort-Object) | Should -Be @(Get-LabServerNames -Lab $lab $be | Sort-Object)
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'Enable-/Disable-HaproxyServer and Set-HaproxyServerState' {
    BeforeAll {
        # Loopback targets the lab owns, no check: enabling them is harmless (the backend is never published).
        $be = 'srvstate'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name st1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
        Add-HaproxyServer -Backend $be -Name st2 -Address 127.0.0.1 -Port $lab.DefaultAppPort
    }

    It 'Enable-HaproxyServer makes a new server Ready (admin state 0)' {
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 1
        $server = Enable-HaproxyServer -Backend $be -Name st1 -PassThru
        $server.AdminState | Should -Be 'Ready'
        $server.AdminFlags | Should -Be 'None'
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 0
    }

    It 'Disable-HaproxyServer puts it into forced maintenance (bit 0x1)' {
        $server = Disable-HaproxyServer -Backend $be -Name st1 -PassThru
        $server.AdminState | Should -Be 'Maint'
        $server.AdminFlags | Should -Be 'ForcedMaint'
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 1
    }

    It 'without -PassThru the state cmdlets write nothing' {
        Enable-HaproxyServer -Backend $be -Name st1 | Should -BeNullOrEmpty
        Disable-HaproxyServer -Backend $be -Name st1 | Should -BeNullOrEmpty
        Set-HaproxyServerState -Backend $be -Name st1 -State Maint | Should -BeNullOrEmpty
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 1
    }

    It 'Set-HaproxyServerState -State <State> -PassThru returns AdminState <State> and HAProxy shows admin state <Bits>' -ForEach @(
        @{ State = 'Ready'; Bits = 0; Flags = 'None' }
        @{ State = 'Drain'; Bits = 8; Flags = 'ForcedDrain' }
        @{ State = 'Maint'; Bits = 1; Flags = 'ForcedMaint' }
        @{ State = 'Drain'; Bits = 8; Flags = 'ForcedDrain' }   # from maint back to drain
        @{ State = 'Ready'; Bits = 0; Flags = 'None' }          # from drain back to ready
    ) {
        $server = @(Set-HaproxyServerState -Backend $be -Name st1 -State $State -PassThru)
        $server | Should -HaveCount 1
        $server[0].AdminState | Should -Be $State
        $server[0].AdminFlags | Should -Be $Flags
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be $Bits
    }

    It 'Set-HaproxyServerState takes the state positionally' {
        Set-HaproxyServerState $be st1 Drain
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 8
    }

    It 'Get-HaproxyServer -Backend b | Disable-HaproxyServer disables every server of b' {
        Enable-HaproxyServer -Backend $be -Name st1
        Set-HaproxyServerState -Backend $be -Name st1 -State Ready
        Enable-HaproxyServer -Backend $be -Name st2
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 0
        (Get-LabServerState -Lab $lab -Backend $be -Server st2).AdminState | Should -Be 0
        $out = @(Get-HaproxyServer -Backend $be | Disable-HaproxyServer -PassThru)
        ($out.Name | Sort-Object) | Should -Be @('st1', 'st2')
        $out.AdminState | Sort-Object -Unique | Should -Be 'Maint'
        (Get-LabServerState -Lab $lab -Backend $be -Server st1).AdminState | Should -Be 1
        (Get-LabServerState -Lab $lab -Backend $be -Server st2).AdminState | Should -Be 1
    }

    It 'piped objects chain: Get | Enable -PassThru | Set-HaproxyServerState Drain -PassThru' {
        $out = Get-HaproxyServer -Backend $be -Name st2 | Enable-HaproxyServer -PassThru | Set-HaproxyServerState -State Drain -PassThru
        $out.FullName | Should -BeExactly "$be/st2"
        $out.AdminState | Should -Be 'Drain'
        (Get-LabServerState -Lab $lab -Backend $be -Server st2).AdminState | Should -Be 8
        Set-HaproxyServerState -Backend $be -Name st2 -State Maint
    }

    It 'an unknown server is HaproxyObjectNotFound for <Cmd>' -ForEach @(
        @{ Cmd = 'Enable-HaproxyServer'; Script = { param($b) Enable-HaproxyServer -Backend $b -Name nosuch } }
        @{ Cmd = 'Disable-HaproxyServer'; Script = { param($b) Disable-HaproxyServer -Backend $b -Name nosuch } }
        @{ Cmd = 'Set-HaproxyServerState'; Script = { param($b) Set-HaproxyServerState -Backend $b -Name nosuch -State Drain } }
        @{ Cmd = 'Remove-HaproxyServer'; Script = { param($b) Remove-HaproxyServer -Backend $b -Name nosuch -Confirm:$false } }
    ) {
        $records = @(& $Script $be 2>&1)
        $err = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $records | Should -HaveCount 1
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'Enable-/Disable-HaproxyHealthCheck' {
    BeforeAll {
        $be = 'srvhealth'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name hc -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort
        Add-HaproxyServer -Backend $be -Name nocheck -Address 127.0.0.1 -Port $lab.DynamicAppPort
    }

    It 'Enable-HaproxyHealthCheck turns the configured check on (check state bit 0x4)' {
        $server = Enable-HaproxyHealthCheck -Backend $be -Name hc -PassThru
        $server.HealthCheckEnabled | Should -BeTrue
        $server.HealthCheckConfigured | Should -BeTrue
        $state = Get-LabServerState -Lab $lab -Backend $be -Server hc
        ($state.CheckState -band 0x6) | Should -Be 0x6
    }

    It 'Disable-HaproxyHealthCheck turns it off again and keeps it configured' {
        $server = Disable-HaproxyHealthCheck -Backend $be -Name hc -PassThru
        $server.HealthCheckEnabled | Should -BeFalse
        $server.HealthCheckConfigured | Should -BeTrue
        $state = Get-LabServerState -Lab $lab -Backend $be -Server hc
        ($state.CheckState -band 0x6) | Should -Be 0x2
    }

    It 'toggles through the pipeline as well' {
        $on = Get-HaproxyServer -Backend $be -Name hc | Enable-HaproxyHealthCheck -PassThru
        $on.HealthCheckEnabled | Should -BeTrue
        $off = $on | Disable-HaproxyHealthCheck -PassThru
        $off.HealthCheckEnabled | Should -BeFalse
        ((Get-LabServerState -Lab $lab -Backend $be -Server hc).CheckState -band 0x4) | Should -Be 0
    }

    It 'Enable-HaproxyHealthCheck on a server without -Check is HaproxyInvalidOperation and changes nothing' {
        $out = Enable-HaproxyHealthCheck -Backend $be -Name nocheck -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -BeExactly "$be/nocheck"
        (Get-LabServerState -Lab $lab -Backend $be -Server nocheck).CheckState | Should -Be 0
    }

    It 'Disable-HaproxyHealthCheck on a server without -Check: HAProxy 3.4 accepts it silently, nothing changes' {
        # HAProxy's 'disable health' does not check CHK_ST_CONFIGURED (only 'enable health' does), so there is no
        # error to classify; the test pins that the module reports HAProxy's success and the state stays 0.
        $server = Disable-HaproxyHealthCheck -Backend $be -Name nocheck -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        $server.HealthCheckConfigured | Should -BeFalse
        $server.HealthCheckEnabled | Should -BeFalse
        (Get-LabServerState -Lab $lab -Backend $be -Server nocheck).CheckState | Should -Be 0
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'Remove-HaproxyServer' {
    BeforeAll {
        $be = 'srvdel'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name live -Address 127.0.0.1 -Port $lab.DynamicAppPort
        Add-HaproxyServer -Backend $be -Name gone -Address 127.0.0.1 -Port $lab.DynamicAppPort
        Add-HaproxyServer -Backend $be -Name piped -Address 172.16.0.12 -Port 8080
        Enable-HaproxyServer -Backend $be -Name live
    }

    It 'refuses a server that is not in maintenance with HaproxyObjectNotRemovable' {
        (Get-LabServerState -Lab $lab -Backend $be -Server live).AdminState | Should -Be 0
        Remove-HaproxyServer -Backend $be -Name live -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].TargetObject | Should -BeExactly "$be/live"
        (Get-LabServerState -Lab $lab -Backend $be -Server live).AdminState | Should -Be 0
    }

    It 'removes a server in maintenance' {
        (Get-LabServerState -Lab $lab -Backend $be -Server gone).AdminState | Should -Be 1
        Remove-HaproxyServer -Backend $be -Name gone -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabServerState -Lab $lab -Backend $be -Server gone | Should -BeNullOrEmpty
    }

    It 'removes a piped server, and after Disable the one that was refused' {
        Get-HaproxyServer -Backend $be -Name piped | Remove-HaproxyServer -Confirm:$false
        Get-LabServerState -Lab $lab -Backend $be -Server piped | Should -BeNullOrEmpty
        Disable-HaproxyServer -Backend $be -Name live
        Remove-HaproxyServer -Backend $be -Name live -Confirm:$false
        Get-LabServerNames -Lab $lab $be | Should -BeNullOrEmpty
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'Pipeline binding between backends and servers' {
    BeforeAll {
        # b2 has servers s1 and s2. 'twin' has one server also called 'twin', in maintenance and so deletable at once:
        # the old Backend alias made 'Get-HaproxyBackend twin | Remove-HaproxyServer' delete twin/twin.
        Add-HaproxyBackend -Name b2 -From mydefaults
        Add-HaproxyServer -Backend b2 -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
        Add-HaproxyServer -Backend b2 -Name s2 -Address 172.16.0.12 -Port 8080
        Add-HaproxyBackend -Name twin -From mydefaults
        Add-HaproxyServer -Backend twin -Name twin -Address 172.16.0.12 -Port 8080
    }

    It 'Get-HaproxyServer binds a piped HaproxyBackend to -InputObject by value; -Backend stays by property name' {
        $command = Get-Command Get-HaproxyServer
        $inputObject = $command.Parameters['InputObject']
        $inputObject.ParameterType.FullName | Should -Be 'HaproxyRuntime.Client.Models.HaproxyBackend'
        $inputObject.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipeline | Should -BeTrue
        $backend = $command.Parameters['Backend'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $backend.ValueFromPipeline | Should -BeFalse
        $backend.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'Get-HaproxyBackend webservers | Get-HaproxyServer returns only webservers'' servers' {
        $records = @(Get-HaproxyBackend -Name webservers | Get-HaproxyServer -Verbose 4>&1)
        # One state request, for that backend only (then the live figures of those servers from show stat).
        Get-VerboseLines $records | Should -Be @("[$($session.Name)] show servers state webservers", "[$($session.Name)] show stat")
        $servers = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyServer] })
        $servers.Backend | Sort-Object -Unique | Should -BeExactly 'webservers'
        ($servers.Name | Sort-Object) | Should -Be @(Get-LabServerNames -Lab $lab webservers | Sort-Object)
        ($servers | ForEach-Object FullName) | Should -Contain 'webservers/web1'
    }

    It '''b2'' | Get-HaproxyServer lists b2''s servers' {
        $servers = @('b2' | Get-HaproxyServer)
        ($servers.Name | Sort-Object) | Should -Be @('s1', 's2')
        ($servers.Name | Sort-Object) | Should -Be @(Get-LabServerNames -Lab $lab b2 | Sort-Object)
        $servers.Backend | Sort-Object -Unique | Should -BeExactly 'b2'
    }

    It 'several piped backends list the servers of each' {
        $servers = @(Get-HaproxyBackend -Name b2, twin | Get-HaproxyServer)
        ($servers | ForEach-Object FullName | Sort-Object) | Should -Be @('b2/s1', 'b2/s2', 'twin/twin')
    }

    It 'a piped backend with -Name returns that server only' {
        $servers = @(Get-HaproxyBackend -Name b2 | Get-HaproxyServer -Name s2)
        $servers | Should -HaveCount 1
        $servers[0].FullName | Should -BeExactly 'b2/s2'
    }

    It 'a piped server lists the servers of its own backend (through -Backend)' {
        $servers = @(Get-HaproxyServer -Backend twin | Get-HaproxyServer)
        ($servers | ForEach-Object FullName) | Should -Be @('twin/twin')
    }

    It 'Get-HaproxyBackend webservers | Remove-HaproxyServer deletes nothing (the backend does not bind -Backend)' {
        $before = @(Get-LabServerRows -Lab $lab).Count
        $records = @(Get-HaproxyBackend -Name webservers | Remove-HaproxyServer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*del server*' }) | Should -HaveCount 0
        Get-LabServerState -Lab $lab -Backend webservers -Server web1 | Should -Not -BeNullOrEmpty
        @(Get-LabServerRows -Lab $lab).Count | Should -Be $before
    }

    It 'Get-HaproxyBackend twin | Remove-HaproxyServer does not delete the server twin/twin' {
        (Get-LabServerState -Lab $lab -Backend twin -Server twin).AdminState | Should -Be 1
        Get-HaproxyBackend -Name twin | Remove-HaproxyServer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*'
        Get-LabServerState -Lab $lab -Backend twin -Server twin | Should -Not -BeNullOrEmpty
    }

    It 'Get-HaproxyBackend twin | Get-HaproxyServer | Remove-HaproxyServer deletes the server, as the help says' {
        Get-HaproxyBackend -Name twin | Get-HaproxyServer | Remove-HaproxyServer -Confirm:$false
        Get-LabServerState -Lab $lab -Backend twin -Server twin | Should -BeNullOrEmpty
        Get-LabServerNames -Lab $lab twin | Should -BeNullOrEmpty
        Get-LabServerState -Lab $lab -Backend b2 -Server s1 | Should -Not -BeNullOrEmpty
    }

    AfterAll { Remove-LabBackend -Lab $lab b2, twin }
}

Describe '-WhatIf on every server change' {
    BeforeAll {
        $be = 'srvwhatif'
        Add-HaproxyBackend -Name $be -From mydefaults
        # inmaint: maintenance, check configured but off. ready: Ready with its check on (loopback, lab-owned port).
        Add-HaproxyServer -Backend $be -Name inmaint -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort
        Add-HaproxyServer -Backend $be -Name ready -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort
        Enable-HaproxyServer -Backend $be -Name ready
        Enable-HaproxyHealthCheck -Backend $be -Name ready

        function Get-Snapshot {
            # Admin state, weight, address and the configured/enabled check bits (0x1 'check running' flickers).
            foreach ($name in 'inmaint', 'ready') {
                $s = Get-LabServerState -Lab $lab -Backend $be -Server $name
                if ($s) { "$name $($s.Address):$($s.Port) admin=$($s.AdminState) weight=$($s.Weight) check=$($s.CheckState -band 0x6)" } else { "$name missing" }
            }
            "count=$(@(Get-LabServerNames -Lab $lab $be).Count)"
        }
        $expected = @(Get-Snapshot)
    }

    It 'the starting state is as arranged' {
        $expected | Should -Be @(
            "inmaint 127.0.0.1:$($lab.DynamicAppPort) admin=1 weight=1 check=2"
            "ready 127.0.0.1:$($lab.DynamicAppPort) admin=0 weight=1 check=6"
            'count=2'
        )
    }

    It '<Cmd> -WhatIf changes nothing and writes nothing' -ForEach @(
        @{ Cmd = 'Add-HaproxyServer'; Script = { Add-HaproxyServer -Backend $be -Name extra -Address 127.0.0.1 -Port $lab.DynamicAppPort -PassThru -WhatIf } }
        @{ Cmd = 'Enable-HaproxyServer'; Script = { Enable-HaproxyServer -Backend $be -Name inmaint -PassThru -WhatIf } }
        @{ Cmd = 'Disable-HaproxyServer'; Script = { Disable-HaproxyServer -Backend $be -Name ready -PassThru -WhatIf } }
        @{ Cmd = 'Set-HaproxyServerState Ready'; Script = { Set-HaproxyServerState -Backend $be -Name inmaint -State Ready -PassThru -WhatIf } }
        @{ Cmd = 'Set-HaproxyServerState Drain'; Script = { Set-HaproxyServerState -Backend $be -Name ready -State Drain -PassThru -WhatIf } }
        @{ Cmd = 'Set-HaproxyServerState Maint'; Script = { Set-HaproxyServerState -Backend $be -Name ready -State Maint -PassThru -WhatIf } }
        @{ Cmd = 'Enable-HaproxyHealthCheck'; Script = { Enable-HaproxyHealthCheck -Backend $be -Name inmaint -PassThru -WhatIf } }
        @{ Cmd = 'Disable-HaproxyHealthCheck'; Script = { Disable-HaproxyHealthCheck -Backend $be -Name ready -PassThru -WhatIf } }
        @{ Cmd = 'Remove-HaproxyServer'; Script = { Remove-HaproxyServer -Backend $be -Name inmaint -WhatIf } }
        @{ Cmd = 'piped Disable-HaproxyServer'; Script = { Get-HaproxyServer -Backend $be | Disable-HaproxyServer -PassThru -WhatIf } }
        @{ Cmd = 'piped Remove-HaproxyServer'; Script = { Get-HaproxyServer -Backend $be | Remove-HaproxyServer -WhatIf } }
    ) {
        $out = & $Script
        $out | Should -BeNullOrEmpty
        @(Get-Snapshot) | Should -Be $expected
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }
}

Describe 'an operator-level session' {
    BeforeAll {
        $be = 'srvop'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
    }

    It 'connects at operator level without becoming the default session' {
        (Get-HaproxySession -Default).Id | Should -Be $session.Id
        (Invoke-LabSocket -Lab $lab -Socket $lab.OperatorSocket -Command 'show cli level') | Should -BeExactly 'operator'
    }

    It 'Add-HaproxyServer is HaproxyPermissionDenied and adds nothing' {
        Add-HaproxyServer -Session $operator -Backend $be -Name s2 -Address 127.0.0.1 -Port $lab.DynamicAppPort -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-LabServerState -Lab $lab -Backend $be -Server s2 | Should -BeNullOrEmpty
    }

    It 'Set-HaproxyServerState is HaproxyPermissionDenied and changes nothing' {
        Set-HaproxyServerState -Session $operator -Backend $be -Name s1 -State Ready -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        (Get-LabServerState -Lab $lab -Backend $be -Server s1).AdminState | Should -Be 1
    }

    It 'the admin session is unaffected afterwards' {
        (Set-HaproxyServerState -Backend $be -Name s1 -State Ready -PassThru).AdminState | Should -Be 'Ready'
        (Get-LabServerState -Lab $lab -Backend $be -Server s1).AdminState | Should -Be 0
    }

    AfterAll {
        if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
        Remove-LabBackend -Lab $lab $be
    }
}
