# Stick-table cmdlets (Get-HaproxyStickTable, Get-/Set-/Clear-HaproxyStickTableEntry) against a real HAProxy 3.4 on
# loopback, on the lab's stick tables (Start-HaproxyLab -StickTables: st_ip, st_ipv6, st_int, st_str, st_bin) filled
# with real requests through the lab's frontend st-tracked (a bounded number of GETs on 127.0.0.1), not only with 'set
# table'. What HAProxy holds is always read back through the lab's own socket ('show table', parsed by
# ConvertFrom-LabStickTable in HaproxyTestLab.psm1), never only through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # st-held tracks each connection's client address at accept: a connection held open keeps its entry in use.
    $heldPort = Get-FreeTcpPort
    $lab = Start-HaproxyLab -StickTables -ExtraConfig @"

frontend st-held
    bind 127.0.0.1:$heldPort
    tcp-request connection track-sc0 src table st_ipv6
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $tables = 'st_ip', 'st_ipv6', 'st_int', 'st_str', 'st_bin'

    function Reset-LabStickTables {
        <# Empties every lab table (through the lab socket), then fills them with real traffic: 5 GETs of /a, 2 of /inc
           (gpc0 of 127.0.0.1 in st_ip, gpc1 of /inc in st_str), one of /v6 (st_ipv6), one of /q?n=42 (st_int), one
           with x-bin: AB (st_bin). #>
        foreach ($t in $tables) { $null = Invoke-LabSocket -Lab $lab -Command "clear table $t" }
        (Send-LabTrackedRequest -Lab $lab -Path /a -Count 5) | Should -Be 5
        (Send-LabTrackedRequest -Lab $lab -Path /inc -Count 2) | Should -Be 2
        (Send-LabTrackedRequest -Lab $lab -Path /v6) | Should -Be 1
        (Send-LabTrackedRequest -Lab $lab -Path '/q?n=42') | Should -Be 1
        (Send-LabTrackedRequest -Lab $lab -Path /h -Header @{ 'x-bin' = 'AB' }) | Should -Be 1
    }

    function Get-SentLines($Records) {
        $prefix = "[$($session.Name)] "
        @(Get-VerboseLines $Records | Where-Object { $_.StartsWith($prefix) } | ForEach-Object { $_.Substring($prefix.Length) })
    }

    function Hold-TrackedConnection {
        <# A connection to st-held, open until disposed: ::ffff:127.0.0.1 in st_ipv6 is in use meanwhile. #>
        $client = [System.Net.Sockets.TcpClient]::new()
        $client.Connect([System.Net.IPAddress]::Loopback, $heldPort)
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while (-not (@(Get-LabStickEntries -Lab $lab st_ipv6 -Key '::ffff:127.0.0.1') | Where-Object Use -GE 1)) {
            if ([DateTime]::UtcNow -gt $deadline) { $client.Dispose(); throw 'st-held did not track the held connection.' }
            Start-Sleep -Milliseconds 20
        }
        $client
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyStickTable' {
    BeforeAll { Reset-LabStickTables }

    It 'lists every table with its key type, size and use, as show table' {
        $out = @(Get-HaproxyStickTable)
        $expected = Get-LabStickTables -Lab $lab
        @($out | ForEach-Object Name) | Should -BeExactly @($expected | ForEach-Object Name)
        foreach ($t in $out) {
            $t | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyStickTable'
            $lab1 = $expected | Where-Object Name -CEQ $t.Name
            $t.TypeWord | Should -BeExactly $lab1.Type
            $t.Size | Should -Be $lab1.Size
            $t.Used | Should -Be $lab1.Used
            $t.Table | Should -BeExactly $t.Name
            $t.Session | Should -Be $session.Name
        }
        @($out | ForEach-Object { "$($_.Name):$($_.Type)" } | Sort-Object) |
            Should -BeExactly @('st_bin:Binary', 'st_int:Integer', 'st_ip:Ip', 'st_ipv6:Ipv6', 'st_str:String')
    }

    It '-Name takes wildcards; a name that is not there is HaproxyObjectNotFound with the closest one' {
        @(Get-HaproxyStickTable -Name st_i* | ForEach-Object Name | Sort-Object) | Should -BeExactly @('st_int', 'st_ip', 'st_ipv6')
        $null = Get-HaproxyStickTable -Name st_ipp -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].Exception.Message | Should -BeLike "*Did you mean 'st_ip*"
    }

    It 'a piped table binds -Table of Get-HaproxyStickTableEntry' {
        $entries = @(Get-HaproxyStickTable -Name st_int | Get-HaproxyStickTableEntry)
        $entries | Should -HaveCount 1
        $entries[0].Key | Should -BeExactly '42'
    }

    It 'a user-level socket lists the tables' {
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -NoDefault -Timeout 5s
        try { @(Get-HaproxyStickTable -Session $user) | Should -HaveCount 5 }
        finally { Disconnect-Haproxy -Session $user -Confirm:$false }
    }
}

Describe 'Get-HaproxyStickTableEntry' {
    BeforeAll { Reset-LabStickTables }

    It 'reads the entry the traffic made: counters as numbers, the rate with its period, as HAProxy shows them' {
        $before = Get-LabStickEntries -Lab $lab st_ip
        $entries = @(Get-HaproxyStickTableEntry -Table st_ip)
        $after = Get-LabStickEntries -Lab $lab st_ip
        $entries | Should -HaveCount 1
        $e = $entries[0]
        $e | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyStickTableEntry'
        $e.Table | Should -BeExactly 'st_ip'
        $e.Key | Should -BeExactly '127.0.0.1'
        $e.KeyType | Should -Be 'Ip'
        $e.Use | Should -Be 0
        $e.Pointer | Should -BeExactly $after[0].Pointer
        $e.Shard | Should -Be $after[0].Shard
        $e.Expire | Should -BeOfType [timespan]
        $e.Expire.TotalMilliseconds | Should -BeLessOrEqual $before[0].Exp
        $e.Expire.TotalMilliseconds | Should -BeGreaterOrEqual $after[0].Exp
        # The traffic: 9 requests from 127.0.0.1 to st-tracked outside /v6, 2 of them under /inc, each on its own connection.
        $e.HttpReqCnt | Should -Be 9
        $e.ConnCnt | Should -Be 9
        $e.HttpReqCnt | Should -Be ([long]$after[0].Data['http_req_cnt'])
        $e.ConnCnt | Should -Be ([long]$after[0].Data['conn_cnt'])
        $e.Gpc0 | Should -Be 2
        $e.Gpc0 | Should -BeOfType [long]
        $e.Gpc | Should -Be @(2)
        # A rate only falls without traffic: what the module read lies between the lab's two reads.
        $e.HttpReqRate.Period | Should -Be ([timespan]::FromSeconds(10))
        $e.HttpReqRate.Rate | Should -BeLessOrEqual ([long]$before[0].Data['http_req_rate(10000)'])
        $e.HttpReqRate.Rate | Should -BeGreaterOrEqual ([long]$after[0].Data['http_req_rate(10000)'])
        $e.HttpReqRate.Rate | Should -BeGreaterThan 0
        $e.Data.Keys | Should -BeExactly @('gpc0', 'conn_cnt', 'http_req_cnt', 'http_req_rate')
        $e.Data['gpc0'] | Should -Be 2
        $e.Gpt0 | Should -BeNullOrEmpty -Because 'st_ip does not store gpt0'
        $e.Session | Should -Be $session.Name
    }

    It 'typed rates filter and sort by their value (Where-Object HttpReqRate -gt 0)' {
        $null = Invoke-LabSocket -Lab $lab -Command 'set table st_ip key 10.0.0.1 data.gpc0 0'
        try {
            @(Get-HaproxyStickTableEntry st_ip | Where-Object HttpReqRate -GT 0 | ForEach-Object Key) | Should -BeExactly @('127.0.0.1')
            @(Get-HaproxyStickTableEntry st_ip | Sort-Object HttpReqRate -Descending | ForEach-Object Key) | Should -BeExactly @('127.0.0.1', '10.0.0.1')
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command 'clear table st_ip key 10.0.0.1' }
    }

    It 'reads every key type as HAProxy prints it: <Table>' -ForEach @(
        @{ Table = 'st_ipv6'; Keys = @('::ffff:127.0.0.1'); Type = 'Ipv6' }
        @{ Table = 'st_int'; Keys = @('42'); Type = 'Integer' }
        @{ Table = 'st_str'; Keys = @('/a', '/h', '/inc', '/q', '/v6'); Type = 'String' }
        @{ Table = 'st_bin'; Keys = @('4142000000000000'); Type = 'Binary' }
    ) {
        $entries = @(Get-HaproxyStickTableEntry -Table $Table)
        @($entries | ForEach-Object Key | Sort-Object) | Should -BeExactly $Keys
        @($entries | ForEach-Object Key | Sort-Object) | Should -BeExactly @(Get-LabStickEntries -Lab $lab $Table | ForEach-Object Key | Sort-Object)
        $entries | ForEach-Object { $_.KeyType | Should -Be $Type }
    }

    It 'an array store reads element by element (gpc(2) in st_str: gpc0, gpc1 and their rates)' {
        $inc = @(Get-HaproxyStickTableEntry st_str -Key /inc)
        $inc | Should -HaveCount 1
        $inc[0].Gpc | Should -Be @(0, 2)
        $inc[0].Gpc1 | Should -Be 2
        $inc[0].Gpc1Rate.Rate | Should -Be 2
        $inc[0].Gpc1Rate.Period | Should -Be ([timespan]::FromMinutes(1))
        $inc[0].ServerId | Should -Be 0
        $lab1 = Get-LabStickEntries -Lab $lab st_str -Key /inc
        $lab1[0].Data['gpc1'] | Should -Be '2'
        $lab1[0].Data['gpc1_rate(60000)'] | Should -Be '2'
    }

    It '-Key finds the entry of each key; a key without one is HaproxyObjectNotFound, the others still come' {
        $out = @(Get-HaproxyStickTableEntry st_ip -Key 10.9.9.9, 127.0.0.1 -ErrorVariable err -ErrorAction SilentlyContinue)
        @($out | ForEach-Object Key) | Should -BeExactly @('127.0.0.1')
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].Exception.Message | Should -BeExactly "Stick table 'st_ip' has no entry with key '10.9.9.9'."
        $err[0].TargetObject | Should -Be '10.9.9.9'
    }

    It '-Key of an ipv6 table takes an IPv4 address, as HAProxy stores it (::ffff:a.b.c.d)' {
        $records = @(Get-HaproxyStickTableEntry st_ipv6 -Key 127.0.0.1 -Verbose 4>&1)
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object Key) | Should -BeExactly @('::ffff:127.0.0.1')
        Get-SentLines $records | Should -Contain 'show table st_ipv6 key ::ffff:127.0.0.1'
    }

    It '-Key of a binary table (which HAProxy cannot look up) reads the table and matches the key with its zero padding' {
        $records = @(Get-HaproxyStickTableEntry st_bin -Key 4142, '0x414200' -Verbose 4>&1)
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object Key) | Should -BeExactly @('4142000000000000', '4142000000000000')
        Get-SentLines $records | Should -BeExactly @('show table', 'show table st_bin')
        $null = Get-HaproxyStickTableEntry st_bin -Key 41 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It '-Key that is not of the table''s type is InvalidHaproxyArgument, and only the table list is read: <Table> <Key>' -ForEach @(
        @{ Table = 'st_ip'; Key = '1.2.3' }
        @{ Table = 'st_ip'; Key = '::ffff:127.0.0.1' }
        @{ Table = 'st_ip'; Key = '127.0.0.1;clear table st_ip' }
        @{ Table = 'st_ipv6'; Key = 'fe80::1%lo' }
        @{ Table = 'st_int'; Key = 'abc' }
        @{ Table = 'st_int'; Key = '-1' }
        @{ Table = 'st_int'; Key = '4294967296' }
        @{ Table = 'st_bin'; Key = 'ABC' }
        @{ Table = 'st_str'; Key = "a`nclear table st_str" }
    ) {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $records = @(Get-HaproxyStickTableEntry -Table $Table -Key $Key -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-SentLines $records | Should -BeExactly @('show table')
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'a string key is read back as it was written: <Label>' -ForEach @(
        @{ Label = 'a space and an equals sign'; Key = 'a b=c' }
        @{ Label = "';' and a backslash"; Key = 'a;b\c' }
        @{ Label = "a leading '<<'"; Key = '<<x' }
        @{ Label = 'a tab'; Key = "t`tab" }
        @{ Label = 'non-ASCII'; Key = 'été日本' }
    ) {
        Set-HaproxyStickTableEntry -Table st_str -Key $Key -Data @{ http_req_cnt = 7 }
        try {
            # HAProxy's own lookup, with the test's escaping, finds it, with the counter set.
            $lab1 = @(Get-LabStickEntries -Lab $lab st_str -Key $Key)
            $lab1 | Should -HaveCount 1
            $lab1[0].Data['http_req_cnt'] | Should -Be '7'
            $got = @(Get-HaproxyStickTableEntry st_str | Where-Object Key -CEQ $Key)
            $got | Should -HaveCount 1
            $got[0].Pointer | Should -BeExactly $lab1[0].Pointer
            @(Get-HaproxyStickTableEntry st_str -Key $Key)[0].HttpReqCnt | Should -Be 7
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command "clear table st_str key $(ConvertTo-LabCliWord $Key)" }
    }

    It '-Filter passes HAProxy''s data filters, all of which must hold' {
        $null = Invoke-LabCommandBatch -Lab $lab 'set table st_ip key 10.0.0.1 data.gpc0 3', 'set table st_ip key 10.0.0.2 data.gpc0 0 data.http_req_cnt 9'
        try {
            @(Get-HaproxyStickTableEntry st_ip -Filter 'gpc0 gt 0' | ForEach-Object Key | Sort-Object) | Should -BeExactly @('10.0.0.1', '127.0.0.1')
            @(Get-HaproxyStickTableEntry st_ip -Filter 'gpc0 -gt 0', 'data.http_req_cnt ge 1' | ForEach-Object Key) | Should -BeExactly @('127.0.0.1')
            @(Get-HaproxyStickTableEntry st_ip -Filter 'gpc0 eq 99') | Should -BeNullOrEmpty
            $records = @(Get-HaproxyStickTableEntry st_ip -Filter 'GPC0 GE 3', 'http_req_cnt lt 9' -Verbose 4>&1)
            Get-SentLines $records | Should -BeExactly @('show table st_ip data.gpc0 ge 3 data.http_req_cnt lt 9')
            # An array element by index (3.2 and later).
            @(Get-HaproxyStickTableEntry st_str -Filter 'gpc[1] gt 0' | ForEach-Object Key) | Should -BeExactly @('/inc')
        }
        finally { $null = Invoke-LabCommandBatch -Lab $lab 'clear table st_ip key 10.0.0.1', 'clear table st_ip key 10.0.0.2' }
    }

    It '-Filter <Filter> is refused before sending, naming the filter' -ForEach @(
        @{ Filter = @('gpc0 > 0') }
        @{ Filter = @('gpc0 gt') }
        @{ Filter = @('gpc0 gt 1.5') }
        @{ Filter = @('gpc0;show info gt 0') }
        @{ Filter = @('gpc0 gt 0', 'gpc0 gt 0', 'gpc0 gt 0', 'gpc0 gt 0', 'gpc0 gt 0') }
    ) {
        $records = @(Get-HaproxyStickTableEntry st_ip -Filter $Filter -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        if ($Filter.Count -eq 1) { $err[0].Exception.Message | Should -BeLike "Filter '$($Filter[0])'*" }
        Get-SentLines $records | Should -BeNullOrEmpty
    }

    It 'HAProxy''s refusals are typed: <Label>' -ForEach @(
        @{ Label = 'a data type the table does not store'; Table = 'st_ip'; Filter = 'gpt0 gt 0'; Id = 'HaproxyInvalidCommand'; Says = 'Filter entry #1: Data type not stored in this table' }
        @{ Label = 'an unknown data type'; Table = 'st_ip'; Filter = 'nosuch gt 0'; Id = 'HaproxyInvalidCommand'; Says = 'Filter entry #1: Unknown data type' }
        @{ Label = 'a table that does not exist'; Table = 'st_nosuch'; Filter = 'gpc0 gt 0'; Id = 'HaproxyObjectNotFound'; Says = 'No such table' }
    ) {
        $null = Get-HaproxyStickTableEntry -Table $Table -Filter $Filter -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err[0].Exception.Message | Should -BeLike "*$Says*"
    }

    It '-Key on a table that does not exist is HaproxyObjectNotFound, with the closest name' {
        $null = Get-HaproxyStickTableEntry -Table st_ipp -Key 127.0.0.1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].Exception.Message | Should -BeLike "Stick table 'st_ipp' does not exist. Did you mean 'st_ip*"
        $err[0].TargetObject | Should -Be 'st_ipp'
    }

    It 'piped entries bind -Table and -Key: they are read again' {
        $again = @(Get-HaproxyStickTableEntry st_str | Get-HaproxyStickTableEntry)
        @($again | ForEach-Object Key | Sort-Object) | Should -BeExactly @('/a', '/h', '/inc', '/q', '/v6')
    }

    It 'a large table is read whole: 3,000 entries, each as HAProxy has it' {
        $commands = foreach ($i in 1..3000) { "set table st_ip key 10.1.$([math]::Floor($i / 256)).$($i % 256) data.gpc0 $i" }
        Invoke-LabCommandBatch -Lab $lab $commands
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $entries = @(Get-HaproxyStickTableEntry st_ip)
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $entries | Should -HaveCount 3001
            $fromLab = @{}
            foreach ($e in Get-LabStickEntries -Lab $lab st_ip) { $fromLab[$e.Key] = [long]$e.Data['gpc0'] }
            $fromLab.Count | Should -Be 3001
            @($entries | Where-Object { $_.Gpc0 -ne $fromLab[$_.Key] } | ForEach-Object { "$($_.Key) gpc0=$($_.Gpc0), HAProxy has $($fromLab[$_.Key])" }) | Should -BeNullOrEmpty
        }
        finally { Invoke-LabCommandBatch -Lab $lab @(foreach ($i in 1..3000) { "clear table st_ip key 10.1.$([math]::Floor($i / 256)).$($i % 256)" }) }
    }

    It 'a user-level socket is refused the entries (HaproxyPermissionDenied), nothing sent; an operator socket reads them' {
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -NoDefault -Timeout 5s
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -NoDefault -Timeout 5s
        try {
            $records = @(Get-HaproxyStickTableEntry st_ip -Session $user -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            $err[0].Exception.Message | Should -BeLike "*level 'operator'*level 'user'*Nothing was sent*"
            @(Get-VerboseLines $records) | Should -BeNullOrEmpty
            @(Get-HaproxyStickTableEntry st_ip -Session $operator | ForEach-Object Key) | Should -BeExactly @('127.0.0.1')
        }
        finally { Disconnect-Haproxy -Session $user, $operator -Confirm:$false }
    }
}

Describe 'Set-HaproxyStickTableEntry' {
    BeforeEach { Reset-LabStickTables }

    It 'creates an entry with several data in one request' {
        $records = @(Set-HaproxyStickTableEntry -Table st_ip -Key 10.0.0.7 -Data ([ordered]@{ gpc0 = 5; conn_cnt = 3; http_req_rate = 12 }) -Verbose 4>&1)
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        Get-SentLines $records | Should -BeExactly @('show table', 'set table st_ip key 10.0.0.7 data.gpc0 5 data.conn_cnt 3 data.http_req_rate 12')
        $e = Get-LabStickEntries -Lab $lab st_ip -Key 10.0.0.7
        $e | Should -HaveCount 1
        $e[0].Data['gpc0'] | Should -Be '5'
        $e[0].Data['conn_cnt'] | Should -Be '3'
        $e[0].Data['http_req_rate(10000)'] | Should -Be '12'
        $e[0].Data['http_req_cnt'] | Should -Be '0'
    }

    It 'changes the entry the traffic made; -PassThru writes it as HAProxy then has it' {
        $out = @(Set-HaproxyStickTableEntry st_ip 127.0.0.1 @{ gpc0 = 0 } -PassThru)
        $out | Should -HaveCount 1
        $out[0].Key | Should -BeExactly '127.0.0.1'
        $out[0].Gpc0 | Should -Be 0
        $out[0].HttpReqCnt | Should -Be 9 -Because 'the other data stay'
        $out[0].Session | Should -Be $session.Name
        (Get-LabStickEntries -Lab $lab st_ip -Key 127.0.0.1)[0].Data['gpc0'] | Should -Be '0'
    }

    It 'takes text and floating-point values that are whole numbers, and an array element by index' {
        Set-HaproxyStickTableEntry st_str /inc @{ 'gpc[0]' = '4'; 'GPC[1]' = 6.0; http_req_cnt = [long]::MaxValue }
        $e = (Get-LabStickEntries -Lab $lab st_str -Key /inc)[0]
        $e.Data['gpc0'] | Should -Be '4'
        $e.Data['gpc1'] | Should -Be '6'
        $e.Data['http_req_cnt'] | Should -Be '4294967295' -Because 'http_req_cnt is a 32-bit counter: HAProxy keeps the low bits'
    }

    It 'keys of each type: <Table> <Key> is stored as <Stored>' -ForEach @(
        @{ Table = 'st_ip'; Key = '192.168.1.9'; Stored = '192.168.1.9'; Data = @{ gpc0 = 1 } }
        @{ Table = 'st_ipv6'; Key = '2001:DB8::0:1'; Stored = '2001:db8::1'; Data = @{ gpc0 = 1 } }
        @{ Table = 'st_ipv6'; Key = '10.1.2.3'; Stored = '::ffff:10.1.2.3'; Data = @{ gpc0 = 1 } }
        @{ Table = 'st_int'; Key = '007'; Stored = '7'; Data = @{ gpt0 = 1 } }
        @{ Table = 'st_int'; Key = '4294967295'; Stored = '4294967295'; Data = @{ gpt0 = 1 } }
        @{ Table = 'st_str'; Key = 'k;clear table st_str'; Stored = 'k;clear\ table\ st_str'; Data = @{ http_req_cnt = 1 } }
    ) {
        $before = @(Get-LabStickEntries -Lab $lab $Table).Count
        Set-HaproxyStickTableEntry -Table $Table -Key $Key -Data $Data
        $entries = @(Get-LabStickEntries -Lab $lab $Table)
        $entries | Should -HaveCount ($before + 1) -Because 'exactly one entry was added, and nothing was cleared'
        @($entries | Where-Object Key -CEQ $Stored) | Should -HaveCount 1
    }

    It 'piped rows bind -Table and -Key (entries, or CSV-like rows), sent pipelined' {
        $rows = @(
            [pscustomobject]@{ Table = 'st_ip'; Key = '10.0.0.1' }
            [pscustomobject]@{ Table = 'st_int'; Key = '5' }
            [pscustomobject]@{ Table = 'st_ip'; Key = '10.0.0.2' }
        )
        $rows | Set-HaproxyStickTableEntry -Data @{ http_req_cnt = 3 }
        @(Get-LabStickEntries -Lab $lab st_ip | Where-Object { $_.Data['http_req_cnt'] -eq '3' } | ForEach-Object Key | Sort-Object) | Should -BeExactly @('10.0.0.1', '10.0.0.2')
        (Get-LabStickEntries -Lab $lab st_int -Key 5)[0].Data['http_req_cnt'] | Should -Be '3'
        # Entries read from HAProxy: every one of them changed.
        Get-HaproxyStickTableEntry st_str | Set-HaproxyStickTableEntry -Data @{ 'gpc[0]' = 9 }
        @(Get-LabStickEntries -Lab $lab st_str | ForEach-Object { $_.Data['gpc0'] } | Sort-Object -Unique) | Should -BeExactly @('9')
    }

    It 'refused before sending: <Label>' -ForEach @(
        @{ Label = 'a value that is not a whole number'; Table = 'st_ip'; Key = '10.0.0.9'; Data = @{ gpc0 = 1.5 } }
        @{ Label = 'a value that is text'; Table = 'st_ip'; Key = '10.0.0.9'; Data = @{ gpc0 = '5;clear table st_ip' } }
        @{ Label = 'a null value'; Table = 'st_ip'; Key = '10.0.0.9'; Data = @{ gpc0 = $null } }
        @{ Label = 'a data name HAProxy cannot have'; Table = 'st_ip'; Key = '10.0.0.9'; Data = @{ 'gpc0 1 data.conn_cnt' = 1 } }
        @{ Label = 'no data'; Table = 'st_ip'; Key = '10.0.0.9'; Data = @{} }
        @{ Label = 'a key that is not an address'; Table = 'st_ip'; Key = 'localhost'; Data = @{ gpc0 = 1 } }
        @{ Label = 'a key of a binary table'; Table = 'st_bin'; Key = '4142'; Data = @{ gpc0 = 1 } }
    ) {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $records = @(Set-HaproxyStickTableEntry -Table $Table -Key $Key -Data $Data -PassThru -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        Get-SentLines $records | Should -BeExactly @('show table')
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'a data type the table does not store is HAProxy''s refusal (the entry is created, the data before it set)' {
        Set-HaproxyStickTableEntry st_ip 10.0.0.8 ([ordered]@{ gpc0 = 4; gpt0 = 1 }) -PassThru -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -BeLike '*Data type not stored in this table*'
        (Get-LabStickEntries -Lab $lab st_ip -Key 10.0.0.8)[0].Data['gpc0'] | Should -Be '4'
    }

    It 'a table that does not exist is HaproxyObjectNotFound' {
        Set-HaproxyStickTableEntry st_nosuch 10.0.0.1 @{ gpc0 = 1 } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It '-WhatIf shows the request and sends only the table list' {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $whatIf = Get-WhatIfLines { Set-HaproxyStickTableEntry st_ip 127.0.0.1 @{ gpc0 = 9 } -WhatIf }
        $whatIf | Should -BeExactly @('What if: Performing the operation "Set stick table entry (''set table st_ip key 127.0.0.1 data.gpc0 9'')" on target "st_ip 127.0.0.1".')
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'a user-level socket is refused (HaproxyPermissionDenied), nothing sent; an operator socket sets' {
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -NoDefault -Timeout 5s
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -NoDefault -Timeout 5s
        try {
            Set-HaproxyStickTableEntry st_ip 10.0.0.3 @{ gpc0 = 1 } -Session $user -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            Get-LabStickEntries -Lab $lab st_ip -Key 10.0.0.3 | Should -BeNullOrEmpty
            Set-HaproxyStickTableEntry st_ip 10.0.0.3 @{ gpc0 = 1 } -Session $operator
            (Get-LabStickEntries -Lab $lab st_ip -Key 10.0.0.3)[0].Data['gpc0'] | Should -Be '1'
        }
        finally { Disconnect-Haproxy -Session $user, $operator -Confirm:$false }
    }
}

Describe 'Clear-HaproxyStickTableEntry' {
    BeforeEach { Reset-LabStickTables }

    It 'is ConfirmImpact High' {
        $attribute = (Get-Command Clear-HaproxyStickTableEntry).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It '-Key removes the entry of each key; a key without one is no error' {
        $records = @(Clear-HaproxyStickTableEntry -Table st_str -Key /a, /nosuch, /v6 -Confirm:$false -Verbose 4>&1)
        Get-SentLines $records | Should -BeExactly @('show table', 'clear table st_str key /a', 'clear table st_str key /nosuch', 'clear table st_str key /v6')
        @(Get-LabStickEntries -Lab $lab st_str | ForEach-Object Key | Sort-Object) | Should -BeExactly @('/h', '/inc', '/q')
    }

    It 'piped entries are cleared by key, pipelined' {
        Get-HaproxyStickTableEntry st_str | Where-Object Key -Like '/[aiv]*' | Clear-HaproxyStickTableEntry -Confirm:$false
        @(Get-LabStickEntries -Lab $lab st_str | ForEach-Object Key | Sort-Object) | Should -BeExactly @('/h', '/q')
        Get-HaproxyStickTable -Name st_int, st_ipv6 | Get-HaproxyStickTableEntry | Clear-HaproxyStickTableEntry -Confirm:$false
        Get-LabStickEntries -Lab $lab st_int | Should -BeNullOrEmpty
        Get-LabStickEntries -Lab $lab st_ipv6 | Should -BeNullOrEmpty
    }

    It '-Filter removes the entries whose data pass every filter' {
        $null = Invoke-LabCommandBatch -Lab $lab 'set table st_ip key 10.0.0.1 data.gpc0 3', 'set table st_ip key 10.0.0.2 data.gpc0 0'
        $records = @(Clear-HaproxyStickTableEntry st_ip -Filter 'gpc0 ge 1', 'http_req_cnt eq 0' -Confirm:$false -Verbose 4>&1)
        Get-SentLines $records | Should -BeExactly @('clear table st_ip data.gpc0 ge 1 data.http_req_cnt eq 0')
        @(Get-LabStickEntries -Lab $lab st_ip | ForEach-Object Key | Sort-Object) | Should -BeExactly @('10.0.0.2', '127.0.0.1')
    }

    It '-All removes every entry; its prompt says how many' {
        $whatIf = Get-WhatIfLines { Clear-HaproxyStickTableEntry st_str -All -WhatIf }
        $whatIf | Should -BeExactly @('What if: Performing the operation "Clear stick table (''clear table st_str'')" on target "st_str (all 5 entries)".')
        @(Get-LabStickEntries -Lab $lab st_str) | Should -HaveCount 5
        Clear-HaproxyStickTableEntry st_str -All -Confirm:$false
        Get-LabStickEntries -Lab $lab st_str | Should -BeNullOrEmpty
        (Get-LabStickTables -Lab $lab | Where-Object Name -EQ st_str).Used | Should -Be 0
    }

    It 'an entry a connection is tracking: by key HaproxyObjectNotRemovable, -All leaves it; once closed it goes' {
        $client = Hold-TrackedConnection
        try {
            Clear-HaproxyStickTableEntry st_ipv6 -Key 127.0.0.1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err[0].Exception.Message | Should -BeLike '*Entry currently in use, cannot remove*'
            $err[0].TargetObject | Should -Be 'st_ipv6 127.0.0.1'
            Clear-HaproxyStickTableEntry st_ipv6 -All -Confirm:$false
            @(Get-LabStickEntries -Lab $lab st_ipv6 | ForEach-Object Key) | Should -BeExactly @('::ffff:127.0.0.1')
        }
        finally { $client.Dispose() }
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while ((Get-LabStickEntries -Lab $lab st_ipv6 -Key '::ffff:127.0.0.1').Use -ne 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        Clear-HaproxyStickTableEntry st_ipv6 -Key 127.0.0.1 -Confirm:$false
        Get-LabStickEntries -Lab $lab st_ipv6 | Should -BeNullOrEmpty
    }

    It 'refused before sending: <Label>' -ForEach @(
        @{ Label = 'a key of a binary table'; Params = @{ Table = 'st_bin'; Key = '4142' } }
        @{ Label = 'a key that is not a number'; Params = @{ Table = 'st_int'; Key = '4x' } }
        @{ Label = 'a filter with another operator'; Params = @{ Table = 'st_ip'; Filter = 'gpc0 >= 0' } }
        @{ Label = 'five filters'; Params = @{ Table = 'st_ip'; Filter = @('gpc0 ge 0') * 5 } }
    ) {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $records = @(Clear-HaproxyStickTableEntry @Params -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-SentLines $records | Where-Object { $_ -notlike 'show *' }) | Should -BeNullOrEmpty
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'clears nothing without -Key, -Pointer, -Filter or -All: every parameter set needs one of them' {
        foreach ($set in (Get-Command Clear-HaproxyStickTableEntry).ParameterSets) {
            @($set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -in 'Key', 'Pointer', 'Filter', 'All' }) | Should -HaveCount 1 -Because $set.Name
        }
    }

    It 'a user-level socket is refused (HaproxyPermissionDenied) and nothing is cleared; an operator socket clears' {
        $user = Connect-Haproxy -Endpoint $lab.UserSocket -NoDefault -Timeout 5s
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -NoDefault -Timeout 5s
        try {
            foreach ($p in @{ All = $true }, @{ Filter = 'gpc0 ge 0' }, @{ Key = '127.0.0.1' }) {
                Clear-HaproxyStickTableEntry -Table st_ip @p -Session $user -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
                $err | Should -HaveCount 1
                $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            }
            @(Get-LabStickEntries -Lab $lab st_ip) | Should -HaveCount 1
            Clear-HaproxyStickTableEntry -Table st_ip -All -Session $operator -Confirm:$false
            Get-LabStickEntries -Lab $lab st_ip | Should -BeNullOrEmpty
        }
        finally { Disconnect-Haproxy -Session $user, $operator -Confirm:$false }
    }
}

Describe '-Pointer: entries addressed by the address show table prints (HAProxy 3.0+)' {
    BeforeEach { Reset-LabStickTables }

    It 'Get-HaproxyStickTableEntry -Pointer reads the entry at each address (show table <t> ptr <p>)' {
        $lab1 = @(Get-LabStickEntries -Lab $lab st_str | Where-Object Key -In '/a', '/inc')
        $records = @(Get-HaproxyStickTableEntry st_str -Pointer $lab1.Pointer -Verbose 4>&1)
        $out = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        @($out | ForEach-Object Key) | Should -BeExactly @($lab1 | ForEach-Object Key)
        @($out | ForEach-Object Pointer) | Should -BeExactly @($lab1 | ForEach-Object Pointer)
        Get-SentLines $records | Should -BeExactly (@('show table') + @($lab1 | ForEach-Object { "show table st_str ptr $($_.Pointer)" }))
    }

    It 'Set-HaproxyStickTableEntry -Pointer changes the entry, never creates one; -PassThru reads it again by pointer' {
        $e = Get-LabStickEntries -Lab $lab st_ip -Key 127.0.0.1
        $records = @(Set-HaproxyStickTableEntry st_ip -Pointer $e.Pointer -Data ([ordered]@{ gpc0 = 7; conn_cnt = 2 }) -PassThru -Verbose 4>&1)
        Get-SentLines $records | Should -BeExactly @('show table', "set table st_ip ptr $($e.Pointer) data.gpc0 7 data.conn_cnt 2", "show table st_ip ptr $($e.Pointer)")
        $out = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $out | Should -HaveCount 1
        $out[0].Key | Should -BeExactly '127.0.0.1'
        $after = @(Get-LabStickEntries -Lab $lab st_ip)
        $after | Should -HaveCount 1
        $after[0].Pointer | Should -BeExactly $e.Pointer
        $after[0].Data['gpc0'] | Should -Be '7'
        $after[0].Data['conn_cnt'] | Should -Be '2'
    }

    It 'Clear-HaproxyStickTableEntry -Pointer removes the entry at each address, the others stay' {
        $gone = @(Get-LabStickEntries -Lab $lab st_str | Where-Object Key -In '/a', '/v6')
        $records = @(Clear-HaproxyStickTableEntry st_str -Pointer $gone.Pointer -Confirm:$false -Verbose 4>&1)
        Get-SentLines $records | Should -BeExactly (@('show table') + @($gone | ForEach-Object { "clear table st_str ptr $($_.Pointer)" }))
        @(Get-LabStickEntries -Lab $lab st_str | ForEach-Object Key | Sort-Object) | Should -BeExactly @('/h', '/inc', '/q')
    }

    It 'an address that is no entry of the table (<Label>) is HaproxyObjectNotFound for all three, nothing changed' -ForEach @(
        @{ Label = 'an unknown address'; Pointer = { '0x1' } }
        @{ Label = 'an entry of another table'; Pointer = { (Get-LabStickEntries -Lab $lab st_ip)[0].Pointer } }
        @{ Label = 'an entry already cleared'; Pointer = { $p = (Get-LabStickEntries -Lab $lab st_str -Key /q).Pointer; $null = Invoke-LabSocket -Lab $lab -Command "clear table st_str key /q"; $p } }
    ) {
        $p = & $Pointer
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        Get-HaproxyStickTableEntry st_str -Pointer $p -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Set-HaproxyStickTableEntry st_str -Pointer $p -Data @{ http_req_cnt = 9 } -PassThru -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Clear-HaproxyStickTableEntry st_str -Pointer $p -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        foreach ($err in $e1, $e2, $e3) {
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            $err[0].Exception.Message | Should -BeLike '*No entry can be found matching ptr.*'
        }
        # As with -Key: the entry for Get, the table and entry for the changes.
        $e1[0].TargetObject | Should -Be $p
        $e2[0].TargetObject | Should -Be "st_str $p"
        $e3[0].TargetObject | Should -Be "st_str $p"
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'a binary table is refused by pointer before sending (HAProxy refuses it too), and its entry is not held' {
        $bin = Get-LabStickEntries -Lab $lab st_bin
        $bin | Should -HaveCount 1
        # What HAProxy itself answers, through the lab's socket: no entry of a binary table one by one, by pointer either.
        Invoke-LabSocket -Lab $lab -Command "show table st_bin ptr $($bin.Pointer)" | Should -BeLike 'Showing keys from tables of type other than ip, ipv6, string and integer is not supported*'
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $r1 = @(Get-HaproxyStickTableEntry st_bin -Pointer $bin.Pointer -Verbose -ErrorVariable e1 -ErrorAction SilentlyContinue 4>&1)
        $r2 = @(Set-HaproxyStickTableEntry st_bin -Pointer $bin.Pointer -Data @{ gpc0 = 1 } -Verbose -ErrorVariable e2 -ErrorAction SilentlyContinue 4>&1)
        $r3 = @(Clear-HaproxyStickTableEntry st_bin -Pointer $bin.Pointer -Confirm:$false -Verbose -ErrorVariable e3 -ErrorAction SilentlyContinue 4>&1)
        foreach ($err in $e1, $e2, $e3) {
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            $err[0].Exception.Message | Should -BeLike '*binary keys*'
        }
        foreach ($r in $r1, $r2, $r3) { Get-SentLines $r | Should -BeExactly @('show table') }
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
        (Get-LabStickEntries -Lab $lab st_bin).Use | Should -Be 0
    }

    It 'piped binary entries are refused by key, nothing sent; piped entries of other tables go by key, not pointer' {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $records = @(Get-HaproxyStickTableEntry st_bin | Clear-HaproxyStickTableEntry -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-SentLines $records | Where-Object { $_ -notlike 'show *' }) | Should -BeNullOrEmpty
        Get-HaproxyStickTableEntry st_bin | Set-HaproxyStickTableEntry -Data @{ gpc0 = 1 } -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before

        $records = @(Get-HaproxyStickTableEntry st_int | Set-HaproxyStickTableEntry -Data @{ gpt0 = 4 } -Verbose 4>&1)
        Get-SentLines $records | Should -Contain 'set table st_int key 42 data.gpt0 4'
        $records = @(Get-HaproxyStickTableEntry st_int | Get-HaproxyStickTableEntry -Verbose 4>&1)
        Get-SentLines $records | Should -Contain 'show table st_int key 42'
    }

    It 'an explicit -Pointer wins over a piped entry (which then only gives the table)' {
        $target = Get-LabStickEntries -Lab $lab st_str -Key /inc
        $records = @(Get-HaproxyStickTableEntry st_str -Key /a | Set-HaproxyStickTableEntry -Pointer $target.Pointer -Data @{ http_req_cnt = 30 } -Verbose 4>&1)
        Get-SentLines $records | Should -Contain "set table st_str ptr $($target.Pointer) data.http_req_cnt 30"
        (Get-LabStickEntries -Lab $lab st_str -Key /inc).Data['http_req_cnt'] | Should -Be '30'
        (Get-LabStickEntries -Lab $lab st_str -Key /a).Data['http_req_cnt'] | Should -Be '5'
    }

    It 'a pointer that is not 0x and hexadecimal digits is refused before sending: <Pointer>' -ForEach @(
        @{ Pointer = '0x' }, @{ Pointer = '12' }, @{ Pointer = '0xZZ' }, @{ Pointer = '0x1;clear table st_ip' }, @{ Pointer = '0x1 data.gpc0 9' }
    ) {
        $before = Get-LabStateText -Lab $lab -StickTable $tables
        $records = @(Set-HaproxyStickTableEntry st_ip -Pointer $Pointer -Data @{ gpc0 = 9 } -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-SentLines $records | Should -BeExactly @('show table')
        Get-LabStateText -Lab $lab -StickTable $tables | Should -BeExactly $before
    }

    It 'an entry a connection is tracking: by pointer HaproxyObjectNotRemovable' {
        $client = Hold-TrackedConnection
        try {
            $held = Get-LabStickEntries -Lab $lab st_ipv6 -Key '::ffff:127.0.0.1'
            Clear-HaproxyStickTableEntry st_ipv6 -Pointer $held.Pointer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            @(Get-LabStickEntries -Lab $lab st_ipv6 | ForEach-Object Key) | Should -BeExactly @('::ffff:127.0.0.1')
        }
        finally { $client.Dispose() }
    }
}

Describe 'Formats and completion' {
    BeforeAll { Reset-LabStickTables }

    It 'Format-List of an entry shows the data the table stores, not every data type HAProxy knows' {
        $text = Get-HaproxyStickTableEntry st_ip | Format-List | Out-String -Width 200
        $text | Should -Match 'Data\s+: gpc0=2 conn_cnt=9 http_req_cnt=9 http_req_rate\(10s\)=\d+'
        $text | Should -Match 'HttpReqRate\s+: \d+/10s'
        $text | Should -Not -Match 'GlitchRate'
        $text | Should -Not -Match 'Gpt0'
    }

    It '-Table completes the table names of the session: <Line>' -ForEach @(
        @{ Line = 'Get-HaproxyStickTableEntry -Table st_i'; Expected = @('st_int', 'st_ip', 'st_ipv6') }
        @{ Line = 'Set-HaproxyStickTableEntry st_'; Expected = @('st_bin', 'st_int', 'st_ip', 'st_ipv6', 'st_str') }
        @{ Line = 'Clear-HaproxyStickTableEntry -Table st_s'; Expected = @('st_str') }
        @{ Line = 'Get-HaproxyStickTable -Name st_b'; Expected = @('st_bin') }
    ) {
        $found = @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        @($found | ForEach-Object CompletionText) | Should -BeExactly $Expected
        $found[0].ToolTip | Should -BeLike 'Stick table st_* (* keys, * of * entries)'
    }
}
