# Map entry cmdlets (Add-/Get-/Remove-HaproxyMapEntry) against a real HAProxy 3.4 on loopback, on the seed's virtual
# map virt@paths.map. What HAProxy stored is always read back through the lab's own socket ('show map' for the exact
# bytes, 'get map' with the test's own escaping), never only through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $map = 'virt@paths.map'
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Add-HaproxyMapEntry' {
    AfterEach { $null = Invoke-LabSocket -Lab $lab -Command "clear map $map" }

    It 'adds key and value to virt@paths.map' {
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
        $out = Add-HaproxyMapEntry -Map $map -Key /basic -Value be1
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/basic be1')
        Get-LabMapMatch -Lab $lab -Map $map -Key '/basic' | Should -BeLike '*found=yes*key="/basic", value="be1"*'
    }

    It '-PassThru returns the entry with its map and session' {
        $entry = @(Add-HaproxyMapEntry $map /pt be2 -PassThru)
        $entry | Should -HaveCount 1
        $entry[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyMapEntry'
        $entry[0].Map | Should -BeExactly $map
        $entry[0].Key | Should -BeExactly '/pt'
        $entry[0].Value | Should -BeExactly 'be2'
        $entry[0].Session | Should -Be $session.Name
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/pt be2')
    }

    It 'stores <Label> exactly' -ForEach @(
        @{ Label = 'a key and a value with spaces'; Key = 'k with space'; Value = 'v with  two  spaces' }
        @{ Label = "';' in key and value"; Key = 'k;semi'; Value = 'v;semi' }
        @{ Label = 'a single backslash'; Key = 'k\b'; Value = 'v\b' }
        @{ Label = 'a double backslash'; Key = 'k\\b'; Value = 'v\\' }
        @{ Label = 'a trailing backslash'; Key = 'k\'; Value = 'v\' }
        @{ Label = "'#' inside"; Key = 'k#h'; Value = 'v#h' }
        @{ Label = 'Cyrillic and Japanese'; Key = 'ключ'; Value = '日本' }
        @{ Label = "a leading '<<' (no payload)"; Key = '<<x'; Value = '<<y' }
        @{ Label = "'<<' after a space in the value"; Key = 'lt'; Value = 'a <<EOF' }
        @{ Label = 'quotes (not special in HAProxy)'; Key = '"q"'; Value = "'v'" }
        @{ Label = 'a tab in the value'; Key = 'tab'; Value = "a`tb" }
        @{ Label = 'a value with spaces'; Key = '/whole'; Value = 'one two three' }
    ) {
        Add-HaproxyMapEntry -Map $map -Key $Key -Value $Value -ErrorVariable err
        $err | Should -HaveCount 0
        # 'show map' prints the stored bytes: exactly one entry, "key value".
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @("$Key $Value")
        # 'get map' with the test's own escaping finds the same entry, and quotes key and value separately.
        $got = Get-LabMapMatch -Lab $lab -Map $map -Key $Key
        $got | Should -BeLike '*found=yes*'
        $got.Contains("key=`"$Key`", value=`"$Value`"") | Should -BeTrue -Because "get map answered: $got"
        if (-not $Key.Contains(' ')) {
            # The module's own read (its 'show map' parser splits key and value at the first space after the ref).
            $entries = @(Get-HaproxyMapEntry -Map $map -Key $Key)
            $entries | Should -HaveCount 1
            $entries[0].Key | Should -BeExactly $Key
            $entries[0].Value | Should -BeExactly $Value
            $entries[0].Map | Should -BeExactly $map
            $entries[0].Ref | Should -Match '^#0x[0-9a-f]+$'
        }
    }

    It 'stores "<Key>" as one literal key and runs no second command' -ForEach @(
        @{ Key = 'a;show version' }
        @{ Key = 'a;add map virt@paths.map /smuggled x' }
        @{ Key = 'a;del map virt@paths.map /keep' }
    ) {
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map /keep k"
        $records = @(Add-HaproxyMapEntry -Map $map -Key $Key -Value v -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] add map $map $(ConvertTo-LabCliWord $Key) v"
        $lines = Get-LabMapLines -Lab $lab -Map $map
        $lines | Should -HaveCount 2
        $lines | Should -Contain '/keep k'
        $lines | Should -Contain "$Key v"
        $lines | Should -Not -Contain '/smuggled x'
        (Get-LabMapMatch -Lab $lab -Map $map -Key $Key).Contains("key=`"$Key`", value=`"v`"") | Should -BeTrue
        # The session is still in step (an extra command's answer would have been read as this one's).
        @(Get-HaproxyMapEntry -Map $map -Key /keep).Value | Should -BeExactly 'k'
        (Get-HaproxyInfo).Name | Should -BeExactly 'HAProxy'
    }

    It 'refuses <Label> with InvalidHaproxyArgument and leaves the map unchanged' -ForEach @(
        @{ Label = 'a key with LF'; M = 'virt@paths.map'; K = "a`nshow version"; V = 'v' }
        @{ Label = 'a key with CR'; M = 'virt@paths.map'; K = "a`rb"; V = 'v' }
        @{ Label = 'a key with NUL'; M = 'virt@paths.map'; K = "a`0show version"; V = 'v' }
        @{ Label = 'a key ending in CR'; M = 'virt@paths.map'; K = "a`r"; V = 'v' }
        @{ Label = 'a value with LF'; M = 'virt@paths.map'; K = 'k'; V = "v`nshow version" }
        @{ Label = 'a value with NUL'; M = 'virt@paths.map'; K = 'k'; V = "v`0" }
        @{ Label = 'a map name with LF'; M = "virt@paths.map`nshow version"; K = 'k'; V = 'v' }
        @{ Label = 'a key longer than one command can carry'; M = 'virt@paths.map'; K = 'k' * 9000; V = 'v' }
    ) {
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map /sentinel s"
        $out = Add-HaproxyMapEntry -Map $M -Key $K -Value $V -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/sentinel s')
        (Get-HaproxyMapEntry -Map $map).Key | Should -BeExactly '/sentinel'
    }

    It 'refuses an empty <Which> before sending anything and leaves the map unchanged' -ForEach @(
        @{ Which = 'key'; K = ''; V = 'v' }
        @{ Which = 'value'; K = 'k'; V = '' }
    ) {
        # Refused by PowerShell's binder (mandatory string parameters), before the module's own CliArgument check
        # could say InvalidHaproxyArgument; either way nothing reaches HAProxy.
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map /sentinel s"
        $caught = $null
        try { Add-HaproxyMapEntry -Map $map -Key $K -Value $V } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationErrorEmptyStringNotAllowed,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        # Piped, the same refusal is per object and the other objects are still added.
        $piped = @(
            [pscustomobject]@{ Map = $map; Key = $K; Value = $V }
            [pscustomobject]@{ Map = $map; Key = '/ok'; Value = 'fine' }
        )
        $piped | Add-HaproxyMapEntry -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationErrorEmptyStringNotAllowed,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/sentinel s', '/ok fine')
    }

    It 'one oversize entry among three piped entries (<Label>) is its own InvalidHaproxyArgument; the other two are added' -ForEach @(
        # A 9,000-character key is over the 8,192-character limit of one argument; the command would be 17,000+ bytes.
        @{ Label = '9,000-char key, 8,000-char value'; K = 'k' * 9000; V = 'v' * 8000; Message = 'Key is 9000 characters long*' }
        # Key and value each fit, but the 'add map' line does not (16,124 bytes): the per-command line check.
        @{ Label = '8,100-char key, 8,000-char value'; K = 'k' * 8100; V = 'v' * 8000; Message = 'The command is 16124 bytes long*Nothing was sent.' }
        # 11,000 characters, but each ';' is sent escaped ('\;'): 16,024 bytes after escaping.
        @{ Label = 'escaping makes the line too long'; K = ';' * 5000; V = 'v' * 6000; Message = 'The command is 16024 bytes long*' }
        # 10,100 characters, but each Cyrillic letter is two bytes in UTF-8: 16,124 bytes.
        @{ Label = 'UTF-8 makes the line too long'; K = 'ж' * 6000; V = 'v' * 4100; Message = 'The command is 16124 bytes long*' }
    ) {
        $rows = @(
            [pscustomobject]@{ Map = $map; Key = '/first'; Value = 'f' }
            [pscustomobject]@{ Map = $map; Key = $K; Value = $V }
            [pscustomobject]@{ Map = $map; Key = '/third'; Value = 't' }
        )
        $out = @($rows | Add-HaproxyMapEntry -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike $Message
        $out.Key | Should -BeExactly @('/first', '/third')
        # Through the lab socket: exactly the two other entries, and the connection was not dropped.
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/first f', '/third t')
        Get-LabMapMatch -Lab $lab -Map $map -Key '/third' | Should -BeLike '*found=yes*key="/third", value="t"*'
        (Get-HaproxyInfo).Name | Should -BeExactly 'HAProxy'
    }

    It 'an oversize entry in the middle of 1,000 piped entries fails alone: the other 999 of its batch are added' {
        $rows = 1..1000 | ForEach-Object {
            if ($_ -eq 500) { [pscustomobject]@{ Map = $map; Key = 'k' * 8100; Value = 'v' * 8000 } }
            else { [pscustomobject]@{ Map = $map; Key = "/bulk/$_"; Value = "be$_" } }
        }
        $records = @($rows | Add-HaproxyMapEntry -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].Exception.Message | Should -BeLike 'The command is 16124 bytes long*'
        # Refused before it was queued: no verbose line for it, one for each of the others.
        @(Get-VerboseLines $records | Where-Object { $_ -match '^\[[^\]]+\] add map ' }) | Should -HaveCount 999
        $lines = Get-LabMapLines -Lab $lab -Map $map
        $lines | Should -HaveCount 999
        $lines[0] | Should -BeExactly '/bulk/1 be1'
        $lines[498] | Should -BeExactly '/bulk/499 be499'
        $lines[499] | Should -BeExactly '/bulk/501 be501'
        $lines[998] | Should -BeExactly '/bulk/1000 be1000'
        @($lines | Where-Object { $_.Length -gt 100 }) | Should -BeNullOrEmpty
    }

    It 'an entry just under the line limit is added' {
        # 'add map virt@paths.map ' is 23 bytes: 23 + 7,988 + 1 + 7,987 = 15,999 bytes.
        $key = 'k' * 7988
        $value = 'v' * 7987
        Add-HaproxyMapEntry -Map $map -Key $key -Value $value -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @("$key $value")
        (Get-HaproxyInfo).Name | Should -BeExactly 'HAProxy'
    }

    It 'an -Entry dictionary with one oversize entry is refused whole: one error, nothing added' {
        Add-HaproxyMapEntry -Map $map -Entry ([ordered]@{ '/e1' = '1'; ('k' * 8100) = ('v' * 8000); '/e3' = '3' }) -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-LabMapLines -Lab $lab -Map $map) | Should -HaveCount 0
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        Add-HaproxyMapEntry -Map virt@nosuch.map -Key k -Value v -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It '-WhatIf adds nothing and writes nothing' {
        $out = Add-HaproxyMapEntry -Map $map -Key /whatif -Value v -PassThru -WhatIf
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
        $out = [pscustomobject]@{ Map = $map; Key = '/whatif2'; Value = 'v' } | Add-HaproxyMapEntry -WhatIf
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It 'adds one entry per piped object with Map/Key/Value properties' {
        $objects = @(
            [pscustomobject]@{ Map = $map; Key = '/p1'; Value = 'v1' }
            [pscustomobject]@{ Map = $map; Key = '/p 2'; Value = 'v 2' }
            [pscustomobject]@{ Map = $map; Key = '/p1'; Value = 'dup' }
        )
        # A second /p1 is what HAProxy allows and the module refuses unless asked (see Experience.Tests.ps1).
        $out = @($objects | Add-HaproxyMapEntry -PassThru -AllowDuplicate)
        $out | Should -HaveCount 3
        $out.Key | Should -BeExactly @('/p1', '/p 2', '/p1')
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/p1 v1', '/p 2 v 2', '/p1 dup')
    }

    It 'adds from hashtables: splatted, or cast to [pscustomobject] for the pipeline' {
        $h = @{ Map = $map; Key = '/splat'; Value = 'sv' }
        Add-HaproxyMapEntry @h
        @{ Map = $map; Key = '/cast'; Value = 'cv' }, @{ Map = $map; Key = '/cast2'; Value = 'cv2' } |
            ForEach-Object { [pscustomobject]$_ } | Add-HaproxyMapEntry
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/splat sv', '/cast cv', '/cast2 cv2')
    }

    It 'a plain piped hashtable has no Map/Key/Value properties to bind (PowerShell binding), so nothing is added' {
        @{ Map = $map; Key = '/ht'; Value = 'v' } | Add-HaproxyMapEntry -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It '1,000 piped entries are all present afterwards' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        1..1000 | ForEach-Object { [pscustomobject]@{ Map = $map; Key = "/bulk/$_"; Value = "be$_" } } | Add-HaproxyMapEntry -ErrorVariable err
        $sw.Stop()
        $err | Should -HaveCount 0
        $rows = Get-LabMapLines -Lab $lab -Map $map -Part Row
        $rows | Should -HaveCount 1000
        $lines = Get-LabMapLines -Lab $lab -Map $map
        $lines[0] | Should -BeExactly '/bulk/1 be1'
        $lines[999] | Should -BeExactly '/bulk/1000 be1000'
        ($lines | Sort-Object -Unique) | Should -HaveCount 1000
        (Get-LabMapMatch -Lab $lab -Map $map -Key '/bulk/500').Contains('key="/bulk/500", value="be500"') | Should -BeTrue
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 20
    }
}

Describe 'Get-HaproxyMapEntry' {
    BeforeAll {
        Reset-LabMap -Lab $lab -Map $map '/a A', '/ab AB', '/b B', '/a A2'
    }
    AfterAll { $null = Invoke-LabSocket -Lab $lab -Command "clear map $map" }

    It 'lists every entry in map order with its reference' {
        $entries = @(Get-HaproxyMapEntry -Map $map)
        $entries | Should -HaveCount 4
        ($entries | ForEach-Object { "$($_.Key) $($_.Value)" }) | Should -BeExactly @('/a A', '/ab AB', '/b B', '/a A2')
        $refs = Get-LabMapLines -Lab $lab -Map $map -Part Ref
        for ($i = 0; $i -lt 4; $i++) { $entries[$i].Ref | Should -BeExactly ('#' + $refs[$i]) }
        $entries[0].Map | Should -BeExactly $map
        $entries[0].Session | Should -Be $session.Name
    }

    It '-Key is an exact filter (not a prefix match) and returns every duplicate' {
        $entries = @(Get-HaproxyMapEntry -Map $map -Key /a)
        $entries | Should -HaveCount 2
        $entries.Value | Should -BeExactly @('A', 'A2')
    }

    It '-Key takes several keys' {
        $entries = @(Get-HaproxyMapEntry $map /b, /ab)
        ($entries | ForEach-Object { "$($_.Key) $($_.Value)" }) | Should -BeExactly @('/b B', '/ab AB')
    }

    It 'a missing -Key is a non-terminating HaproxyObjectNotFound; the other keys are still returned' {
        $entries = @(Get-HaproxyMapEntry -Map $map -Key /missing, /b -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly '/missing'
        $entries | Should -HaveCount 1
        $entries[0].Key | Should -BeExactly '/b'
    }

    It '-Key is case-sensitive' {
        $out = Get-HaproxyMapEntry -Map $map -Key /A -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        $out = Get-HaproxyMapEntry -Map virt@nosuch.map -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Remove-HaproxyMapEntry' {
    BeforeEach {
        $null = Invoke-LabSocket -Lab $lab -Command "clear map $map"
        foreach ($kv in '/dup one', '/other o', '/dup two', '/dup three') { $null = Invoke-LabSocket -Lab $lab -Command "add map $map $kv" }
    }
    AfterAll { $null = Invoke-LabSocket -Lab $lab -Command "clear map $map" }

    It '-Key removes every entry with that key' {
        $records = @(Remove-HaproxyMapEntry -Map $map -Key /dup -Confirm:$false -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] del map $map /dup"
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/other o')
    }

    It '-Key removes a key that has a single entry' {
        $records = @(Remove-HaproxyMapEntry -Map $map -Key /other -Confirm:$false -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] del map $map /other"
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/dup two', '/dup three')
    }

    It '-Key with spaces and '';'' removes exactly that key' {
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map a\ b\;c v"
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map a v2"
        Remove-HaproxyMapEntry -Map $map -Key 'a b;c' -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup two', '/dup three', 'a v2')
    }

    It 'a missing -Key is HaproxyObjectNotFound and removes nothing' {
        Remove-HaproxyMapEntry -Map $map -Key /missing -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-LabMapLines -Lab $lab -Map $map | Should -HaveCount 4
    }

    It 'an unknown map is HaproxyObjectNotFound' {
        Remove-HaproxyMapEntry -Map virt@nosuch.map -Key /dup -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -HaveCount 4
    }

    It 'Get-HaproxyMapEntry | Remove-HaproxyMapEntry removes each entry by its reference' {
        $records = @(Get-HaproxyMapEntry -Map $map | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        $sent = Get-VerboseLines $records | Where-Object { $_ -match '^\[[^\]]+\] del map ' }
        $sent | Should -HaveCount 4
        foreach ($line in $sent) { $line | Should -Match ([regex]::Escape("] del map $map #0x") + '[0-9a-f]+$') }
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It 'piping only the first of duplicate keys removes exactly that one entry' {
        $first = Get-HaproxyMapEntry -Map $map -Key /dup | Select-Object -First 1
        $first.Value | Should -BeExactly 'one'
        $records = @($first | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] del map $map $($first.Ref)"
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/other o', '/dup two', '/dup three')
    }

    It '-Ref removes one entry by reference' {
        $ref = '#' + @(Get-LabMapLines -Lab $lab -Map $map -Part Ref)[2]     # '/dup two'
        Remove-HaproxyMapEntry -Map $map -Ref $ref -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup three')
    }

    It 'a -Ref that is not a reference is refused with InvalidHaproxyArgument: <Ref>' -ForEach @(
        @{ Ref = '#0xzz' }
        @{ Ref = '#0x1;del map virt@paths.map /other' }
        @{ Ref = '/dup' }
    ) {
        Remove-HaproxyMapEntry -Map $map -Ref $Ref -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -HaveCount 4
    }

    It 'a key starting with ''#'' is refused by -Key (InvalidHaproxyArgument) but removable through the pipeline' {
        Add-HaproxyMapEntry -Map $map -Key '#hash' -Value h
        Get-LabMapLines -Lab $lab -Map $map | Should -Contain '#hash h'
        Remove-HaproxyMapEntry -Map $map -Key '#hash' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-LabMapLines -Lab $lab -Map $map | Should -Contain '#hash h'
        Get-HaproxyMapEntry -Map $map -Key '#hash' | Remove-HaproxyMapEntry -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup two', '/dup three')
    }

    It 'LF, CR or NUL in -Key is InvalidHaproxyArgument and removes nothing' -ForEach @(
        @{ K = "/dup`n" }, @{ K = "/dup`r" }, @{ K = "/dup`0" }
    ) {
        Remove-HaproxyMapEntry -Map $map -Key $K -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -HaveCount 4
    }

    It 'has one parameter set: -Map mandatory, -Key optional at position 1, -Ref optional, all bound by property name' {
        $command = Get-Command Remove-HaproxyMapEntry
        $command.ParameterSets | Should -HaveCount 1
        $set = $command.ParameterSets[0]
        $mapParameter = $set.Parameters.Where({ $_.Name -eq 'Map' })[0]
        $keyParameter = $set.Parameters.Where({ $_.Name -eq 'Key' })[0]
        $refParameter = $set.Parameters.Where({ $_.Name -eq 'Ref' })[0]
        "$($mapParameter.IsMandatory) $($mapParameter.Position) $($mapParameter.ValueFromPipelineByPropertyName)" | Should -Be 'True 0 True'
        "$($keyParameter.IsMandatory) $($keyParameter.Position) $($keyParameter.ValueFromPipelineByPropertyName)" | Should -Be 'False 1 True'
        "$($refParameter.IsMandatory) $($refParameter.Position) $($refParameter.ValueFromPipelineByPropertyName)" | Should -Be 'False -2147483648 True'
    }

    It '-Key works positionally' {
        Remove-HaproxyMapEntry $map /other -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/dup two', '/dup three')
    }

    It 'Add-HaproxyMapEntry -PassThru | Remove-HaproxyMapEntry removes by key (the entry has no Ref)' {
        $records = @(Add-HaproxyMapEntry -Map $map -Key /dup -Value four -AllowDuplicate -PassThru | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        $sent = @(Get-VerboseLines $records | Where-Object { $_ -match '^\[[^\]]+\] del map ' })
        $sent | Should -Contain "[$($session.Name)] del map $map /dup"
        $sent | Where-Object { $_ -like '*#0x*' } | Should -BeNullOrEmpty
        # By key: every /dup entry went, the new one and the three that were there.
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/other o')
    }

    It 'Add-HaproxyMapEntry k v -PassThru | Remove-HaproxyMapEntry removes the entry it just added' {
        Add-HaproxyMapEntry $map /fresh v -PassThru | Remove-HaproxyMapEntry -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup two', '/dup three')
    }

    It 'Get-HaproxyMapEntry | Where-Object Value -eq two | Remove-HaproxyMapEntry removes only that duplicate, by Ref' {
        $records = @(Get-HaproxyMapEntry -Map $map | Where-Object Value -EQ 'two' | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        $sent = @(Get-VerboseLines $records | Where-Object { $_ -match '^\[[^\]]+\] del map ' })
        $sent | Should -HaveCount 1
        $sent[0] | Should -Match ([regex]::Escape("[$($session.Name)] del map $map #0x") + '[0-9a-f]+$')
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup three')
    }

    It '-Ref wins over -Key when a piped object has both' {
        $ref = '#' + @(Get-LabMapLines -Lab $lab -Map $map -Part Ref)[2]     # '/dup two'
        [pscustomobject]@{ Map = $map; Key = '/other'; Ref = $ref } | Remove-HaproxyMapEntry -Confirm:$false
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/other o', '/dup three')
    }

    It '[pscustomobject]@{ Map; Key } | Remove-HaproxyMapEntry removes by key' {
        $records = @([pscustomobject]@{ Map = $map; Key = '/dup' } | Remove-HaproxyMapEntry -Confirm:$false -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] del map $map /dup"
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/other o')
    }

    It 'rows of a CSV file (Map,Key and an empty Ref column) remove by key' {
        $csv = Join-Path $TestDrive 'routes.csv'
        Set-Content -Path $csv -Encoding utf8 -Value @(
            'Map,Key,Ref'
            "$map,/other,"
            "$map,/dup,"
        )
        Import-Csv $csv | Remove-HaproxyMapEntry -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -BeNullOrEmpty
    }

    It 'neither -Key nor -Ref is InvalidHaproxyArgument and sends nothing' {
        $records = @(Remove-HaproxyMapEntry -Map $map -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-VerboseLines $records | Where-Object { $_ -match '^\[[^\]]+\] del map ' }) | Should -HaveCount 0
        Get-LabMapLines -Lab $lab -Map $map | Should -HaveCount 4
    }

    It 'a piped object with a Map but neither Key nor Ref is InvalidHaproxyArgument; the next object is still removed' {
        @(
            [pscustomobject]@{ Map = $map }
            [pscustomobject]@{ Map = $map; Key = '/other' }
        ) | Remove-HaproxyMapEntry -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/dup one', '/dup two', '/dup three')
    }

    It '-WhatIf removes nothing: <How>' -ForEach @(
        @{ How = 'by -Key'; Script = { Remove-HaproxyMapEntry -Map $map -Key /dup -WhatIf } }
        @{ How = 'by -Ref'; Script = { Remove-HaproxyMapEntry -Map $map -Ref ('#' + @(Get-LabMapLines -Lab $lab -Map $map -Part Ref)[0]) -WhatIf } }
        @{ How = 'through the pipeline'; Script = { Get-HaproxyMapEntry -Map $map | Remove-HaproxyMapEntry -WhatIf } }
    ) {
        $before = Get-LabMapLines -Lab $lab -Map $map -Part Row
        $out = & $Script
        $out | Should -BeNullOrEmpty
        Get-LabMapLines -Lab $lab -Map $map -Part Row | Should -BeExactly $before
    }
}

Describe 'an operator-level session' {
    BeforeAll {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
        $null = Invoke-LabSocket -Lab $lab -Command "clear map $map"
        $null = Invoke-LabSocket -Lab $lab -Command "add map $map /keep k"
    }
    AfterAll {
        if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
        $null = Invoke-LabSocket -Lab $lab -Command "clear map $map"
    }

    It 'Add-HaproxyMapEntry is HaproxyPermissionDenied and adds nothing' {
        Add-HaproxyMapEntry -Session $operator -Map $map -Key /op -Value v -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/keep k')
    }

    It 'Remove-HaproxyMapEntry is HaproxyPermissionDenied and removes nothing' {
        Remove-HaproxyMapEntry -Session $operator -Map $map -Key /keep -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        Get-LabMapLines -Lab $lab -Map $map | Should -BeExactly @('/keep k')
    }

    It 'the default admin session still works' {
        (Get-HaproxySession -Default).Id | Should -Be $session.Id
        (Get-HaproxyMapEntry -Map $map).Key | Should -BeExactly '/keep'
    }
}
