# Tab completion of HAProxy object names (backends, servers, frontends, maps, ACLs) against a real HAProxy 3.4, driven
# through TabExpansion2 as a console's Tab does. What is offered is checked against the lab's own socket; the session is
# the -Session on the line or the default; a stopped HAProxy (SIGSTOP) shows the time budget and the cache (a cached
# answer comes back while HAProxy cannot answer anything, so it cannot have been read again).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $aclPort = Get-FreeTcpPort
    # Names chosen for what completion must get right: 0x10 reads as the number 16 unquoted; a space in a map's and an
    # ACL's name; a '[' in a map's name is a wildcard; a1 is a server of two backends.
    $lab = Start-HaproxyLab -ExtraConfig @"

backend api-1
    server a1 127.0.0.1:9
    server a2 127.0.0.1:9

backend api-2
    server b1 127.0.0.1:9
    server a1 127.0.0.1:9

backend 0x10
    server z1 127.0.0.1:9

frontend aclfront
    bind 127.0.0.1:$aclPort
    acl blocked src -f virt@blocked.acl
    acl spaced src -f "virt@my list.acl"
    http-request set-var(txn.route) "path,map(virt@my routes.map,none)"
    http-request set-var(txn.fz) "path,map(virt@fz[1].map,none)"
    http-request deny if blocked || spaced
    http-request return status 200 content-type text/plain string "allowed"
"@
    $otherLab = Start-HaproxyLab -ExtraConfig @"

backend other-be
    server o1 127.0.0.1:9
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $other = Connect-Haproxy -Endpoint $otherLab.AdminEndpoint -Timeout 5s -NoDefault
    $budget = [HaproxyRuntime.PowerShell.Completion.HaproxyCompleter]::Budget
    $lifetime = [timespan]::FromSeconds(5)   # CompletionCache.Lifetime (internal)

    function Get-Completion {
        <# What Tab offers at the end of the line: CompletionMatches, plus the time TabExpansion2 took. #>
        param([Parameter(Mandatory)] [string] $Line)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $found = @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        [pscustomobject]@{ Matches = $found; Text = @($found | ForEach-Object CompletionText); Milliseconds = $clock.Elapsed.TotalMilliseconds }
    }

    function ConvertTo-Quoted {
        <# A name as completion must write it: single-quoted unless PowerShell reads it back unquoted as itself. #>
        param([string] $Name)
        if ($Name -cmatch '^[A-Za-z_/][A-Za-z0-9_./:@\\-]*$') { $Name } else { "'" + $Name.Replace("'", "''") + "'" }
    }

    function Sort-Ordinal {
        param([string[]] $Names)
        $list = [System.Collections.Generic.List[string]]::new([string[]]$Names)
        $list.Sort([StringComparer]::OrdinalIgnoreCase)
        $list
    }
}

AfterAll {
    foreach ($l in $lab, $otherLab) {
        if ($l) {
            Resume-LabProcess -Lab $l -ErrorAction SilentlyContinue
            Stop-HaproxyLab -Lab $l
        }
    }
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
}

Describe 'Every parameter that names a HAProxy object completes it' {
    It 'every -Backend, -Server, -Map, -Acl, -Frontend, -Table, -Resolvers, -Section, -Sink, and the -Name of a Backend/Server/Frontend/Map/Acl/StickTable/Cache cmdlet' {
        $objectParameters = 'Backend', 'Server', 'Map', 'Acl', 'Frontend', 'Table', 'Resolvers', 'Section', 'Sink'
        # Names that do not exist yet (a new backend or server) and -From (the defaults section: HAProxy 3.4 has no CLI
        # command that lists defaults sections, so there is nothing to complete from).
        $exempt = 'Add-HaproxyBackend -Name', 'Add-HaproxyServer -Name', 'Add-HaproxyBackend -From'
        $missing = foreach ($cmd in Get-Command -Module HaproxyRuntime -CommandType Cmdlet) {
            foreach ($p in $cmd.Parameters.Values) {
                $names = @($p.Name) + @($p.Aliases)
                $isObject = ($names | Where-Object { $_ -in $objectParameters }) -or
                    ($p.Name -eq 'Name' -and $cmd.Noun -match '^Haproxy(Backend|Server|Frontend|Map|Acl|StickTable|Cache)$')
                if (-not $isObject -or "$($cmd.Name) -$($p.Name)" -in $exempt) { continue }
                if (-not ($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] })) {
                    "$($cmd.Name) -$($p.Name)"
                }
            }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'the guard sees the parameters it is about (it cannot pass on an empty list)' {
        (Get-Command Set-HaproxyServerState).Parameters['Backend'].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -HaveCount 1
        (Get-Command Add-HaproxyBackend).Parameters['From'].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -HaveCount 0
    }
}

Describe 'Each kind, from the default session' {
    It 'backends: Get-HaproxyBackend -Name, positional, and the -Backend of the server cmdlets' {
        $expected = @(Sort-Ordinal (Get-LabBackendNames -Lab $lab) | ForEach-Object { ConvertTo-Quoted $_ })
        $expected | Should -Contain "'0x10'"
        foreach ($line in 'Get-HaproxyBackend -Name ', 'Get-HaproxyBackend ', 'Publish-HaproxyBackend -Name ', 'Remove-HaproxyBackend ',
                          'Add-HaproxyServer -Backend ', 'Get-HaproxyServer -Backend ', 'Set-HaproxyServerState ', 'Wait-HaproxyServer -Backend ',
                          'Wait-HaproxyRemovable -Backend ', 'Remove-HaproxyServer -Backend ', 'Get-HaproxyStream -Backend ') {
            (Get-Completion $line).Text | Should -Be $expected -Because $line
        }
    }

    It 'the results are parameter values with the plain name as list text and a tooltip' {
        $m = (Get-Completion 'Get-HaproxyBackend -Name 0x').Matches
        $m | Should -HaveCount 1
        $m[0].CompletionText | Should -BeExactly "'0x10'"
        $m[0].ListItemText | Should -BeExactly '0x10'
        $m[0].ResultType | Should -Be 'ParameterValue'
        $m[0].ToolTip | Should -BeLike 'Backend 0x10 (UP*'
    }

    It 'servers narrowed by the -Backend typed (named or positional, exact or a pattern)' {
        foreach ($case in @(
                @{ Line = 'Get-HaproxyServer -Backend api-1 -Name '; Expected = Get-LabServerNames -Lab $lab api-1 }
                @{ Line = 'Set-HaproxyServerState -Backend api-2 -Name '; Expected = Get-LabServerNames -Lab $lab api-2 }
                @{ Line = 'Enable-HaproxyServer api-2 '; Expected = Get-LabServerNames -Lab $lab api-2 }
                @{ Line = 'Wait-HaproxyRemovable -Backend api-1 -Server '; Expected = Get-LabServerNames -Lab $lab api-1 }
                @{ Line = 'Get-HaproxyStream -Backend api-2 -Server '; Expected = Get-LabServerNames -Lab $lab api-2 }
                # Quoted: unquoted, PowerShell reads 0x10 as the number 16, for the cmdlet as for its completion.
                @{ Line = "Remove-HaproxyServer -Backend '0x10' -Name "; Expected = @('z1') }
                @{ Line = 'Remove-HaproxyServer -Backend 0x10 -Name '; Expected = @() }
                @{ Line = 'Get-HaproxyServer -Backend api-* -Name '; Expected = @('a1', 'a2', 'b1') }
                @{ Line = 'Get-HaproxyServer -Backend api-1, webservers -Name '; Expected = @('a1', 'a2', 'web1') }
                @{ Line = 'Get-HaproxyServer -Backend nosuch -Name '; Expected = @() }
            )) {
            (Get-Completion $case.Line).Text | Should -Be @(Sort-Ordinal $case.Expected) -Because $case.Line
        }
    }

    It 'servers without -Backend: every server name once, its tooltip naming its backends' {
        $all = foreach ($b in Get-LabBackendNames -Lab $lab) { Get-LabServerNames -Lab $lab $b }
        $r = Get-Completion 'Get-HaproxyServer -Name '
        $r.Text | Should -Be @(Sort-Ordinal ($all | Sort-Object -Unique))
        ($r.Matches | Where-Object CompletionText -EQ 'a1').ToolTip | Should -BeExactly 'Server a1 of backends api-1, api-2'
    }

    It 'frontends: Get-HaproxyFrontend and the frontend changes' {
        $expected = @(Sort-Ordinal (Get-LabFrontendNames -Lab $lab))
        foreach ($line in 'Get-HaproxyFrontend ', 'Disable-HaproxyFrontend -Name ', 'Enable-HaproxyFrontend ', 'Set-HaproxyFrontend -Name ', 'Get-HaproxyStream -Frontend ') {
            (Get-Completion $line).Text | Should -Be $expected -Because $line
        }
    }

    It 'proxies: Get-HaproxyStat -Name offers every frontend and backend, escaped as wildcards (it takes them)' {
        $names = @(Get-LabFrontendNames -Lab $lab) + @(Get-LabBackendNames -Lab $lab) | Sort-Object -Unique
        $expected = @(Sort-Ordinal $names | ForEach-Object { ConvertTo-Quoted ([WildcardPattern]::Escape($_)) })
        (Get-Completion 'Get-HaproxyStat ').Text | Should -Be $expected
        (Get-Completion 'Get-HaproxyStat -Name api').Text | Should -Be @('api-1', 'api-2')
        ((Get-Completion 'Get-HaproxyStat -Name aclf').Matches | Select-Object -First 1).ToolTip | Should -BeLike 'Frontend aclfront (OPEN)'
        # Get-HaproxyError -Proxy takes one exact name (show errors <proxy>).
        (Get-Completion 'Get-HaproxyError -Proxy api').Text | Should -Be @('api-1', 'api-2')
        (Get-Completion 'Get-HaproxyError ').Text.Count | Should -Be $expected.Count
    }

    It 'maps by file name, quoted where needed; their #id when the word starts with #' {
        $maps = @(Get-LabMapState -Lab $lab)
        $expected = @(Sort-Ordinal ($maps | Where-Object Name | ForEach-Object Name) | ForEach-Object { ConvertTo-Quoted $_ })
        $expected | Should -Contain "'virt@my routes.map'"
        foreach ($line in 'Get-HaproxyMapEntry -Map ', 'Add-HaproxyMapEntry -Map ', 'Set-HaproxyMapEntry ', 'Clear-HaproxyMap ',
                          'Update-HaproxyMap -Map ', 'Remove-HaproxyMapEntry -Map ', 'Remove-HaproxyBackend api-1 -Drain -Map ') {
            (Get-Completion $line).Text | Should -Be $expected -Because $line
        }
        $ids = @($maps | Sort-Object Id | ForEach-Object { "'#$($_.Id)'" })
        @((Get-Completion "Get-HaproxyMap -Name '#").Text | Sort-Object { [int]$_.Trim("'#") }) | Should -Be $ids
    }

    It 'ACLs by file name; the inline ones (no file) and every #id only when the word starts with #' {
        $acls = @(Get-LabAclState -Lab $lab)
        $acls | Where-Object { -not $_.Name } | Should -Not -BeNullOrEmpty -Because 'the lab has inline ACLs, offered only by #id'
        $expected = @(Sort-Ordinal ($acls | Where-Object Name | ForEach-Object Name) | ForEach-Object { ConvertTo-Quoted $_ })
        $expected | Should -Be @('virt@blocked.acl', "'virt@my list.acl'")
        foreach ($line in 'Get-HaproxyAcl ', 'Add-HaproxyAclEntry -Acl ', 'Get-HaproxyAclEntry ', 'Test-HaproxyAcl -Acl ', 'Clear-HaproxyAcl ',
                          'Update-HaproxyAcl -Acl ', 'Remove-HaproxyAclEntry -Acl ') {
            (Get-Completion $line).Text | Should -Be $expected -Because $line
        }
        $ids = @($acls | Sort-Object Id | ForEach-Object { "'#$($_.Id)'" })
        @((Get-Completion "Get-HaproxyAclEntry -Acl '#").Text | Sort-Object { [int]$_.Trim("'#") }) | Should -Be $ids
    }

    It 'Add-HaproxyBackend -From offers nothing from HAProxy (no CLI command lists defaults sections)' {
        (Get-Command Add-HaproxyBackend).Parameters['From'].Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }) |
            Should -BeNullOrEmpty
    }
}

Describe 'The typed word: prefix, wildcards, quoting' {
    It 'a prefix, case-insensitive' {
        (Get-Completion 'Get-HaproxyBackend -Name api').Text | Should -Be @('api-1', 'api-2')
        (Get-Completion 'Get-HaproxyBackend -Name API-').Text | Should -Be @('api-1', 'api-2')
        (Get-Completion 'Get-HaproxyBackend -Name web').Text | Should -Be @('webservers')
        (Get-Completion 'Get-HaproxyBackend -Name zz').Text | Should -HaveCount 0
    }

    It 'wildcards in the word: * and ? and [ ]' {
        (Get-Completion 'Get-HaproxyBackend -Name *-2').Text | Should -Be @('api-2')
        (Get-Completion 'Get-HaproxyBackend -Name api-?').Text | Should -Be @('api-1', 'api-2')
        (Get-Completion 'Get-HaproxyBackend -Name *i-[1]').Text | Should -Be @('api-1')
        (Get-Completion 'Get-HaproxyServer -Backend api-1 -Name *2').Text | Should -Be @('a2')
        (Get-Completion 'Get-HaproxyMapEntry -Map *routes').Text | Should -Be @("'virt@my routes.map'")
    }

    It 'a quoted word is completed without its quotes' {
        (Get-Completion "Get-HaproxyMapEntry -Map 'virt@my").Text | Should -Be @("'virt@my routes.map'")
        (Get-Completion 'Get-HaproxyMapEntry -Map "virt@my').Text | Should -Be @("'virt@my routes.map'")
        (Get-Completion "Get-HaproxyBackend -Name '0").Text | Should -Be @("'0x10'")
    }

    It 'what is completed runs: the completed line names exactly the object (<What>)' -ForEach @(
        @{ What = 'a name that reads as a number'; Line = 'Get-HaproxyBackend -Name 0x1'; Text = "'0x10'"; Run = { param($t) (Invoke-Expression "Get-HaproxyBackend -Name $t").Name }; Result = '0x10' }
        @{ What = 'a map with a space'; Line = 'Get-HaproxyMap -Name virt@my'; Text = "'virt@my routes.map'"; Run = { param($t) (Invoke-Expression "Get-HaproxyMap -Name $t").Map }; Result = 'virt@my routes.map' }
        @{ What = 'an ACL''s #id'; Line = "Get-HaproxyAcl -Name '#"; Text = $null; Run = { param($t) @(Invoke-Expression "Get-HaproxyAcl -Name $t").Count }; Result = 1 }
        @{ What = 'a [ in a wildcard parameter (escaped)'; Line = 'Get-HaproxyMap -Name virt@fz'; Text = "'virt@fz``[1``].map'"; Run = { param($t) @(Invoke-Expression "Get-HaproxyMap -Name $t").Map }; Result = 'virt@fz[1].map' }
        @{ What = 'a [ in a literal parameter (not escaped)'; Line = 'Get-HaproxyMapEntry -Map virt@fz'; Text = "'virt@fz[1].map'"; Run = { param($t) @(Invoke-Expression "Get-HaproxyMapEntry -Map $t -ErrorAction Stop").Count }; Result = 0 }
    ) {
        $texts = (Get-Completion $Line).Text
        if ($Text) { $texts | Should -Be @($Text) }
        $texts | Should -Not -BeNullOrEmpty
        & $Run $texts[0] | Should -Be $Result
    }
}

Describe 'Which session' {
    It '-Session on the line wins over the default: a session object, its Id or its Name' {
        $expected = @(Sort-Ordinal (Get-LabBackendNames -Lab $otherLab))
        $expected | Should -Contain 'other-be'
        (Get-Completion 'Get-HaproxyBackend -Session $other -Name ').Text | Should -Be $expected
        (Get-Completion "Get-HaproxyServer -Session $($other.Id) -Backend other-be -Name ").Text | Should -Be @('o1')
        (Get-Completion "Get-HaproxyBackend -Session '$($other.Name)' -Name ").Text | Should -Be $expected
        (Get-Completion 'Get-HaproxyBackend -Name ').Text | Should -Not -Contain 'other-be'
    }

    It 'two sessions: the names of both, each once' {
        $both = @(Sort-Ordinal ((Get-LabBackendNames -Lab $lab) + (Get-LabBackendNames -Lab $otherLab) | Sort-Object -Unique) | ForEach-Object { ConvertTo-Quoted $_ })
        (Get-Completion 'Get-HaproxyBackend -Session $session, $other -Name ').Text | Should -Be $both
    }

    It 'no session in the runspace: nothing (not file names), at once' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath)
                    Import-Module $ModulePath
                    $null = TabExpansion2 -inputScript 'Get-Date -Format ' -cursorColumn 17   # warm up completion itself
                    $line = 'Get-HaproxyBackend -Name '
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    $m = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                    [pscustomobject]@{ Count = $m.Count; Milliseconds = $clock.Elapsed.TotalMilliseconds }
                }).AddArgument($modulePath)
            $r = $ps.Invoke()[0]
            $ps.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
        $r.Count | Should -Be 0
        $r.Milliseconds | Should -BeLessThan 300
    }

    It 'a closed session on the line: nothing, and no error' {
        $closed = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault
        Disconnect-Haproxy -Session $closed -Confirm:$false
        $Error.Clear()
        (Get-Completion 'Get-HaproxyBackend -Session $closed -Name ').Text | Should -HaveCount 0
        $Error | Should -HaveCount 0
    }
}

Describe 'Time budget and cache (HAProxy stopped with SIGSTOP)' {
    BeforeEach {
        # A session of its own per test: its cache starts empty.
        $s = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -NoDefault
    }

    AfterEach {
        Resume-LabProcess -Lab $lab
        Disconnect-Haproxy -Session $s -Confirm:$false
    }

    It 'a stalled HAProxy: nothing within the budget, the next Tab at once; the session works after SIGCONT' {
        Suspend-LabProcess -Lab $lab
        $first = Get-Completion 'Get-HaproxyBackend -Session $s -Name '
        $again = Get-Completion 'Get-HaproxyBackend -Session $s -Name a'
        Resume-LabProcess -Lab $lab
        Write-Host ("    stalled: first Tab {0:0} ms, second {1:0} ms (budget {2} ms)" -f $first.Milliseconds, $again.Milliseconds, $budget.TotalMilliseconds)
        $first.Text | Should -HaveCount 0
        $first.Milliseconds | Should -BeGreaterThan ($budget.TotalMilliseconds * 0.8) -Because 'it waited for HAProxy'
        $first.Milliseconds | Should -BeLessThan ($budget.TotalMilliseconds + 500)
        $again.Text | Should -HaveCount 0
        $again.Milliseconds | Should -BeLessThan 200 -Because 'the failed read is remembered for the cache lifetime'
        (Get-HaproxyBackend -Session $s -Name api-1 -ErrorAction Stop).Name | Should -BeExactly 'api-1'
    }

    It 'a second Tab within the lifetime sends nothing: it answers while HAProxy cannot (another backend, the same read)' {
        $first = Get-Completion 'Get-HaproxyServer -Session $s -Backend api-1 -Name '
        $first.Text | Should -Be @('a1', 'a2')
        Suspend-LabProcess -Lab $lab
        $again = Get-Completion 'Get-HaproxyServer -Session $s -Backend api-2 -Name '
        $sameKind = Get-Completion 'Get-HaproxyServer -Session $s -Backend api-1 -Name a'
        Resume-LabProcess -Lab $lab
        Write-Host ("    servers: first Tab {0:0} ms (one read), cached {1:0} ms / {2:0} ms" -f $first.Milliseconds, $again.Milliseconds, $sameKind.Milliseconds)
        $again.Text | Should -Be @('a1', 'b1')
        $sameKind.Text | Should -Be @('a1', 'a2')
        $again.Milliseconds | Should -BeLessThan 200
        $first.Milliseconds | Should -BeLessThan $budget.TotalMilliseconds
    }

    It 'after the lifetime it reads again: a backend added meanwhile is offered then, not before' {
        (Get-Completion 'Get-HaproxyBackend -Session $s -Name late').Text | Should -HaveCount 0
        Add-HaproxyBackend -Session $s -Name late-be -From mydefaults -ErrorAction Stop
        try {
            (Get-LabBackendNames -Lab $lab) | Should -Contain 'late-be'
            (Get-Completion 'Get-HaproxyBackend -Session $s -Name late').Text | Should -HaveCount 0 -Because 'the list read a moment ago is still used'
            Start-Sleep -Milliseconds ($lifetime.TotalMilliseconds + 200)
            (Get-Completion 'Get-HaproxyBackend -Session $s -Name late').Text | Should -Be @('late-be')
        }
        finally { Remove-HaproxyBackend -Session $s -Name late-be -Confirm:$false }
    }
}
