# Statistics (Get-HaproxyStat, Clear-HaproxyCounter, the typed fields of Get-HaproxyInfo) against a real HAProxy 3.4 on
# loopback. What the cmdlets return is compared with the lab's own reads of 'show stat' and 'show info'; counters are
# driven by real HTTP requests to the lab's frontend (loopback, a handful, bounded timeouts).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $bothPort = Get-FreeTcpPort
    # 'both' is a listen section (a FRONTEND and a BACKEND row) with listener rows (option socket-stats) and a checked
    # server; '12abc' is a name HAProxy would also read as proxy id 12 when no proxy had it.
    $lab = Start-HaproxyLab -ExtraConfig @"

listen both
    bind 127.0.0.1:$bothPort
    option socket-stats
    server up1 127.0.0.1:$bothPort check inter 1s
    server off1 127.0.0.1:9 disabled

backend 12abc
    server z1 127.0.0.1:9
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s

    # Properties of the columns the lab's 'show stat' has, checked one by one against it (numbers, texts, times).
    $numberColumns = [ordered]@{
        qcur = 'QueueCurrent'; qmax = 'QueueMax'; scur = 'CurrentSessions'; smax = 'MaxSessions'; slim = 'SessionLimit'
        stot = 'TotalSessions'; bin = 'BytesIn'; bout = 'BytesOut'; dreq = 'DeniedRequests'; ereq = 'RequestErrors'
        econ = 'ConnectionErrors'; weight = 'Weight'; act = 'ActiveServers'; bck = 'BackupServers'; iid = 'ProxyId'
        sid = 'ServiceId'; pid = 'ProcessNumber'; rate = 'SessionRate'; rate_max = 'SessionRateMax'; req_tot = 'RequestsTotal'
        hrsp_2xx = 'HttpResponses2xx'; conn_tot = 'ConnectionsTotal'; uweight = 'UserWeight'; srid = 'ServerRevision'
        check_rise = 'CheckRise'; check_fall = 'CheckFall'; reqbin = 'RequestBytesIn'; resbout = 'ResponseBytesOut'
    }
    $textColumns = [ordered]@{ pxname = 'ProxyName'; svname = 'ServiceName'; status = 'StatusText'; addr = 'Address'; mode = 'Mode'; algo = 'Algorithm'; proto = 'Protocol' }
    # Every column of HAProxy 3.4's stat_cols_px (stats-proxy.c): each has a property; the others are OtherFields.
    $ownColumns = @('pxname', 'svname', 'qcur', 'qmax', 'scur', 'smax', 'slim', 'stot', 'bin', 'bout', 'dreq', 'dresp', 'ereq', 'econ',
        'eresp', 'wretr', 'wredis', 'status', 'weight', 'act', 'bck', 'chkfail', 'chkdown', 'lastchg', 'downtime', 'qlimit', 'pid',
        'iid', 'sid', 'throttle', 'lbtot', 'tracked', 'type', 'rate', 'rate_lim', 'rate_max', 'check_status', 'check_code',
        'check_duration', 'hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other', 'hanafail', 'req_rate',
        'req_rate_max', 'req_tot', 'cli_abrt', 'srv_abrt', 'comp_in', 'comp_out', 'comp_byp', 'comp_rsp', 'lastsess', 'last_chk',
        'last_agt', 'qtime', 'ctime', 'rtime', 'ttime', 'agent_status', 'agent_code', 'agent_duration', 'check_desc', 'agent_desc',
        'check_rise', 'check_fall', 'check_health', 'agent_rise', 'agent_fall', 'agent_health', 'addr', 'cookie', 'mode', 'algo',
        'conn_rate', 'conn_rate_max', 'conn_tot', 'intercepted', 'dcon', 'dses', 'wrew', 'connect', 'reuse', 'cache_lookups',
        'cache_hits', 'srv_icur', 'src_ilim', 'qtime_max', 'ctime_max', 'rtime_max', 'ttime_max', 'eint', 'idle_conn_cur',
        'safe_conn_cur', 'used_conn_cur', 'need_conn_est', 'uweight', 'agg_server_check_status', 'agg_check_status', 'srid',
        'sess_other', 'h1sess', 'h2sess', 'h3sess', 'req_other', 'h1req', 'h2req', 'h3req', 'proto', 'priv_idle_cur', 'reqbin',
        'reqbout', 'resbin', 'resbout')

    function Send-LabRequests([int] $Count) {
        for ($i = 0; $i -lt $Count; $i++) { Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers' }
    }
    function Get-Key($Row) { "$($Row.pxname)/$($Row.svname)" }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyStat' {
    It 'returns one object per row of show stat, in its order, typed by its type column' {
        $rows = @(Get-LabStatRows -Lab $lab)
        $stats = @(Get-HaproxyStat)
        $stats.Count | Should -Be $rows.Count
        ($stats | ForEach-Object { "$($_.ProxyName)/$($_.ServiceName)" }) | Should -Be ($rows | ForEach-Object { Get-Key $_ })
        $typeNames = 'Frontend', 'Backend', 'Server', 'Listener'
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $stats[$i] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyStat'
            "$($stats[$i].Type)" | Should -BeExactly $typeNames[[int]$rows[$i].type]
            $stats[$i].Session | Should -Be $session.Name
        }
        @($stats | ForEach-Object Type | Sort-Object -Unique) | Should -Be @('Frontend', 'Backend', 'Server', 'Listener')
    }

    It 'gives every field: numbers as numbers (null where HAProxy leaves the field empty), texts as sent' {
        $rows = @(Get-LabStatRows -Lab $lab)
        $stats = @(Get-HaproxyStat)
        for ($i = 0; $i -lt $rows.Count; $i++) {
            foreach ($c in $numberColumns.GetEnumerator()) {
                $value = $stats[$i].($c.Value)
                if ($rows[$i].($c.Key) -eq '') { $value | Should -BeNullOrEmpty -Because "$(Get-Key $rows[$i]) $($c.Key) is empty" }
                elseif ($c.Key -notin 'bin', 'bout', 'reqbin', 'resbout', 'stot', 'conn_tot', 'req_tot', 'hrsp_2xx', 'rate', 'rate_max', 'scur', 'smax') {
                    # (the traffic counters may move between the two reads: the CLI connections are sessions too)
                    $value | Should -BeOfType [long]
                    "$value" | Should -BeExactly $rows[$i].($c.Key) -Because "$(Get-Key $rows[$i]) $($c.Key)"
                }
            }
            foreach ($c in $textColumns.GetEnumerator()) {
                if ($rows[$i].($c.Key) -eq '') { $stats[$i].($c.Value) | Should -BeNullOrEmpty }
                else { $stats[$i].($c.Value) | Should -BeExactly $rows[$i].($c.Key) -Because "$(Get-Key $rows[$i]) $($c.Key)" }
            }
        }
    }

    It 'keeps every column it has no property for in OtherFields, in HAProxy''s order' {
        $header = @((Invoke-LabSocket -Lab $lab -Command 'show stat') -split "`n" | Select-Object -First 1)[0].Substring(2).Split(',') |
            Where-Object { $_ -and $_ -ne '-' }
        $unknownToUs = @($header | Where-Object { $_ -notin $ownColumns })
        $stat = Get-HaproxyStat -Name myfrontend1 -Type Frontend
        @($stat.OtherFields.Keys) | Should -Be $unknownToUs
        $row = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        foreach ($name in $unknownToUs) { $stat.OtherFields[$name] | Should -BeExactly $row.$name }
        # Every column HAProxy 3.4 defines is one it has (a column we type that 3.4 dropped would be a stale property).
        foreach ($name in $ownColumns) { $header | Should -Contain $name }
    }

    It 'reads the status as an enum, with HAProxy''s text beside it, and times as TimeSpans' {
        $null = Invoke-LabSocket -Lab $lab -Command 'set server both/up1 state maint'
        try {
            $s = Get-HaproxyStat both -Type Server
            $up1 = $s | Where-Object ServiceName -EQ up1
            $up1.Status | Should -Be ([HaproxyRuntime.Client.Models.HaproxyStatStatus]::Maint)
            $up1.StatusText | Should -BeExactly (Get-LabStat -Lab $lab both up1).status
            ($s | Where-Object ServiceName -EQ off1).Status | Should -Be 'Maint'
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command 'set server both/up1 state ready' }
        (Get-HaproxyStat webservers -Type Server).Status | Should -Be 'NoCheck'
        (Get-HaproxyStat myfrontend1 -Type Frontend).Status | Should -Be 'Open'
        (Get-HaproxyStat -Name both -Type Listener).Status | Should -Be 'Open'
        # The checked server (a TCP check of its own listener): its last check and how long it took.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-LabStat -Lab $lab both up1).check_status.TrimStart('*', ' ') -ne 'L4OK' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $checked = Get-HaproxyStat both -Type Server | Where-Object ServiceName -EQ up1
        $checked.CheckStatus | Should -BeExactly 'L4OK'
        $checked.CheckDescription | Should -Not -BeNullOrEmpty
        $checked.CheckDuration | Should -BeOfType [timespan]
        $checked.CheckDuration.TotalSeconds | Should -BeLessThan 1   # a connect on loopback
        $checked.CheckRise | Should -Be 2
        $backend = Get-HaproxyStat webservers -Type Backend
        $backend.Status | Should -Be 'Up'
        $backend.LastChange | Should -BeOfType [timespan]
        [math]::Abs($backend.LastChange.TotalSeconds - [double](Get-LabStat -Lab $lab webservers BACKEND).lastchg) | Should -BeLessOrEqual 1
        Send-LabRequests 1
        $server = Get-HaproxyStat webservers -Type Server
        $server.TotalTime | Should -BeOfType [timespan]
        $server.LastSession | Should -BeOfType [timespan]
        $server.LastSession.TotalSeconds | Should -BeLessOrEqual 2
    }

    It 'asks HAProxy for one proxy when the name is exact, with the type mask of -Type' {
        $out = Get-HaproxyStat -Name both -Type Server, Listener -Verbose 4>&1
        Get-VerboseLines $out | Should -Be "[$($session.Name)] show stat both 12 -1"
        $stats = @($out | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStat] })
        ($stats | ForEach-Object { "$($_.Type) $($_.ServiceName)" }) | Should -Be @('Listener sock-1', 'Server up1', 'Server off1')
        $out = Get-HaproxyStat both -Verbose 4>&1
        Get-VerboseLines $out | Should -Be "[$($session.Name)] show stat both -1 -1"
        @($out | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStat] }).Count | Should -Be @(Get-LabStatRows -Lab $lab | Where-Object pxname -EQ both).Count
    }

    It 'filters with wildcards over one unfiltered read, and by several types' {
        $out = Get-HaproxyStat -Name 'app-*', 'web*' -Type Frontend, Backend -Verbose 4>&1
        Get-VerboseLines $out | Should -Be "[$($session.Name)] show stat"
        $stats = @($out | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStat] })
        ($stats | ForEach-Object { "$($_.ProxyName)/$($_.ServiceName)" }) | Should -Be @('app-default/FRONTEND', 'app-dynamic/FRONTEND', 'webservers/BACKEND')
        @(Get-HaproxyStat -Name 'nothing*') | Should -BeNullOrEmpty
    }

    It 'takes names from the pipeline' {
        $stats = @('webservers', 'myfrontend1' | Get-HaproxyStat -Type Frontend, Backend)
        ($stats | ForEach-Object { "$($_.ProxyName)/$($_.ServiceName)" }) | Should -Be @('webservers/BACKEND', 'myfrontend1/FRONTEND')
    }

    It 'reports a proxy that does not exist and still returns the others' {
        $stats = @(Get-HaproxyStat -Name nope, webservers -Type Backend -ErrorVariable e -ErrorAction SilentlyContinue)
        $stats.ProxyName | Should -Be 'webservers'
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        "$($e[0].TargetObject)" | Should -BeExactly 'nope'
    }

    It 'tells a name HAProxy would read as a proxy id from the proxy of that id' {
        # '1x' is no proxy; HAProxy would dump proxy #1 for it.
        $null = Get-HaproxyStat -Name 1x -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $out = Get-HaproxyStat -Name 12abc -Type Server -Verbose 4>&1
        Get-VerboseLines $out | Should -Be "[$($session.Name)] show stat 12abc -1 -1"
        $stats = @($out | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStat] })
        ($stats | ForEach-Object { "$($_.ProxyName)/$($_.ServiceName)" }) | Should -Be '12abc/z1'
    }

    It 'refuses a name no proxy can have before sending anything' {
        { Get-HaproxyStat -Name 'a b' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
    }

    It 'works at user level (show stat needs no privilege)' {
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -Timeout 5s -NoDefault
        try {
            $s = Get-HaproxyStat -Session $user -Name webservers -Type Server
            $s.ServiceName | Should -BeExactly 'web1'
            # Below operator level HAProxy leaves out the legends (addr, cookie, algo).
            $s.Address | Should -BeNullOrEmpty
        }
        finally { Disconnect-Haproxy -Session $user -Confirm:$false }
    }
}

Describe 'Clear-HaproxyCounter' {
    It 'clears the maximums and rates, not the totals' {
        Send-LabRequests 3
        $before = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        [long]$before.stot | Should -BeGreaterOrEqual 3
        [long]$before.smax | Should -BeGreaterThan 0
        [long]$before.rate_max | Should -BeGreaterThan 0
        Clear-HaproxyCounter -Confirm:$false | Should -BeNullOrEmpty
        $after = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        [long]$after.smax | Should -Be 0
        [long]$after.rate_max | Should -Be 0
        [long]$after.req_rate_max | Should -Be 0
        [long]$after.stot | Should -Be ([long]$before.stot)
        (Get-LabInfo -Lab $lab).MaxConnRate | Should -BeIn '0', '1'   # the lab's own read is a connection
    }

    It '-All clears every counter' {
        Send-LabRequests 3
        [long](Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot | Should -BeGreaterOrEqual 3
        [long](Get-LabStat -Lab $lab webservers web1).stot | Should -BeGreaterOrEqual 3
        Clear-HaproxyCounter -All -Confirm:$false
        $fe = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        [long]$fe.stot | Should -Be 0
        [long]$fe.req_tot | Should -Be 0
        [long]$fe.hrsp_2xx | Should -Be 0
        [long](Get-LabStat -Lab $lab webservers web1).stot | Should -Be 0
        Send-LabRequests 1
        [long](Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot | Should -Be 1
    }

    It 'shows the exact command under -WhatIf and -Verbose, and -WhatIf sends nothing' {
        Send-LabRequests 1
        $stot = (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot
        $lines = Get-WhatIfLines { Clear-HaproxyCounter -All -WhatIf }
        $lines | Should -Be "What if: Performing the operation `"Clear all counters ('clear counters all')`" on target `"$($session.Name)`"."
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot | Should -BeExactly $stot
        Get-VerboseLines (Clear-HaproxyCounter -Confirm:$false -Verbose 4>&1) | Should -Contain "[$($session.Name)] clear counters"
    }

    It 'is Medium impact, and asks as a High-impact cmdlet would with -All' {
        $attribute = (Get-Command Clear-HaproxyCounter).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'Medium'
        $ConfirmPreference = 'High'
        Send-LabRequests 1
        $stot = (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot
        # No prompt for the maximums; with -All a prompt is due, and this host cannot answer one: nothing is cleared.
        Clear-HaproxyCounter
        { Clear-HaproxyCounter -All -ErrorAction Stop } | Should -Throw
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot | Should -BeExactly $stot
    }

    It 'needs operator level, and admin level with -All' {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -Timeout 5s -NoDefault
        try {
            Send-LabRequests 1
            $stot = (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot
            Clear-HaproxyCounter -Session $operator -Confirm:$false -ErrorAction Stop
            Clear-HaproxyCounter -Session $operator -All -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            Clear-HaproxyCounter -Session $user -Confirm:$false -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot | Should -BeExactly $stot
        }
        finally {
            Disconnect-Haproxy -Session $operator -Confirm:$false
            Disconnect-Haproxy -Session $user -Confirm:$false
        }
    }
}

Describe 'Get-HaproxyInfo: every field, the common ones typed' {
    It 'matches show info field by field, in its order' {
        $info = Get-HaproxyInfo
        $lines = @((Invoke-LabSocket -Lab $lab -Command 'show info') -split "`n" | Where-Object { $_.IndexOf(': ') -gt 0 })
        @($info.Fields.Keys) | Should -Be @($lines | ForEach-Object { $_.Substring(0, $_.IndexOf(': ')) })
        $info.Fields.Version | Should -BeExactly $info.Version   # dot notation reads a field too
    }

    It 'types the common fields' {
        $info = Get-HaproxyInfo
        $lab_ = Get-LabInfo -Lab $lab
        $info.ProcessId | Should -Be $lab.ProcessId
        $info.ReleaseDate | Should -BeOfType [datetime]
        $info.ReleaseDate.ToString('yyyy/MM/dd') | Should -BeExactly $lab_.Release_date
        $info.Threads | Should -Be ([int]$lab_.Nbthread)
        $info.ThreadGroups | Should -Be ([int]$lab_.NbThreadGroups)
        $info.Uptime | Should -BeOfType [timespan]
        $info.StartTime.ToUnixTimeSeconds() | Should -Be ([long]$lab_.Start_time_sec)
        $info.MaxConn | Should -Be ([int]$lab_.Maxconn)
        $info.HardMaxConn | Should -Be ([int]$lab_.Hard_maxconn)
        $info.ConnRateLimit | Should -Be ([long]$lab_.ConnRateLimit)
        $info.SessRateLimit | Should -Be ([long]$lab_.SessRateLimit)
        $info.SslRateLimit | Should -Be ([long]$lab_.SslRateLimit)
        $info.MemMaxBytes | Should -Be ([long]$lab_.Memmax_bytes)
        $info.PoolAllocBytes | Should -BeGreaterThan 0
        $info.CumulativeStreams | Should -BeGreaterThan 0
        $info.Node | Should -BeExactly $lab_.node
        $info.Stopping | Should -BeFalse
        foreach ($p in 'ConnRate', 'MaxConnRate', 'SessRate', 'MaxSessRate', 'SslRate', 'MaxSslRate', 'CurrentConnections', 'CumulativeConnections', 'CurrentStreams', 'PoolUsedBytes', 'Tasks', 'RunQueue', 'Jobs', 'Listeners') {
            $info.$p | Should -Not -BeNullOrEmpty -Because $p
        }
    }
}
