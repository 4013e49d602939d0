# Format views (HaproxyRuntime.Format.ps1xml) against real objects from a HAProxy 3.4 lab (issue #13, points 3 and 4):
#   - every column header of every table view is a property of the view's type, so what users see is what they can
#     Select-Object and Where-Object on;
#   - at 80 columns no header wraps, every column of the view is shown and no line is longer than 80 characters, for
#     any data (the widths in the file add up to at most 80) and for real objects with long-ish names;
#   - objects that carry a session are grouped by it ("Session: <name>" above each group), so rows from two HAProxys
#     (or two sessions) say where they came from;
#   - the session table shows an unnamed session's endpoint once.
# The views are read from the format file the module under test loads, so a new view is covered without a new test;
# a view whose type has no sample objects below fails until one is added to $sampleOf.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $formatFile = Join-Path (Split-Path $modulePath) 'HaproxyRuntime.Format.ps1xml'
    $views = foreach ($view in ([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View) {
        if (-not $view.TableControl) { continue }
        $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
        $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
        $columns = for ($i = 0; $i -lt $headers.Count; $i++) {
            $item = if ($i -lt $items.Count) { $items[$i] } else { $null }
            $property = if ($item -and $item['PropertyName']) { $item['PropertyName'].InnerText } else { $null }
            $label = if ($headers[$i]['Label']) { $headers[$i]['Label'].InnerText } else { $property }
            @{
                Label       = $label
                Property    = $property
                ScriptBlock = [bool]($item -and $item['ScriptBlock'])
                Width       = if ($headers[$i]['Width']) { [int]$headers[$i]['Width'].InnerText } else { 0 }
            }
        }
        @{
            View         = $view.Name
            TypeName     = $view.ViewSelectedBy.TypeName
            Columns      = @($columns)
            ColumnCount  = $headers.Count
            ItemCount    = $items.Count
            GroupByLabel = if ($view['GroupBy'] -and $view.GroupBy['Label']) { $view.GroupBy.Label } else { $null }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $aclPort = Get-FreeTcpPort
    $lab = Start-HaproxyLab -StickTables -Tls -ExtraConfig @"

frontend aclfront
    bind 127.0.0.1:$aclPort
    acl blocked src -f virt@blocked.acl
    http-request deny if blocked
    http-request return status 200 content-type text/plain string "allowed"
"@
    # The second lab also declares what the observation cmdlets read (resolvers, peers, a cache).
    $labB = Start-LabObserve
    # The third lab holds TLS stores (CA and CRL files, ticket keys, OCSP responses).
    $labC = Start-LabTlsStores
    $preexistingIds = @(Get-HaproxySession | ForEach-Object Id)
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout 5s
    $sessionB = Connect-Haproxy -Endpoint $labB.AdminSocket -NoDefault -Timeout 5s
    $sessionC = Connect-Haproxy -Endpoint $labC.AdminSocket -NoDefault -Timeout 5s
    $named = Connect-Haproxy -Endpoint $lab.AdminSocket -Name 'prod-eu-west-1' -NoDefault -Timeout 5s
    # A third in master-worker mode, for the master CLI's process list.
    $labM = Start-HaproxyLab -MasterWorker
    $sessionM = Connect-Haproxy -Endpoint $labM.MasterSocket -NoDefault -Timeout 10s

    # Long-ish names, set up through the lab's own socket.
    $backend = 'checkout-service-v2-blue'
    $null = Invoke-LabCommandBatch -Lab $lab -Prefix 'experimental-mode on' @(
        "add backend $backend from mydefaults"
        "add server $backend/$backend-01 10.123.234.101:18080"
        "add server $backend/$backend-02 10.123.234.102:18080 weight 50"
        "add map $($lab.PathsMap) /api/checkout/v2/ $backend"
        "add map $($lab.PathsMap) /static/ webservers"
        'add acl virt@blocked.acl 10.0.0.0/8'
        'add acl virt@blocked.acl 192.168.100.0/24'
    )
    Get-LabServerNames -Lab $lab $backend | Should -HaveCount 2
    # Stick-table entries of every key type from real requests, and long keys.
    $null = Send-LabTrackedRequest -Lab $lab -Path '/inc?n=4000000000'
    $null = Send-LabTrackedRequest -Lab $lab -Path /v6 -Header @{ 'x-bin' = 'ABCDEFGH' }
    $null = Invoke-LabCommandBatch -Lab $lab @(
        'set table st_str key /api/checkout/v2/orders/12345 data.http_req_cnt 123456789 data.gpc[1] 77'
        'set table st_ipv6 key 2001:db8:1234:5678:9abc:def0:1234:5678 data.gpc0 4294967295'
        'set table st_ip key 255.255.255.255 data.gpc0 4294967295 data.conn_cnt 4294967295 data.http_req_cnt 4294967295 data.http_req_rate 4294967295'
    )
    foreach ($p in '/index.html', '/app.js') { $null = Invoke-LabRequest -Lab $labB -Port $labB.CachePort -Path $p }
    foreach ($p in '/checkout', '/static/app.js') { $null = Invoke-LabRequest -Lab $labB -Port $labB.LogPort -Path $p }
    $null = Invoke-LabSocket -Lab $labB -Command 'experimental-mode on;set var proc.greeting str(hello)'

    # Real objects of every type a view is selected by (all from $session unless the type is the session itself).
    $sampleOf = @{
        'HaproxyRuntime.Client.HaproxySession'                = { @($session, $sessionB, $named) }
        'HaproxyRuntime.Client.Models.HaproxyBackend'         = { Get-HaproxyBackend -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyServer'          = { Get-HaproxyServer -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyFrontend'        = { Get-HaproxyFrontend -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyProcessInfo'     = { Get-HaproxyInfo -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyStat'            = { Get-HaproxyStat -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyStream'          = { Get-HaproxyStream -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyCapturedError'   = { $null = Send-LabInvalidRequest -Lab $lab; Get-HaproxyError -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyMap'             = { Get-HaproxyMap -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyMapEntry'        = { Get-HaproxyMapEntry -Map $lab.PathsMap -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyAcl'             = { Get-HaproxyAcl -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyAclEntry'        = { Get-HaproxyAclEntry -Acl virt@blocked.acl -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyPatternMatch'    = { Test-HaproxyAcl -Acl virt@blocked.acl -Sample 10.1.2.3, 8.8.8.8 -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyMapDifference'   = { Compare-HaproxyMap -Map $lab.PathsMap -Entry ([ordered]@{ '/static/' = 'other'; '/new/' = 'webservers' }) -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyAclDifference'   = { Compare-HaproxyAcl -Acl virt@blocked.acl -Pattern 10.0.0.0/8, 172.16.0.0/12 -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyStickTable'      = { Get-HaproxyStickTable -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyStickTableEntry' = { Get-HaproxyStickTable -Session $session | Get-HaproxyStickTableEntry -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyCertificate'     = { Get-HaproxyCertificate -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyCrtListEntry'    = { Get-HaproxyCrtListEntry -Session $session }
        'HaproxyRuntime.Client.Models.HaproxyResolverNameserver' = { Get-HaproxyResolver -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyPeer'            = { Get-HaproxyPeer -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyCache'           = { Get-HaproxyCache -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyVariable'        = { Get-HaproxyVariable proc.greeting -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyEventSink'       = { Get-HaproxyEvent -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyEvent'           = { Get-HaproxyEvent evring -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyStartupLogEntry' = { Get-HaproxyStartupLog -Session $sessionB }
        'HaproxyRuntime.Client.Models.HaproxyProcess'         = { Get-HaproxyProcess -Session $sessionM }
        'HaproxyRuntime.Client.Models.HaproxyCaFile'          = { Get-HaproxyCaFile -Session $sessionC }
        'HaproxyRuntime.Client.Models.HaproxyCrlFile'         = { Get-HaproxyCrlFile -Session $sessionC; Get-HaproxyCrlFile -Session $sessionC -Name $labC.CrlFile }
        'HaproxyRuntime.Client.Models.HaproxyTlsKeyFile'      = { Get-HaproxyTlsKey -Session $sessionC }
        'HaproxyRuntime.Client.Models.HaproxyTlsKey'          = { (Get-HaproxyTlsKey -Session $sessionC -IncludeKey).Keys }
        'HaproxyRuntime.Client.Models.HaproxySslSni'          = { Get-HaproxySslSni -Session $sessionC }
        'HaproxyRuntime.Client.Models.HaproxyOcspResponse'    = { Get-HaproxyOcspResponse -Session $sessionC; Get-HaproxyOcspResponse -Session $sessionC -Id $labC.Certificate }
        'HaproxyRuntime.Client.Models.HaproxyOcspUpdate'      = { Get-HaproxyOcspUpdate -Session $sessionC }
    }
    function Get-Sample([string] $TypeName) {
        if (-not $sampleOf.ContainsKey($TypeName)) { throw "No sample objects for $TypeName`: add a way to get some to `$sampleOf." }
        $objects = @(& $sampleOf[$TypeName])
        if (-not $objects) { throw "The samples of $TypeName came out empty." }
        $objects
    }

    # The header lines of a formatted table (the line above each line of dashes), split into words, with the line
    # before each one (blank, unless the header wrapped).
    function Get-TableHeader([string[]] $Lines) {
        for ($i = 1; $i -lt $Lines.Count; $i++) {
            if ($Lines[$i] -match '^\s*-+(\s+-+)*\s*$') {
                [pscustomobject]@{ Words = @(-split $Lines[$i - 1]); Before = if ($i -ge 2) { $Lines[$i - 2] } else { '' } }
            }
        }
    }
}

AfterAll {
    Get-HaproxySession | Where-Object { $preexistingIds -notcontains $_.Id } | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
    if ($labB) { Stop-HaproxyLab -Lab $labB }
    if ($labM) { Stop-HaproxyLab -Lab $labM }
    if ($labC) { Stop-HaproxyLab -Lab $labC }
}

Describe 'Format views: every header is a property name' {
    It 'the format file has table views (<Count>)' -ForEach @(@{ Count = $views.Count }) {
        $Count | Should -BeGreaterThan 5
    }

    It '<View>: each column shows the property its header names' -ForEach $views {
        $ItemCount | Should -Be $ColumnCount -Because 'each header has exactly one column item'
        foreach ($column in $Columns) {
            if (-not $column.ScriptBlock) {
                $column.Property | Should -BeExactly $column.Label -Because "the '$($column.Label)' column shows that property, under its own name"
            }
        }
    }

    It '<View>: Select-Object and Where-Object work with every header on real objects' -ForEach $views {
        $objects = Get-Sample $TypeName
        $labels = @($Columns | ForEach-Object Label)
        foreach ($object in $objects) {
            foreach ($label in $labels) {
                $object.PSObject.Properties[$label] | Should -Not -BeNullOrEmpty -Because "'$label' is a header of $View, so it must be a property (or alias) of $TypeName"
            }
        }
        $selected = @($objects | Select-Object -Property $labels)
        $selected.Count | Should -Be $objects.Count
        for ($i = 0; $i -lt $objects.Count; $i++) {
            foreach ($label in $labels) {
                "$($selected[$i].$label)" | Should -BeExactly "$($objects[$i].$label)" -Because "Select-Object $label gives the property's value"
            }
        }
        foreach ($label in $labels) {
            $first = $objects | Where-Object { $null -ne $_.$label } | Select-Object -First 1
            if ($null -eq $first) { continue }
            $value = $first.$label
            @($objects | Where-Object -Property $label -EQ -Value $value) | Should -Contain $first -Because "Where-Object $label -eq <value> finds the object"
        }
    }

    It 'the headers users tried in issue #13 are gone, and what they meant works' {
        $servers = @(Get-HaproxyServer -Session $session)
        @($servers | Where-Object CurrentSessions -GE 0).Count | Should -Be $servers.Count
        $backend = Get-HaproxyBackend -Session $session -Name webservers | Select-Object Name, TotalSessions, ActiveServers
        $backend.ActiveServers | Should -Be 1
        $backend.TotalSessions | Should -Not -BeNullOrEmpty
        $labels = @($views | ForEach-Object { $_.Columns } | ForEach-Object Label)
        foreach ($abbreviation in 'CurSess', 'TotalSess', 'Active', 'Check', 'Entries', 'CurVer', 'NextVer', 'Limit', 'MaxSess', 'CurrConns', 'Connected') {
            $labels | Should -Not -Contain $abbreviation
        }
    }
}

Describe 'Format views at 80 columns' {
    It '<View>: its fixed widths and its headers fit in 80 columns, whatever the data' -ForEach $views {
        # PowerShell sizes a table from its data (and then drops the columns that do not fit) when the first column
        # has no width; with a width on the first column, columns without one share what the others leave.
        $Columns[0].Width | Should -BeGreaterThan 0 -Because 'a first column without a width makes PowerShell size the table from the data and drop the columns that do not fit'
        $needed = ($ColumnCount - 1)
        foreach ($column in $Columns) {
            if ($column.Width -gt 0) {
                $column.Width | Should -Not -BeLessThan $column.Label.Length -Because "a '$($column.Label)' column narrower than its header wraps the header"
                $needed += $column.Width
            }
            else { $needed += $column.Label.Length }
        }
        $needed | Should -Not -BeGreaterThan 80
    }

    It '<View>: real objects at -Width 80 show every header whole on one line, every column, no line over 80' -ForEach $views {
        $objects = Get-Sample $TypeName
        $labels = @($Columns | ForEach-Object Label)
        $lines = @(($objects | Out-String -Width 80) -split '\r?\n')
        $tooLong = @($lines | Where-Object Length -GT 80)
        $tooLong | Should -BeNullOrEmpty -Because 'no line is longer than 80 characters'
        $headers = @(Get-TableHeader $lines)
        $headers.Count | Should -BeGreaterThan 0 -Because "the output is a table:`n$($lines -join "`n")"
        foreach ($header in $headers) {
            $header.Words | Should -BeExactly $labels -Because "every column is shown, its header whole:`n$($lines -join "`n")"
            $header.Before.Trim() | Should -BeNullOrEmpty -Because 'a header that wraps leaves a part of itself on the line above'
        }
        # Every object is a row.
        $rows = @($lines | Where-Object { $_.Trim() -and $_ -notmatch '^\s*-+(\s+-+)*\s*$' -and $_ -notmatch '^\s+Session: ' })
        $rows.Count | Should -Be ($objects.Count + $headers.Count)
    }

    It 'long backend and server names are cut, never wrapped, and the state columns stay' {
        $text = Get-HaproxyServer -Backend $backend -Session $session | Out-String -Width 80
        $rows = @($text -split '\r?\n' | Where-Object { $_ -match '10\.123\.234\.10[12]' })
        $rows.Count | Should -Be 2
        foreach ($row in $rows) {
            $row | Should -Match '18080 MAINT\s+(1|50)\s*$'
            $row.Length | Should -Not -BeGreaterThan 80
        }
    }
}

Describe 'Which HAProxy a row came from' {
    It '<View>: a type that carries its session is grouped by Session' -ForEach $views {
        $type = $TypeName -as [type]
        $type | Should -Not -BeNullOrEmpty
        if ([HaproxyRuntime.Client.Models.HaproxyObject].IsAssignableFrom($type)) {
            $GroupByLabel | Should -BeExactly 'Session' -Because "objects of $TypeName may come from several HAProxys"
        }
        else {
            $GroupByLabel | Should -BeNullOrEmpty
        }
    }

    It 'servers of two HAProxys come out under one Session header each, each row under its own' {
        $text = Get-HaproxyServer -Backend webservers -Session $session, $sessionB | Out-String -Width 80
        $lines = @($text -split '\r?\n')
        $groups = @($lines | Where-Object { $_ -match '^\s+Session: ' })
        $groups.Count | Should -Be 2
        $at = [ordered]@{}
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^\s+Session: (.+)$') { $at[$Matches[1].Trim()] = $i }
            if ($lines[$i] -match "^webservers\s+web1\s+127\.0\.0\.1\s+$($lab.DefaultAppPort)\s") { $rowA = $i }
            if ($lines[$i] -match "^webservers\s+web1\s+127\.0\.0\.1\s+$($labB.DefaultAppPort)\s") { $rowB = $i }
        }
        # The nodes answer in parallel, so either group may come first: each row must be under its own header.
        @($at.Keys | Sort-Object) | Should -BeExactly @($session.Name, $sessionB.Name | Sort-Object) -Because "the group headers name the sessions:`n$text"
        $first, $second = if ($at[$session.Name] -lt $at[$sessionB.Name]) { ($rowA, $rowB) } else { ($rowB, $rowA) }
        $firstHeader, $secondHeader = @($at.Values | Sort-Object)
        $first | Should -BeGreaterThan $firstHeader
        $first | Should -BeLessThan $secondHeader
        $second | Should -BeGreaterThan $secondHeader
    }

    It 'two sessions to one HAProxy, with two names, tell their identical rows apart' {
        $east = Connect-Haproxy -Endpoint $lab.AdminSocket -Name 'lb-east' -NoDefault -Timeout 5s
        $west = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Name 'lb-west' -NoDefault -Timeout 5s
        try {
            $text = @(Get-HaproxyBackend -Name webservers -Session $east), @(Get-HaproxyBackend -Name webservers -Session $west) |
                ForEach-Object { $_ } | Out-String -Width 80
            $lines = @($text -split '\r?\n')
            @($lines | Where-Object { $_ -match '^\s+Session: ' } | ForEach-Object { ($_ -replace '^\s+Session: ', '').Trim() }) |
                Should -BeExactly @('lb-east', 'lb-west')
            @($lines | Where-Object { $_ -match '^webservers\s' }).Count | Should -Be 2
        }
        finally { Disconnect-Haproxy -Session $east, $west -Confirm:$false }
    }

    It 'objects of one session have one Session header' {
        $text = Get-HaproxyServer -Session $session | Out-String -Width 80
        @($text -split '\r?\n' | Where-Object { $_ -match '^\s+Session: ' }) | Should -HaveCount 1
        $text | Should -Match ([regex]::Escape("Session: $($session.Name)"))
    }
}

Describe 'The session table' {
    It 'shows an unnamed session''s endpoint once, and a named session''s name and endpoint' {
        $lines = @((@($session, $named) | Out-String -Width 200) -split '\r?\n')
        $unnamed = @($lines | Where-Object { $_ -match "^\s*$($session.Id)\s" })
        $unnamed.Count | Should -Be 1
        ([regex]::Matches($unnamed[0], [regex]::Escape($session.Endpoint.ToString()))).Count | Should -Be 1
        $row = @($lines | Where-Object { $_ -match "^\s*$($named.Id)\s" })
        $row.Count | Should -Be 1
        $row[0] | Should -Match 'prod-eu-west-1'
        $row[0] | Should -Match ([regex]::Escape($named.Endpoint.ToString()))
    }
}
