# Map cmdlets beyond add/get/remove (Get-HaproxyMap, Get-HaproxyMapEntry -Match, Set-HaproxyMapEntry,
# Clear-HaproxyMap, Update-HaproxyMap) against a real HAProxy 3.4 on loopback, on the seed's virtual map
# virt@paths.map (used by 'use_backend %[path,map_beg(virt@paths.map)]'). HAProxy's state is always read back through
# the lab's own socket ('show map <map>' for the entries, 'show map' for curr_ver/next_ver/entry_cnt, 'get map' for
# HAProxy's own matching), never only through the module. The lab adds one backend, 'altbackend', whose only server is
# a loopback frontend answering "served by altbackend", so a map change is visible in real routing, and an ip map,
# virt@nets.map (map_ip), for which HAProxy refuses keys that are not addresses.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $altPort = Get-FreeTcpPort
    $lab = Start-HaproxyLab -ExtraConfig @"

backend altbackend
    server alt1 127.0.0.1:$altPort

frontend app-alt
    bind 127.0.0.1:$altPort
    http-request set-header X-Net %[src,map_ip(virt@nets.map,none)]
    http-request return status 200 content-type text/plain string "served by altbackend"
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $map = 'virt@paths.map'
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyMap' {
    BeforeAll { Reset-LabMap -Lab $lab $map '/a 1', '/b 2', '/c 3' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It 'lists the loaded maps with id, file, entry count and versions' {
        @(Get-HaproxyMap).Map | Sort-Object | Should -BeExactly @('virt@nets.map', $map)
        $maps = @(Get-HaproxyMap -Name $map)
        $maps | Should -HaveCount 1
        $maps[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyMap'
        $maps[0].Map | Should -BeExactly $map
        $maps[0].File | Should -BeExactly $map
        $maps[0].Reference | Should -BeExactly $map
        $maps[0].Session | Should -Be $session.Name
        $state = Get-LabMapState -Lab $lab $map
        $maps[0].EntryCount | Should -Be 3
        $maps[0].EntryCount | Should -Be $state.EntryCount
        $maps[0].CurrentVersion | Should -Be $state.CurrentVersion
        $maps[0].NextVersion | Should -Be $state.NextVersion
        $maps[0].Id | Should -Be $state.Id
    }

    It 'takes wildcards; a wildcard that matches nothing is not an error' {
        @(Get-HaproxyMap -Name 'virt@p*').Map | Should -BeExactly @($map)
        @(Get-HaproxyMap -Name 'virt@*').Map | Sort-Object | Should -BeExactly @('virt@nets.map', $map)
        $out = Get-HaproxyMap -Name 'nomatch*' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 0
    }

    It 'an exact name that is not loaded is HaproxyObjectNotFound' {
        $out = Get-HaproxyMap -Name 'virt@nosuch.map' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly 'virt@nosuch.map'
    }

    It 'takes a #id (as listed by show map) as the name' {
        $id = '#' + @(Get-HaproxyMap -Name $map)[0].Id
        @(Get-HaproxyMap -Name $id -ErrorAction Stop).Map | Should -BeExactly @($map)
    }

    It 'takes names from the pipeline, and the map object pipes into Get-HaproxyMapEntry' {
        $entries = @($map | Get-HaproxyMap | Get-HaproxyMapEntry)
        ($entries | ForEach-Object { "$($_.Key) $($_.Value)" }) | Should -BeExactly @('/a 1', '/b 2', '/c 3')
    }
}

Describe 'Get-HaproxyMapEntry -Match (HAProxy''s own map_beg matching, get map)' {
    BeforeAll { Reset-LabMap -Lab $lab $map '/test webservers', '/test/deep altbackend', '/api apibackend' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It 'returns the entry map_beg selects for a path: /test/x matches /test' {
        $entries = @(Get-HaproxyMapEntry -Map $map -Match '/test/x')
        $entries | Should -HaveCount 1
        $entries[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyMapEntry'
        $entries[0].Map | Should -BeExactly $map
        $entries[0].Key | Should -BeExactly '/test'
        $entries[0].Value | Should -BeExactly 'webservers'
        $entries[0].Ref | Should -BeNullOrEmpty
        $entries[0].Session | Should -Be $session.Name
        (Invoke-LabSocket -Lab $lab -Command "get map $map /test/x") | Should -BeLike '*found=yes*key="/test", value="webservers"*'
    }

    It 'selects what HAProxy selects (the longest prefix), one result per sample, in order' {
        $entries = @(Get-HaproxyMapEntry $map -Match '/test/deep/x', '/api', '/test')
        ($entries | ForEach-Object { "$($_.Key) $($_.Value)" }) | Should -BeExactly @('/test/deep altbackend', '/api apibackend', '/test webservers')
        (Invoke-LabSocket -Lab $lab -Command "get map $map /test/deep/x") | Should -BeLike '*key="/test/deep", value="altbackend"*'
    }

    It 'a sample no entry matches returns nothing and is not an error' {
        $out = Get-HaproxyMapEntry -Map $map -Match '/nothing', '/tes' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 0
        (Invoke-LabSocket -Lab $lab -Command "get map $map /nothing") | Should -BeLike '*found=no*'
    }

    It 'matching is case-sensitive, as the map is' {
        Get-HaproxyMapEntry -Map $map -Match '/TEST/x' | Should -BeNullOrEmpty
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        $out = Get-HaproxyMapEntry -Map virt@nosuch.map -Match /test -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'needs an admin-level socket on 3.4.7: an operator session gets HaproxyPermissionDenied' {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
        try {
            $out = Get-HaproxyMapEntry -Map $map -Match '/test/x' -Session $operator -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        }
        finally { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }

    It 'a sample with a line feed is refused before anything is sent' {
        $out = Get-HaproxyMapEntry -Map $map -Match "/test`nshow version" -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }
}

Describe 'Set-HaproxyMapEntry' {
    BeforeEach { Reset-LabMap -Lab $lab $map '/a old-a', '/dup d1', '/b old-b', '/dup d2' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It 'changes the value of an entry by key (set map), positionally' {
        $out = Set-HaproxyMapEntry $map /a new-a
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a new-a', '/dup d1', '/b old-b', '/dup d2')
    }

    It 'by key changes every entry with that key (HAProxy 3.4.7 set map)' {
        Set-HaproxyMapEntry -Map $map -Key /dup -Value same
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a old-a', '/dup same', '/b old-b', '/dup same')
    }

    It 'a piped entry is changed by its Ref: exactly that duplicate' {
        $first = @(Get-HaproxyMapEntry -Map $map -Key /dup)[0]
        $out = @($first | Set-HaproxyMapEntry -Value 'first only' -PassThru)
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a old-a', '/dup first only', '/b old-b', '/dup d2')
        $out | Should -HaveCount 1
        $out[0].Ref | Should -BeExactly $first.Ref
        $out[0].Key | Should -BeExactly '/dup'
        $out[0].Value | Should -BeExactly 'first only'
        $out[0].Session | Should -Be $session.Name
    }

    It 'escapes the value: spaces and a semicolon are stored literally and run no second command' {
        Set-HaproxyMapEntry -Map $map -Key /a -Value 'v w;clear map virt@paths.map'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a v w;clear map virt@paths.map', '/dup d1', '/b old-b', '/dup d2')
    }

    It 'a key with no entry is HaproxyObjectNotFound (use Add-HaproxyMapEntry to add) and adds nothing' {
        Set-HaproxyMapEntry -Map $map -Key /nokey -Value x -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike "*'set map virt@paths.map /nokey x'*"
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a old-a', '/dup d1', '/b old-b', '/dup d2')
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        Set-HaproxyMapEntry -Map virt@nosuch.map -Key /a -Value x -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'refuses <Label> with InvalidHaproxyArgument before sending anything' -ForEach @(
        @{ Label = 'a key starting with #'; K = '#k'; V = 'v' }
        @{ Label = 'a value with LF'; K = '/a'; V = "v`nclear map virt@paths.map" }
        @{ Label = 'a value with NUL'; K = '/a'; V = "v`0" }
    ) {
        Set-HaproxyMapEntry -Map $map -Key $K -Value $V -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a old-a', '/dup d1', '/b old-b', '/dup d2')
    }

    It 'without -Key or -Ref is InvalidHaproxyArgument' {
        Set-HaproxyMapEntry -Map $map -Value x -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }

    It '-WhatIf shows the set map command and changes nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyMapEntry -Map $map -Key /a -Value 'x y' -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Set map entry ('set map virt@paths.map /a x\ y')`" on target `"virt@paths.map /a`".")
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a old-a', '/dup d1', '/b old-b', '/dup d2')
    }

    It '2,000 piped entries are changed, queued and sent in pipelined batches' {
        Reset-LabMap -Lab $lab $map
        1..2000 | ForEach-Object { [pscustomobject]@{ Key = "/bulk/$_"; Value = 'before' } } | Add-HaproxyMapEntry -Map $map
        (Get-LabMapState -Lab $lab $map).EntryCount | Should -Be 2000
        $script:seenAt500 = $null
        $n = 0
        $out = @(Get-HaproxyMapEntry -Map $map | ForEach-Object {
                $n++
                # Commands are queued and sent 1,000 at a time, not one round trip each: when the 500th entry
                # arrives, the first one is queued but not yet sent.
                if ($n -eq 500) { $script:seenAt500 = Get-LabMapMatch -Lab $lab $map /bulk/1 }
                $_
            } | Set-HaproxyMapEntry -Value after -PassThru -ErrorVariable err)
        $err | Should -HaveCount 0
        $script:seenAt500 | Should -BeLike '*key="/bulk/1", value="before"*'
        $out | Should -HaveCount 2000
        $lines = Get-LabMapLines -Lab $lab -Map $map
        $lines | Should -HaveCount 2000
        @($lines | Where-Object { $_ -notmatch '^/bulk/\d+ after$' }) | Should -BeNullOrEmpty
        ($lines | ForEach-Object { $_.Split(' ')[0] } | Sort-Object -Unique) | Should -HaveCount 2000
    }
}

Describe 'Clear-HaproxyMap' {
    BeforeEach { Reset-LabMap -Lab $lab $map '/a 1', '/b 2' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It '-WhatIf shows clear map and keeps every entry' {
        $lines = Get-WhatIfLines { Clear-HaproxyMap -Map $map -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Clear map ('clear map virt@paths.map')`" on target `"virt@paths.map`".")
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2')
    }

    It '-Confirm:$false empties the map and writes nothing' {
        $out = Clear-HaproxyMap -Map $map -Confirm:$false
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
        (Get-LabMapState -Lab $lab $map).EntryCount | Should -Be 0
    }

    It '-PassThru writes the emptied map; the map binds from a piped HaproxyMap' {
        $out = @(Get-HaproxyMap -Name $map | Clear-HaproxyMap -Confirm:$false -PassThru)
        $out | Should -HaveCount 1
        $out[0].Map | Should -BeExactly $map
        $out[0].EntryCount | Should -Be 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It '-PassThru with the map given as #id writes the map and no error' {
        $id = '#' + @(Get-HaproxyMap -Name $map)[0].Id
        $out = @(Clear-HaproxyMap -Map $id -Confirm:$false -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
        $err | Should -HaveCount 0
        $out | Should -HaveCount 1
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        Clear-HaproxyMap -Map virt@nosuch.map -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2')
    }
}

Describe 'Update-HaproxyMap' {
    BeforeEach { Reset-LabMap -Lab $lab $map '/a 1', '/b 2', '/gone x' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It 'replaces the whole content in one new committed version (-Entry)' {
        $before = Get-LabMapState -Lab $lab $map
        $out = Update-HaproxyMap -Map $map -Entry ([ordered]@{ '/a' = '1'; '/b' = 'changed'; '/new' = 'n' }) -Confirm:$false
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b changed', '/new n')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be ($before.NextVersion + 1)
        $after.NextVersion | Should -Be $after.CurrentVersion
        $after.EntryCount | Should -Be 3
    }

    It '-Verbose shows every CLI line sent: prepare, each escaped add @<ver>, commit' {
        $before = Get-LabMapState -Lab $lab $map
        $verbose = @(Update-HaproxyMap -Map $map -Entry ([ordered]@{ '/v 1' = 'x;y'; '/v2' = 'z' }) -Confirm:$false -Verbose 4>&1 |
            ForEach-Object { "$_" } | Where-Object { $_ -like '`[*`] *' -and $_ -notlike '*] committed version *' } | ForEach-Object { $_ -replace '^\[[^\]]*\] ', '' })
        $version = (Get-LabMapState -Lab $lab $map).CurrentVersion
        $version | Should -Be ($before.NextVersion + 1)
        $verbose | Should -BeExactly @(
            "prepare map $map"
            "add map @$version $map /v\ 1 x\;y"
            "add map @$version $map /v2 z"
            "commit map @$version $map")
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/v 1 x;y', '/v2 z')
    }

    It 'takes the new content from piped objects with Key and Value, and -PassThru writes the map' {
        $rows = @(
            [pscustomobject]@{ Key = '/p1'; Value = 'v1' }
            [pscustomobject]@{ Key = '/p 2'; Value = 'v;2' }
            [pscustomobject]@{ Key = '/p1'; Value = 'dup' }
        )
        $out = @($rows | Update-HaproxyMap -Map $map -Confirm:$false -PassThru)
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/p1 v1', '/p 2 v;2', '/p1 dup')
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyMap'
        $out[0].EntryCount | Should -Be 3
        $out[0].CurrentVersion | Should -Be (Get-LabMapState -Lab $lab $map).CurrentVersion
    }

    It 'copies one map''s entries into a new version (entries from Get-HaproxyMapEntry bind Key and Value)' {
        $before = Get-LabMapState -Lab $lab $map
        Get-HaproxyMapEntry -Map $map | Where-Object Key -ne '/gone' | Update-HaproxyMap -Map $map -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2')
        (Get-LabMapState -Lab $lab $map).CurrentVersion | Should -BeGreaterThan $before.CurrentVersion
    }

    It '-Entry @{} empties the map atomically' {
        Update-HaproxyMap -Map $map -Entry @{} -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It 'an empty pipeline changes nothing (no version is prepared)' {
        $before = Get-LabMapState -Lab $lab $map
        @() | Update-HaproxyMap -Map $map -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It '-WhatIf lists every key added, changed and removed, and changes nothing' {
        $before = Get-LabMapState -Lab $lab $map
        $lines = Get-WhatIfLines { Update-HaproxyMap -Map $map -Entry ([ordered]@{ '/a' = '1'; '/b' = 'B2'; '/c' = 'C' }) -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Replace the content: 1 to add, 1 to change, 1 to remove (3 entries after)`" on target `"virt@paths.map`"."
            "What if: Performing the operation `"Change value '2' -> 'B2'`" on target `"virt@paths.map /b`"."
            "What if: Performing the operation `"Add (value 'C')`" on target `"virt@paths.map /c`"."
            "What if: Performing the operation `"Remove`" on target `"virt@paths.map /gone`"."
            "What if: Performing the operation `"Replace the content atomically with 3 entries (prepare map; add map @<ver> ...; commit map)`" on target `"virt@paths.map`"."
        )
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion   # not even a version was prepared
    }

    It 'an entry with a line feed is InvalidHaproxyArgument: nothing is sent, the live map and its version are unchanged' {
        $before = Get-LabMapState -Lab $lab $map
        $rows = @(
            [pscustomobject]@{ Key = '/ok'; Value = 'fine' }
            [pscustomobject]@{ Key = '/bad'; Value = "v`nclear map virt@paths.map" }
        )
        $out = $rows | Update-HaproxyMap -Map $map -Confirm:$false -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It 'a key HAProxy refuses fails the whole update: one error, the live map and its version unchanged, nothing committed' {
        $nets = 'virt@nets.map'
        $null = Invoke-LabSocket -Lab $lab -Command "clear map $nets"
        $null = Invoke-LabSocket -Lab $lab -Command "add map $nets 10.0.0.0/8 private"
        $before = Get-LabMapState -Lab $lab $nets
        Update-HaproxyMap -Map $nets -Entry ([ordered]@{ '192.168.0.0/16' = 'lan'; 'not-an-ip' = 'x'; '172.16.0.0/12' = 'dc' }) -Confirm:$false -PassThru -OutVariable out -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Match '^Haproxy(CommandFailed|InvalidCommand),'
        $err[0].Exception.Message | Should -BeLike "*failed (1 of * commands for 3 entries*'add map @* virt@nets.map'*not-an-ip*the live content is unchanged.*"
        $err[0].TargetObject | Should -BeExactly $nets
        Get-LabMapLines -Lab $lab -Map $nets | Should -BeExactly @('10.0.0.0/8 private')
        $after = Get-LabMapState -Lab $lab $nets
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be ($before.NextVersion + 1)   # prepared, never committed
        (Invoke-LabSocket -Lab $lab -Command "get map $nets 192.168.1.1") | Should -BeLike '*found=no*'
        (Invoke-LabSocket -Lab $lab -Command "get map $nets 10.1.2.3") | Should -BeLike '*found=yes*value="private"*'
        $null = Invoke-LabSocket -Lab $lab -Command "clear map $nets"
    }

    It 'a piped row without Key or Value stops the whole replacement (all or nothing)' {
        $before = Get-LabMapState -Lab $lab $map
        $rows = @(
            [pscustomobject]@{ Key = '/a'; Value = 'new' }
            [pscustomobject]@{ Key = ''; Value = 'x' }
            [pscustomobject]@{ Key = '/b' }
        )
        $rows | Update-HaproxyMap -Map $map -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 2
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        (Get-LabMapState -Lab $lab $map).CurrentVersion | Should -Be $before.CurrentVersion
    }

    It 'piped rows that are a plain string, $null or an object with only Key each are an error; the map is not replaced' {
        # Rows with neither a Key nor a Value property reach the cmdlet through -InputObject instead of being left
        # out by PowerShell's binder while the good rows are committed.
        $before = Get-LabMapState -Lab $lab $map
        $rows = @(
            [pscustomobject]@{ Key = '/a'; Value = 'new' }
            'a plain string'
            $null
            [pscustomobject]@{ Key = '/only-key' }
            [pscustomobject]@{ Key = '/z'; Value = 'z' }
        )
        $records = @($rows | Update-HaproxyMap -Map $map -Confirm:$false -PassThru -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1)
        $err | Should -HaveCount 3
        foreach ($e in $err) {
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        $err[0].Exception.Message | Should -BeExactly 'Row 2 has no Key; the map will not be replaced.'
        $err[1].Exception.Message | Should -BeExactly 'Row 3 has no Key; the map will not be replaced.'
        $err[2].Exception.Message | Should -BeExactly 'Row 4 has no Value; the map will not be replaced.'
        $err[2].TargetObject | Should -BeExactly '/only-key'
        # Nothing written (no -PassThru map), and -Verbose says why.
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) |
            Should -Contain "3 invalid input row(s): $map was not replaced."
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion   # no version was even prepared
        $after.EntryCount | Should -Be 3
    }

    It 'one <Label> among good piped rows is one InvalidHaproxyArgument error; the live map and curr_ver are unchanged' -ForEach @(
        @{ Label = 'plain string'; Row = '/c 3' }
        @{ Label = '$null'; Row = $null }
        @{ Label = 'object with only Key'; Row = [pscustomobject]@{ Key = '/c' } }
        @{ Label = 'object with only Value'; Row = [pscustomobject]@{ Value = '3' } }
        @{ Label = 'object with other property names'; Row = [pscustomobject]@{ Path = '/c'; Backend = '3' } }
        @{ Label = 'plain hashtable (no properties to bind)'; Row = @{ Key = '/c'; Value = '3' } }
    ) {
        $before = Get-LabMapState -Lab $lab $map
        $rows = @(
            [pscustomobject]@{ Key = '/a'; Value = 'changed' }
            $Row
            [pscustomobject]@{ Key = '/new'; Value = 'n' }
        )
        $rows | Update-HaproxyMap -Map $map -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike 'Row 2 has no *; the map will not be replaced.'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        $after = Get-LabMapState -Lab $lab $map
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
        (Invoke-LabSocket -Lab $lab -Command "get map $map /new") | Should -BeLike '*found=no*'
    }

    It 'every piped object binds -InputObject (Pipeline set, by value); -Key and -Value bind by property name only' {
        $command = Get-Command Update-HaproxyMap
        $inputObject = $command.Parameters['InputObject']
        @($inputObject.ParameterSets.Keys) | Should -BeExactly @('Pipeline')
        $set = $inputObject.ParameterSets['Pipeline']
        "$($set.IsMandatory) $($set.ValueFromPipeline) $($set.ValueFromPipelineByPropertyName)" | Should -Be 'False True False'
        foreach ($name in 'Key', 'Value') {
            $set = $command.Parameters[$name].ParameterSets['Pipeline']
            "$($set.IsMandatory) $($set.ValueFromPipeline) $($set.ValueFromPipelineByPropertyName)" | Should -Be 'False False True'
        }
    }

    It 'HaproxyMapEntry objects and rows of a CSV file still replace the map (they bind Key and Value)' {
        $csv = Join-Path $TestDrive 'routes.csv'
        Set-Content -Path $csv -Encoding utf8 -Value @('Key,Value', '/csv1,c1', '/csv 2,c;2')
        $before = Get-LabMapState -Lab $lab $map
        Import-Csv $csv | Update-HaproxyMap -Map $map -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/csv1 c1', '/csv 2 c;2')
        (Get-LabMapState -Lab $lab $map).CurrentVersion | Should -Be ($before.NextVersion + 1)
        Get-HaproxyMapEntry -Map $map | Update-HaproxyMap -Map $map -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/csv1 c1', '/csv 2 c;2')
    }

    It 'refuses piped rows together with -Key/-Value on the command line (terminating), before anything is sent' {
        $before = Get-LabMapState -Lab $lab $map
        { 'a', 'b' | Update-HaproxyMap -Map $map -Key /k -Value v -Confirm:$false } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
        (Get-LabMapState -Lab $lab $map).CurrentVersion | Should -Be $before.CurrentVersion
    }

    It 'an unknown map is HaproxyObjectNotFound and nothing is changed' {
        Update-HaproxyMap -Map virt@nosuch.map -Entry @{ '/a' = 'b' } -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/a 1', '/b 2', '/gone x')
    }

    It 'routes traffic by the new content: /test goes to altbackend, then back to webservers' {
        Invoke-LabRequest -Lab $lab -Path '/test/x' | Should -Be 'served by webservers'
        Update-HaproxyMap -Map $map -Entry @{ '/test' = 'altbackend' } -Confirm:$false
        Invoke-LabRequest -Lab $lab -Path '/test/x' | Should -Be 'served by altbackend'
        Invoke-LabRequest -Lab $lab -Path '/other' | Should -Be 'served by webservers'
        Update-HaproxyMap -Map $map -Entry @{ '/test' = 'webservers' } -Confirm:$false
        Invoke-LabRequest -Lab $lab -Path '/test/x' | Should -Be 'served by webservers'
    }

    It 'is atomic: while 20,000 entries replace 5,000, every lookup sees the complete old or the complete new table' {
        # Old table: /old-0../old-4999 and the sentinel /s -> old. New table: /new-0../new-19999 and /s -> new.
        $old = [ordered]@{}
        for ($i = 0; $i -lt 5000; $i++) { $old["/old-$i"] = 'old' }
        $old['/s'] = 'old'
        Update-HaproxyMap -Map $map -Entry $old -Confirm:$false
        $start = Get-LabMapState -Lab $lab $map
        $start.EntryCount | Should -Be 5001
        $new = [System.Collections.Generic.List[object]]::new()
        for ($i = 0; $i -lt 20000; $i++) { $new.Add([pscustomobject]@{ Key = "/new-$i"; Value = 'new' }) }
        $new.Add([pscustomobject]@{ Key = '/s'; Value = 'new' })

        # The replacement runs in its own runspace, on its own session, while this one polls the lab socket.
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $job = [powershell]::Create()
        $job.Runspace = $runspace
        $null = $job.AddScript({
                param($ModulePath, $Endpoint, $Map, $Entries)
                Import-Module $ModulePath
                $s = Connect-Haproxy -Endpoint $Endpoint -Timeout 30s
                try { $Entries | Update-HaproxyMap -Map $Map -Confirm:$false -PassThru -Session $s }
                finally { Disconnect-Haproxy -Session $s -Confirm:$false }
            }).AddArgument((Resolve-Path $modulePath).Path).AddArgument($lab.AdminEndpoint).AddArgument($map).AddArgument($new)
        $observations = [System.Collections.Generic.List[string]]::new()
        $handle = $job.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            $i = 0
            $after = 0
            # Keep polling a few times after the job ended, to observe the new table too.
            while ($after -lt 5 -and [DateTime]::UtcNow -lt $deadline) {
                if ($handle.IsCompleted) { $after++ }
                $i++
                # One connection, four lookups in order: an old key, the sentinel, a new key, the versions.
                $observations.Add((Invoke-LabSocket -Lab $lab -Command ("get map $map /old-$($i % 5000);get map $map /s;" +
                            "get map $map /new-$(($i * 7919) % 20000);show map")))
            }
            $handle.IsCompleted | Should -BeTrue -Because 'the replacement should finish within 60 s'
            $result = @($job.EndInvoke($handle))
            @($job.Streams.Error) | Should -BeNullOrEmpty
        }
        finally {
            $job.Dispose()
            $runspace.Dispose()
        }
        $result | Should -HaveCount 1
        $result[0].EntryCount | Should -Be 20001
        $result[0].CurrentVersion | Should -Be ($start.NextVersion + 1)

        # Each answer says old (O) or new (N). Within one observation the four lookups run one after the other, so
        # the table may switch between them, but only once and only from old to new: O...ON...N. Across
        # observations, once new was seen, old must never come back.
        $seenNew = $false
        $duringFill = 0
        $bad = [System.Collections.Generic.List[string]]::new()
        foreach ($o in $observations) {
            $parts = $o -split "`n`n"
            $oldKey = if ($parts[0] -match 'found=yes, idx=tree, key="/old-\d+", value="old"') { 'O' } elseif ($parts[0] -match 'found=no') { 'N' } else { 'X' }
            $sentinel = if ($parts[1] -match 'key="/s", value="old"') { 'O' } elseif ($parts[1] -match 'key="/s", value="new"') { 'N' } else { 'X' }
            $newKey = if ($parts[2] -match 'found=no') { 'O' } elseif ($parts[2] -match 'found=yes, idx=tree, key="/new-\d+", value="new"') { 'N' } else { 'X' }
            $null = $parts[3] -match "\($([regex]::Escape($map))\) .* curr_ver=(\d+) next_ver=(\d+)"
            $version = if ([int]$Matches[1] -eq $start.CurrentVersion) { 'O' } elseif ([int]$Matches[1] -eq $start.NextVersion + 1) { 'N' } else { 'X' }
            if ([int]$Matches[2] -gt [int]$Matches[1]) { $duringFill++ }
            $sequence = $oldKey + $sentinel + $newKey + $version
            if ($sequence -notmatch '^O*N*$' -or ($seenNew -and $sequence.Contains('O'))) { $bad.Add("$sequence <- $o") }
            if ($sequence.Contains('N')) { $seenNew = $true }
        }
        $bad | Should -BeNullOrEmpty
        $observations[0] | Should -BeLike '*key="/s", value="old"*'
        $observations[-1] | Should -BeLike '*key="/s", value="new"*'
        $duringFill | Should -BeGreaterThan 0 -Because 'some lookups should have run while the new version was being filled'

        $lines = Get-LabMapLines -Lab $lab -Map $map
        $lines | Should -HaveCount 20001
        @($lines | Where-Object { $_ -like '/old-*' }) | Should -BeNullOrEmpty
        $lines | Should -Contain '/s new'
        $lines | Should -Contain '/new-19999 new'
    }
}

Describe 'Compare-HaproxyMap' {
    BeforeEach { Reset-LabMap -Lab $lab $map '/a 1', '/b 2', '/gone x', '/dup 1', '/dup 2' }
    AfterAll { Reset-LabMap -Lab $lab $map }

    It 'writes one object per key added, changed or removed, in the new content''s order then the live one; changes nothing' {
        $before = Get-LabMapState -Lab $lab $map
        $diff = @(Compare-HaproxyMap -Map $map -Entry ([ordered]@{ '/c' = 'C'; '/a' = '1'; '/b' = 'B2'; '/dup' = '2' }))
        @($diff | ForEach-Object { "$($_.Change)|$($_.Key)|$($_.Value)|$($_.OldValue)" }) | Should -BeExactly @('Add|/c|C|', 'Change|/b|B2|2', 'Remove|/gone|x|x')
        $diff[0] | Should -BeOfType ([HaproxyRuntime.Client.Models.HaproxyMapDifference])
        $diff[0].Map | Should -BeExactly $map
        $diff[0].Session | Should -BeExactly $session.Name
        @(Get-LabMapLines -Lab $lab $map) | Should -BeExactly @('/a 1', '/b 2', '/gone x', '/dup 1', '/dup 2')
        (Get-LabMapState -Lab $lab $map).NextVersion | Should -Be $before.NextVersion -Because 'no version was prepared'
    }

    It 'gives exactly the differences Update-HaproxyMap -WhatIf lists' {
        $entry = [ordered]@{ '/c' = 'C'; '/b' = 'B2' }
        $objects = @(Compare-HaproxyMap -Map $map -Entry $entry | ForEach-Object { "$map $($_.Key)" })
        $lines = @(Get-WhatIfLines { Update-HaproxyMap -Map $map -Entry $entry -WhatIf } | Where-Object { $_ -match 'on target "(virt@paths\.map /[^"]+)"' } | ForEach-Object { $Matches[1] })
        $objects | Should -BeExactly $lines
    }

    It 'takes piped rows as Update-HaproxyMap does; its objects pipe on: the additions into Add-HaproxyMapEntry, the removals into Remove-HaproxyMapEntry' {
        $rows = @([pscustomobject]@{ Key = '/a'; Value = '1' }, [pscustomobject]@{ Key = '/new'; Value = 'webservers' })
        $diff = @($rows | Compare-HaproxyMap -Map $map)
        @($diff | ForEach-Object { "$($_.Change) $($_.Key)" }) | Should -Be @('Add /new', 'Remove /b', 'Remove /gone', 'Remove /dup') -Because 'a key the live map holds twice is one removal, as del map by key removes both'
        $diff | Where-Object Change -eq 'Add' | Add-HaproxyMapEntry
        $diff | Where-Object { $_.Change -eq 'Remove' -and $_.Key -eq '/gone' } | Remove-HaproxyMapEntry -Confirm:$false
        @(Get-LabMapLines -Lab $lab $map) | Should -BeExactly @('/a 1', '/b 2', '/dup 1', '/dup 2', '/new webservers')
    }

    It 'a bad row compares nothing: InvalidHaproxyArgument per row, no read of the map' {
        $records = @(@([pscustomobject]@{ Key = '/a'; Value = '' }, 'stray') | Compare-HaproxyMap -Map $map -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1)
        $errors | Should -HaveCount 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$($errors[0])" | Should -BeLike '*the map will not be compared.'
        @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyMapDifference] }) | Should -BeNullOrEmpty
        @(Get-VerboseLines $records | Where-Object { $_ -like '`[*`] show map*' }) | Should -BeNullOrEmpty
    }

    It 'a map that is not loaded is HaproxyObjectNotFound' {
        $thrown = Get-ThrownError { Compare-HaproxyMap -Map virt@nosuch.map -Entry @{ '/a' = '1' } -ErrorAction Stop }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}
