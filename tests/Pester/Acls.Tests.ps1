# ACL cmdlets (Get-HaproxyAcl, Get-/Add-/Remove-HaproxyAclEntry, Clear-HaproxyAcl, Update-HaproxyAcl,
# Test-HaproxyAcl) against a real HAProxy 3.4 on loopback. The lab adds a frontend 'aclfront' on its own loopback port:
#   acl blocked src -f virt@blocked.acl          -> 403 for a client address in the list
#   acl badpath path_beg -f virt@badpaths.acl    -> 404 for a path starting with a listed prefix
# and answers 200 "allowed" otherwise. HAProxy's state is always read back through the lab's own socket ('show acl
# <acl>' for the patterns, 'show acl' for curr_ver/next_ver, 'get acl' for HAProxy's matching), and the effect on
# traffic with real requests from 127.0.0.1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $aclPort = Get-FreeTcpPort
    $lab = Start-HaproxyLab -ExtraConfig @"

frontend aclfront
    bind 127.0.0.1:$aclPort
    acl blocked src -f virt@blocked.acl
    acl badpath path_beg -f virt@badpaths.acl
    http-request deny if blocked
    http-request deny deny_status 404 if badpath
    http-request return status 200 content-type text/plain string "allowed"
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $acl = 'virt@blocked.acl'
    $paths = 'virt@badpaths.acl'
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyAcl' {
    BeforeAll { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '192.168.0.0/16' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'lists the ACL pattern lists, virt@blocked.acl among them, with its id, entry count and versions' {
        $all = @(Get-HaproxyAcl)
        $all.Acl | Should -Contain $acl
        $all.Acl | Should -Contain $paths
        $blocked = @($all | Where-Object Acl -eq $acl)
        $blocked | Should -HaveCount 1
        $blocked[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyAcl'
        $blocked[0].File | Should -BeExactly $acl
        $blocked[0].Session | Should -Be $session.Name
        $state = Get-LabAclState -Lab $lab $acl
        $blocked[0].Id | Should -Be $state.Id
        $blocked[0].EntryCount | Should -Be 2
        $blocked[0].CurrentVersion | Should -Be $state.CurrentVersion
        $blocked[0].NextVersion | Should -Be $state.NextVersion
        # Inline ACLs (no file) are listed too, by '#<id>'.
        $inline = @($all | Where-Object { -not $_.File })
        $inline | Should -Not -BeNullOrEmpty
        foreach ($i in $inline) { $i.Acl | Should -BeExactly "#$($i.Id)" }
    }

    It 'takes wildcards; a wildcard that matches nothing is not an error' {
        @(Get-HaproxyAcl -Name 'virt@*').Acl | Sort-Object | Should -BeExactly @($paths, $acl)
        $out = Get-HaproxyAcl -Name 'nomatch*' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 0
    }

    It 'an exact name that is not loaded is HaproxyObjectNotFound' {
        $out = Get-HaproxyAcl -Name 'virt@nosuch.acl' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly 'virt@nosuch.acl'
    }

    It 'the ACL object pipes into Get-HaproxyAclEntry' {
        @(Get-HaproxyAcl -Name $acl | Get-HaproxyAclEntry).Pattern | Should -BeExactly @('10.0.0.0/8', '192.168.0.0/16')
    }
}

Describe 'Add-HaproxyAclEntry' {
    BeforeEach { Reset-LabAcl -Lab $lab $acl }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'adds one pattern and writes nothing' {
        $out = Add-HaproxyAclEntry -Acl $acl -Pattern 10.0.0.0/8
        $out | Should -BeNullOrEmpty
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8')
        (Invoke-LabSocket -Lab $lab -Command "get acl $acl 10.1.2.3") | Should -BeLike '*match=yes*pattern="10.0.0.0/8"*'
    }

    It 'adds an array of patterns, in order; -PassThru writes them' {
        $out = @(Add-HaproxyAclEntry $acl 10.0.0.0/8, 192.168.1.1, 2001:db8::/32 -PassThru)
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '192.168.1.1', '2001:db8::/32')
        $out | Should -HaveCount 3
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyAclEntry'
        $out.Pattern | Should -BeExactly @('10.0.0.0/8', '192.168.1.1', '2001:db8::/32')
        $out[0].Acl | Should -BeExactly $acl
        $out[0].Session | Should -Be $session.Name
    }

    It 'adds 1,000 piped patterns' {
        $patterns = 1..1000 | ForEach-Object { "10.20.$([math]::Floor($_ / 256)).$($_ % 256)" }
        $patterns | Add-HaproxyAclEntry -Acl $acl -ErrorVariable err
        $err | Should -HaveCount 0
        $lab_patterns = Get-LabAclPatterns -Lab $lab $acl
        $lab_patterns | Should -HaveCount 1000
        $lab_patterns[0] | Should -BeExactly '10.20.0.1'
        $lab_patterns[999] | Should -BeExactly '10.20.3.232'
        ($lab_patterns | Sort-Object -Unique) | Should -HaveCount 1000
        (Get-LabAclState -Lab $lab $acl).EntryCount | Should -Be 1000
    }

    It 'a pattern HAProxy refuses is one error; the other patterns are still added' {
        Add-HaproxyAclEntry -Acl $acl -Pattern 1.1.1.1, not-an-ip, 2.2.2.2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Match '^Haproxy(CommandFailed|InvalidCommand),'
        $err[0].Exception.Message | Should -BeLike "*'add acl virt@blocked.acl not-an-ip'*not a valid IPv4 or IPv6 address*"
        $err[0].TargetObject | Should -BeExactly "$acl not-an-ip"
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('1.1.1.1', '2.2.2.2')
    }

    It 'a pattern with a line feed is InvalidHaproxyArgument and nothing is sent for it' {
        Add-HaproxyAclEntry -Acl $acl -Pattern "1.1.1.1`nclear acl virt@blocked.acl" -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeNullOrEmpty
    }

    It 'an unknown ACL is HaproxyObjectNotFound' {
        Add-HaproxyAclEntry -Acl virt@nosuch.acl -Pattern 1.1.1.1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It '-WhatIf shows each add acl command and adds nothing' {
        $lines = Get-WhatIfLines { Add-HaproxyAclEntry -Acl $acl -Pattern 1.1.1.1, 2.2.2.2 -PassThru -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Add ACL entry ('add acl virt@blocked.acl 1.1.1.1')`" on target `"virt@blocked.acl 1.1.1.1`"."
            "What if: Performing the operation `"Add ACL entry ('add acl virt@blocked.acl 2.2.2.2')`" on target `"virt@blocked.acl 2.2.2.2`"."
        )
        Get-LabAclPatterns -Lab $lab $acl | Should -BeNullOrEmpty
    }

    It 'an operator-level session gets HaproxyPermissionDenied and nothing is added' {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
        try {
            Add-HaproxyAclEntry -Acl $acl -Pattern 1.1.1.1 -Session $operator -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            Get-LabAclPatterns -Lab $lab $acl | Should -BeNullOrEmpty
        }
        finally { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }
}

Describe 'Get-HaproxyAclEntry' {
    BeforeAll { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '192.168.0.0/16', '10.0.0.0/8' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'lists every pattern in order with its reference' {
        $entries = @(Get-HaproxyAclEntry -Acl $acl)
        $entries | Should -HaveCount 3
        $entries.Pattern | Should -BeExactly @('10.0.0.0/8', '192.168.0.0/16', '10.0.0.0/8')
        $refs = Get-LabAclPatterns -Lab $lab $acl -Part Ref
        for ($i = 0; $i -lt 3; $i++) { $entries[$i].Ref | Should -BeExactly ('#' + $refs[$i]) }
        $entries[0].Acl | Should -BeExactly $acl
        $entries[0].Session | Should -Be $session.Name
    }

    It '-Pattern is an exact filter (not HAProxy matching) and returns every duplicate' {
        @(Get-HaproxyAclEntry $acl 10.0.0.0/8).Pattern | Should -BeExactly @('10.0.0.0/8', '10.0.0.0/8')
        $out = Get-HaproxyAclEntry $acl 10.1.2.3 -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
    }

    It 'a missing -Pattern is HaproxyObjectNotFound; the other patterns are still returned' {
        $out = @(Get-HaproxyAclEntry -Acl $acl -Pattern 172.16.0.0/12, 192.168.0.0/16 -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly '172.16.0.0/12'
        $out.Pattern | Should -BeExactly @('192.168.0.0/16')
    }

    It 'an unknown ACL is HaproxyObjectNotFound' {
        Get-HaproxyAclEntry -Acl virt@nosuch.acl -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'Test-HaproxyAcl' {
    BeforeAll { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '192.168.1.1' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It '10.1.2.3 is found in 10.0.0.0/8 (HAProxy''s ip matching)' {
        $r = @(Test-HaproxyAcl -Acl $acl -Sample 10.1.2.3)
        $r | Should -HaveCount 1
        $r[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyPatternMatch'
        $r[0].Found | Should -BeTrue
        $r[0].Key | Should -BeExactly '10.0.0.0/8'
        $r[0].Set | Should -BeExactly $acl
        $r[0].Sample | Should -BeExactly '10.1.2.3'
        $r[0].MatchType | Should -BeExactly 'ip'
        $r[0].Value | Should -BeNullOrEmpty
    }

    It '8.8.8.8 is not found' {
        $r = Test-HaproxyAcl $acl 8.8.8.8
        $r.Found | Should -BeFalse
        $r.Key | Should -BeNullOrEmpty
        (Invoke-LabSocket -Lab $lab -Command "get acl $acl 8.8.8.8") | Should -BeLike '*match=no*'
    }

    It 'samples come from an array or the pipeline, one result each, in order' {
        $r = @('8.8.8.8', '192.168.1.1', '10.255.0.1' | Test-HaproxyAcl -Acl $acl)
        $r.Found | Should -Be @($false, $true, $true)
        $r[1].Key | Should -BeExactly '192.168.1.1'
    }

    It '-Quiet returns only booleans' {
        $r = @(Test-HaproxyAcl -Acl $acl -Sample 10.1.2.3, 8.8.8.8 -Quiet)
        $r | Should -HaveCount 2
        $r[0] | Should -BeOfType [bool]
        $r | Should -Be @($true, $false)
    }

    It 'an unknown ACL is HaproxyObjectNotFound' {
        Test-HaproxyAcl -Acl virt@nosuch.acl -Sample 1.1.1.1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'ACL changes and real traffic' {
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'a request from 127.0.0.1 is allowed; adding 127.0.0.1 makes it 403; removing it makes it 200 again' {
        Reset-LabAcl -Lab $lab $acl
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 200
        Add-HaproxyAclEntry -Acl $acl -Pattern 127.0.0.1
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 403
        Remove-HaproxyAclEntry -Acl $acl -Pattern 127.0.0.1 -Confirm:$false
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 200
        Get-LabAclPatterns -Lab $lab $acl | Should -BeNullOrEmpty
    }

    It 'a network blocks too, and Test-HaproxyAcl agrees with the traffic' {
        Add-HaproxyAclEntry -Acl $acl -Pattern 127.0.0.0/8
        Test-HaproxyAcl -Acl $acl -Sample 127.0.0.1 -Quiet | Should -BeTrue
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 403
        Clear-HaproxyAcl -Acl $acl -Confirm:$false
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 200
    }
}

Describe 'Remove-HaproxyAclEntry' {
    BeforeEach {
        Reset-LabAcl -Lab $lab $acl '10.9.9.9', '1.1.1.1', '10.9.9.9', '10.9.9.9'
        Reset-LabAcl -Lab $lab $paths '/admin', '#secret', '/private'
    }
    AfterAll { Reset-LabAcl -Lab $lab $acl; Reset-LabAcl -Lab $lab $paths }

    It 'by -Pattern removes every duplicate (del acl, repeated: 3.4.7 deletes one per call)' {
        $out = Remove-HaproxyAclEntry -Acl $acl -Pattern 10.9.9.9 -Confirm:$false
        $out | Should -BeNullOrEmpty
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('1.1.1.1')
    }

    It 'a piped entry is removed by its Ref: exactly that one' {
        $second = @(Get-HaproxyAclEntry -Acl $acl -Pattern 10.9.9.9)[1]
        $second | Remove-HaproxyAclEntry -Confirm:$false
        $rows = Get-LabAclPatterns -Lab $lab $acl -Part Row
        $rows | Should -HaveCount 3
        $rows | Should -Not -Contain "$($second.Ref.TrimStart('#')) 10.9.9.9"
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.9.9.9', '1.1.1.1', '10.9.9.9')
    }

    It 'a pattern starting with # is refused by -Pattern (InvalidHaproxyArgument) but removable by Ref' {
        Remove-HaproxyAclEntry -Acl $paths -Pattern '#secret' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $paths | Should -BeExactly @('/admin', '#secret', '/private')
        Get-HaproxyAclEntry -Acl $paths -Pattern '#secret' | Remove-HaproxyAclEntry -Confirm:$false
        Get-LabAclPatterns -Lab $lab $paths | Should -BeExactly @('/admin', '/private')
    }

    It 'a missing pattern is HaproxyObjectNotFound and removes nothing' {
        Remove-HaproxyAclEntry -Acl $acl -Pattern 8.8.8.8 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.9.9.9', '1.1.1.1', '10.9.9.9', '10.9.9.9')
    }

    It 'without -Pattern or -Ref is InvalidHaproxyArgument' {
        Remove-HaproxyAclEntry -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }

    It '-WhatIf shows del acl and removes nothing' {
        $lines = Get-WhatIfLines { Remove-HaproxyAclEntry -Acl $acl -Pattern 10.9.9.9 -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Remove ACL entry ('del acl virt@blocked.acl 10.9.9.9')`" on target `"virt@blocked.acl 10.9.9.9`".")
        Get-LabAclPatterns -Lab $lab $acl | Should -HaveCount 4
    }

    It 'a path ACL entry unblocks its path in traffic' {
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/admin/x' | Should -Be 404
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/public' | Should -Be 200
        Remove-HaproxyAclEntry -Acl $paths -Pattern /admin -Confirm:$false
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/admin/x' | Should -Be 200
    }
}

Describe 'Clear-HaproxyAcl' {
    BeforeEach { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '1.1.1.1' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It '-WhatIf shows clear acl and keeps every pattern' {
        $lines = Get-WhatIfLines { Clear-HaproxyAcl -Acl $acl -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Clear ACL ('clear acl virt@blocked.acl')`" on target `"virt@blocked.acl`".")
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
    }

    It '-Confirm:$false removes every pattern; -PassThru writes the emptied ACL' {
        $out = @(Clear-HaproxyAcl -Acl $acl -Confirm:$false -PassThru)
        Get-LabAclPatterns -Lab $lab $acl | Should -BeNullOrEmpty
        $out | Should -HaveCount 1
        $out[0].Acl | Should -BeExactly $acl
        $out[0].EntryCount | Should -Be 0
    }

    It 'an unknown ACL is HaproxyObjectNotFound' {
        Clear-HaproxyAcl -Acl virt@nosuch.acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'Compare-HaproxyAcl' {
    BeforeEach { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '1.1.1.1' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'writes the patterns a replacement would add, then those it would remove; changes nothing' {
        $diff = @(Compare-HaproxyAcl -Acl $acl -Pattern 172.16.0.0/12, 10.0.0.0/8)
        @($diff | ForEach-Object { "$($_.Change) $($_.Acl) $($_.Pattern)" }) | Should -BeExactly @("Add $acl 172.16.0.0/12", "Remove $acl 1.1.1.1")
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
    }

    It 'piped strings are the new list; the additions pipe into Add-HaproxyAclEntry' {
        '10.0.0.0/8', '192.0.2.0/24' | Compare-HaproxyAcl -Acl $acl | Where-Object Change -eq 'Add' | Add-HaproxyAclEntry
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1', '192.0.2.0/24')
    }

    It 'an empty pattern compares nothing' {
        $out = @(Compare-HaproxyAcl -Acl $acl -Pattern '10.0.0.0/8', '' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        "$($errors[0])" | Should -BeLike '*will not be compared.'
    }
}

Describe 'Update-HaproxyAcl' {
    BeforeEach { Reset-LabAcl -Lab $lab $acl '10.0.0.0/8', '1.1.1.1' }
    AfterAll { Reset-LabAcl -Lab $lab $acl }

    It 'replaces the whole list in one new committed version' {
        $before = Get-LabAclState -Lab $lab $acl
        $out = Update-HaproxyAcl -Acl $acl -Pattern 1.1.1.1, 172.16.0.0/12, 127.0.0.1 -Confirm:$false
        $out | Should -BeNullOrEmpty
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('1.1.1.1', '172.16.0.0/12', '127.0.0.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be ($before.NextVersion + 1)
        $after.NextVersion | Should -Be $after.CurrentVersion
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 403
        Test-HaproxyAcl -Acl $acl -Sample 10.1.2.3 -Quiet | Should -BeFalse
    }

    It 'takes piped strings and entries from Get-HaproxyAclEntry; -PassThru writes the ACL' {
        $out = @('192.0.2.0/24', '198.51.100.7' | Update-HaproxyAcl -Acl $acl -Confirm:$false -PassThru)
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('192.0.2.0/24', '198.51.100.7')
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyAcl'
        $state = Get-LabAclState -Lab $lab $acl
        $out[0].CurrentVersion | Should -Be $state.CurrentVersion
        # HAProxy's own counter (entry_cnt), not a count of the patterns: on 3.4.7 every pattern HAProxy refused
        # earlier (the tests above) has decreased it by one for good, so it is compared with the lab's view.
        $out[0].EntryCount | Should -Be $state.EntryCount
        # Keep all but one, by piping the entries themselves (they bind -Pattern by property name).
        Get-HaproxyAclEntry -Acl $acl | Where-Object Pattern -ne '198.51.100.7' | Update-HaproxyAcl -Acl $acl -Confirm:$false
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('192.0.2.0/24')
    }

    It '-WhatIf lists the patterns added and removed and changes nothing' {
        $before = Get-LabAclState -Lab $lab $acl
        $lines = Get-WhatIfLines { Update-HaproxyAcl -Acl $acl -Pattern 1.1.1.1, 2.2.2.2 -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Replace the content: 1 to add, 0 to change, 1 to remove (2 patterns after)`" on target `"virt@blocked.acl`"."
            "What if: Performing the operation `"Add`" on target `"virt@blocked.acl 2.2.2.2`"."
            "What if: Performing the operation `"Remove`" on target `"virt@blocked.acl 10.0.0.0/8`"."
            "What if: Performing the operation `"Replace the content atomically with 2 patterns (prepare acl; add acl @<ver> ...; commit acl)`" on target `"virt@blocked.acl`"."
        )
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It 'a pattern HAProxy refuses fails the whole update: one error, the live ACL and its version unchanged, nothing committed' {
        $before = Get-LabAclState -Lab $lab $acl
        Update-HaproxyAcl -Acl $acl -Pattern 127.0.0.1, not-an-ip, 2.2.2.2 -Confirm:$false -PassThru -OutVariable out -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Match '^Haproxy(CommandFailed|InvalidCommand),'
        $err[0].Exception.Message | Should -BeLike "*failed (1 of * commands for 3 entries*not-an-ip*The version was not committed: the live content is unchanged.*"
        $err[0].TargetObject | Should -BeExactly $acl
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        # A version was prepared (and never committed): traffic still uses the old list.
        $after.NextVersion | Should -Be ($before.NextVersion + 1)
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 200
        Test-HaproxyAcl -Acl $acl -Sample 127.0.0.1, 2.2.2.2 -Quiet | Should -Be @($false, $false)
    }

    It 'a failed update says the version was not committed (3.4.7 may keep it until the next commit; traffic never sees it)' {
        Update-HaproxyAcl -Acl $acl -Pattern 127.0.0.1, not-an-ip -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].Exception.Message | Should -BeLike '*was not committed*'
        $err[0].Exception.Message | Should -Not -BeLike '*was dropped*'
    }

    It 'a version left behind by a failed update is purged by the next successful update' {
        Update-HaproxyAcl -Acl $acl -Pattern 127.0.0.1, not-an-ip -Confirm:$false -ErrorAction SilentlyContinue
        $failed = (Get-LabAclState -Lab $lab $acl).NextVersion
        Update-HaproxyAcl -Acl $acl -Pattern 3.3.3.3 -Confirm:$false
        (Get-LabAclState -Lab $lab $acl).CurrentVersion | Should -Be ($failed + 1)
        Get-LabAclPatterns -Lab $lab $acl -Part Row -Version $failed | Should -BeNullOrEmpty
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('3.3.3.3')
    }

    It 'a piped empty pattern stops the whole replacement (all or nothing)' {
        $before = Get-LabAclState -Lab $lab $acl
        '3.3.3.3', '', '4.4.4.4' | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        (Get-LabAclState -Lab $lab $acl).CurrentVersion | Should -Be $before.CurrentVersion
    }

    It '-Pattern $null is InvalidHaproxyArgument and the ACL is unchanged (no version prepared)' {
        $before = Get-LabAclState -Lab $lab $acl
        $out = Update-HaproxyAcl -Acl $acl -Pattern $null -Confirm:$false -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeExactly "No pattern was given (null); $acl will not be replaced. To empty it, pass -Pattern @()."
        $err[0].TargetObject | Should -BeExactly $acl
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
        Test-HaproxyAcl -Acl $acl -Sample 10.1.2.3 -Quiet | Should -BeTrue
    }

    It 'a variable holding an empty file''s Get-Content result ($null) does not empty the list' {
        $file = Join-Path $TestDrive 'empty.txt'
        Set-Content -Path $file -Value @()
        $list = Get-Content -Path $file
        $null -eq $list | Should -BeTrue
        $before = Get-LabAclState -Lab $lab $acl
        Update-HaproxyAcl -Acl $acl -Pattern $list -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        (Get-LabAclState -Lab $lab $acl).CurrentVersion | Should -Be $before.CurrentVersion
    }

    It 'no -Pattern and no input is InvalidHaproxyArgument and the ACL is unchanged' {
        $before = Get-LabAclState -Lab $lab $acl
        Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        (Get-LabAclState -Lab $lab $acl).NextVersion | Should -Be $before.NextVersion
    }

    It '$null | Update-HaproxyAcl is InvalidHaproxyArgument and the ACL is unchanged' {
        $before = Get-LabAclState -Lab $lab $acl
        $null | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike 'No pattern was given (null)*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It 'a $null among piped patterns refuses the whole replacement (all or nothing)' {
        $before = Get-LabAclState -Lab $lab $acl
        $records = @('3.3.3.3', $null, '4.4.4.4' | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -Verbose 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @($records | ForEach-Object Message) | Should -Contain "1 invalid input row(s): $acl was not replaced."
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        (Get-LabAclState -Lab $lab $acl).CurrentVersion | Should -Be $before.CurrentVersion
        Test-HaproxyAcl -Acl $acl -Sample 3.3.3.3 -Quiet | Should -BeFalse
    }

    It 'a piped object without a Pattern property is InvalidHaproxyArgument and is not sent as its text' {
        $before = Get-LabAclState -Lab $lab $acl
        $row = [pscustomobject]@{ Address = '2.2.2.2' }
        $row | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeExactly "No pattern was given (an object without a Pattern property); $acl will not be replaced. To empty it, pass -Pattern @()."
        $err[0].TargetObject.Address | Should -BeExactly '2.2.2.2'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion   # not even a version was prepared
        Test-HaproxyAcl -Acl $acl -Sample 2.2.2.2 -Quiet | Should -BeFalse
    }

    It 'in a string list (path_beg) such an object does not become a pattern ''@{...}'' either; traffic is unchanged' {
        Reset-LabAcl -Lab $lab $paths '/admin'
        try {
            $before = Get-LabAclState -Lab $lab $paths
            [pscustomobject]@{ Path = '/private' }, [pscustomobject]@{ Pattern = '/secret' } |
                Update-HaproxyAcl -Acl $paths -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            Get-LabAclPatterns -Lab $lab $paths | Should -BeExactly @('/admin')
            $after = Get-LabAclState -Lab $lab $paths
            $after.CurrentVersion | Should -Be $before.CurrentVersion
            $after.NextVersion | Should -Be $before.NextVersion
            Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/admin/x' | Should -Be 404
            Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/secret' | Should -Be 200
        }
        finally { Reset-LabAcl -Lab $lab $paths }
    }

    It 'a piped <Label> is refused the same way' -ForEach @(
        @{ Label = 'plain hashtable'; Row = @{ Pattern = '2.2.2.2' } }
        @{ Label = 'number'; Row = 5 }
        @{ Label = 'object with a null Pattern'; Row = [pscustomobject]@{ Pattern = $null } }
    ) {
        $before = Get-LabAclState -Lab $lab $acl
        '3.3.3.3', $Row | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        (Get-LabAclState -Lab $lab $acl).NextVersion | Should -Be $before.NextVersion
    }

    It '''1.1.1.1'',''2.2.2.2'' | Update-HaproxyAcl replaces the list in one new version' {
        $before = Get-LabAclState -Lab $lab $acl
        '1.1.1.1', '2.2.2.2' | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('1.1.1.1', '2.2.2.2')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be ($before.NextVersion + 1)
        $after.NextVersion | Should -Be $after.CurrentVersion
        Test-HaproxyAcl -Acl $acl -Sample 10.1.2.3, 2.2.2.2 -Quiet | Should -Be @($false, $true)
    }

    It 'the lines of a file (Get-Content, strings carrying extra properties) are patterns' {
        $file = Join-Path $TestDrive 'blocked.txt'
        Set-Content -Path $file -Value '192.0.2.1', '198.51.100.0/24'
        Get-Content -Path $file | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('192.0.2.1', '198.51.100.0/24')
    }

    It 'piped objects with a Pattern property replace the list (bound by property name), mixed with strings' {
        $before = Get-LabAclState -Lab $lab $acl
        @(
            [pscustomobject]@{ Pattern = '3.3.3.3' }
            '4.4.4.4'
            [pscustomobject]@{ Pattern = '5.5.5.0/24'; Comment = 'ignored' }
        ) | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('3.3.3.3', '4.4.4.4', '5.5.5.0/24')
        (Get-LabAclState -Lab $lab $acl).CurrentVersion | Should -Be ($before.NextVersion + 1)
        # Rows of a CSV file with a Pattern column.
        $csv = Join-Path $TestDrive 'blocked.csv'
        Set-Content -Path $csv -Encoding utf8 -Value @('Pattern,Comment', '6.6.6.6,a', '7.7.7.0/24,b')
        Import-Csv $csv | Update-HaproxyAcl -Acl $acl -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('6.6.6.6', '7.7.7.0/24')
    }

    It '-Pattern @() empties the list atomically: one new version with 0 entries; traffic is unblocked' {
        Reset-LabAcl -Lab $lab $acl '127.0.0.1', '10.0.0.0/8'
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 403
        $before = Get-LabAclState -Lab $lab $acl
        $out = @(Update-HaproxyAcl -Acl $acl -Pattern @() -Confirm:$false -PassThru -ErrorVariable err)
        $err | Should -HaveCount 0
        Get-LabAclPatterns -Lab $lab $acl -Part Row | Should -BeNullOrEmpty
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be ($before.NextVersion + 1)
        $after.NextVersion | Should -Be $after.CurrentVersion
        $out | Should -HaveCount 1
        $out[0].CurrentVersion | Should -Be $after.CurrentVersion
        Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode | Should -Be 200
        Test-HaproxyAcl -Acl $acl -Sample 127.0.0.1 -Quiet | Should -BeFalse
    }

    It '-Pattern @() on a string list: curr_ver advances, entry_cnt is 0, the paths are served again' {
        Reset-LabAcl -Lab $lab $paths '/admin', '/private'
        try {
            Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/admin/x' | Should -Be 404
            $before = Get-LabAclState -Lab $lab $paths
            $before.EntryCount | Should -Be 2
            Update-HaproxyAcl -Acl $paths -Pattern @() -Confirm:$false -ErrorVariable err
            $err | Should -HaveCount 0
            Get-LabAclPatterns -Lab $lab $paths -Part Row | Should -BeNullOrEmpty
            $after = Get-LabAclState -Lab $lab $paths
            $after.CurrentVersion | Should -Be ($before.NextVersion + 1)
            $after.NextVersion | Should -Be $after.CurrentVersion
            $after.EntryCount | Should -Be 0
            @(Get-HaproxyAcl -Name $paths)[0].EntryCount | Should -Be 0
            Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/admin/x' | Should -Be 200
            Invoke-LabRequest -Lab $lab -Port $aclPort -StatusCode -Path '/private' | Should -Be 200
        }
        finally { Reset-LabAcl -Lab $lab $paths }
    }

    It '-Pattern @() -WhatIf lists every pattern as removed and changes nothing' {
        $before = Get-LabAclState -Lab $lab $acl
        $lines = Get-WhatIfLines { Update-HaproxyAcl -Acl $acl -Pattern @() -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Replace the content: 0 to add, 0 to change, 2 to remove (0 patterns after)`" on target `"virt@blocked.acl`"."
            "What if: Performing the operation `"Remove`" on target `"virt@blocked.acl 10.0.0.0/8`"."
            "What if: Performing the operation `"Remove`" on target `"virt@blocked.acl 1.1.1.1`"."
            "What if: Performing the operation `"Replace the content atomically with 0 patterns (prepare acl; add acl @<ver> ...; commit acl)`" on target `"virt@blocked.acl`"."
        )
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It '-Pattern is optional at position 1 and binds by property name only; piped objects bind -InputObject by value' {
        $command = Get-Command Update-HaproxyAcl
        $command.ParameterSets | Should -HaveCount 1
        $set = $command.ParameterSets[0]
        $pattern = $set.Parameters.Where({ $_.Name -eq 'Pattern' })[0]
        $inputObject = $set.Parameters.Where({ $_.Name -eq 'InputObject' })[0]
        "$($pattern.IsMandatory) $($pattern.Position) $($pattern.ValueFromPipeline) $($pattern.ValueFromPipelineByPropertyName)" | Should -Be 'False 1 False True'
        "$($inputObject.IsMandatory) $($inputObject.Position) $($inputObject.ValueFromPipeline) $($inputObject.ValueFromPipelineByPropertyName)" | Should -Be 'False -2147483648 True False'
        # Positional use still works.
        Update-HaproxyAcl $acl 8.8.8.8 -Confirm:$false
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('8.8.8.8')
    }

    It 'refuses piped patterns together with -Pattern on the command line (terminating), before anything is sent' {
        { '8.8.8.8', '7.7.7.7' | Update-HaproxyAcl -Acl $acl -Pattern 9.9.9.9 -Confirm:$false } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
    }

    It 'a pattern with a line feed is InvalidHaproxyArgument and nothing is sent (no version prepared)' {
        $before = Get-LabAclState -Lab $lab $acl
        Update-HaproxyAcl -Acl $acl -Pattern 1.1.1.1, "2.2.2.2`nclear acl virt@blocked.acl" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        $after = Get-LabAclState -Lab $lab $acl
        $after.CurrentVersion | Should -Be $before.CurrentVersion
        $after.NextVersion | Should -Be $before.NextVersion
    }

    It 'an operator-level session gets HaproxyPermissionDenied and the ACL is unchanged' {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
        try {
            Update-HaproxyAcl -Acl $acl -Pattern 1.2.3.4 -Session $operator -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            Get-LabAclPatterns -Lab $lab $acl | Should -BeExactly @('10.0.0.0/8', '1.1.1.1')
        }
        finally { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }
}
