# The observation cmdlets (Get-HaproxyResolver, Get-HaproxyPeer, Get-HaproxyCache, Get-/Set-HaproxyVariable) against a
# real HAProxy 3.4 on loopback, whose configuration declares what they read (Start-LabObserve: resolvers 'dns1', peers
# 'mypeers' with local peer 'lab1' and remote 'remote1', cache 'c1' in front of a cacheable application). What the
# module returns is compared with the lab's own socket.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-LabObserve
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $operator = Connect-Haproxy -Endpoint "unix://$($lab.OperatorSocket)" -Name operator -Timeout 5s -NoDefault
}

AfterAll {
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyResolver' {
    It 'returns every nameserver of the section with its counters as numbers' {
        $ns = @(Get-HaproxyResolver -Resolvers dns1)
        @($ns | ForEach-Object Name) | Should -BeExactly @('ns1', 'ns2')
        $ns[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyResolverNameserver'
        $ns[0].Resolvers | Should -BeExactly 'dns1'
        $ns[0].Sent | Should -BeOfType [long]
        $ns[0].Session | Should -Be $session.Name
        $raw = Invoke-LabSocket -Lab $lab -Command 'show resolvers dns1'
        $sent = [regex]::Matches($raw, '(?m)^  sent:\s+(\d+)$') | ForEach-Object { [long]$_.Groups[1].Value }
        @($ns | ForEach-Object Sent) | Should -Be @($sent)
    }

    It 'lists every section without a name, with wildcards' {
        @(Get-HaproxyResolver | ForEach-Object Resolvers) | Should -Contain 'dns1'
        @(Get-HaproxyResolver 'dn*').Count | Should -Be 2
    }

    It 'an unknown section is HaproxyObjectNotFound' {
        $out = Get-HaproxyResolver -Resolvers nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'Get-HaproxyPeer' {
    It 'returns the local and the remote peer of the section, as HAProxy prints them' {
        $peers = @(Get-HaproxyPeer -Section mypeers)
        @($peers | ForEach-Object Name | Sort-Object) | Should -BeExactly @('lab1', 'remote1')
        $local = $peers | Where-Object Name -eq 'lab1'
        $local.IsLocal | Should -BeTrue
        $local.Address | Should -BeExactly '127.0.0.1'
        $local.Section | Should -BeExactly 'mypeers'
        $local.SectionInfo.Disabled | Should -BeFalse
        $remote = $peers | Where-Object Name -eq 'remote1'
        $remote.IsLocal | Should -BeFalse
        $remote.LastStatus | Should -Match '^[A-Z]+$'
        $raw = Invoke-LabSocket -Lab $lab -Command 'show peers'
        $raw | Should -Match "id=remote1\(remote,\w+\) addr=127\.0\.0\.1:$($remote.Port) "
        $raw | Should -Match "id=lab1\(local,\w+\) addr=127\.0\.0\.1:$($local.Port) "
    }

    It '-Name picks peers; an unknown section is HaproxyObjectNotFound' {
        @(Get-HaproxyPeer -Name 'rem*').Name | Should -BeExactly @('remote1')
        $out = Get-HaproxyPeer -Section nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'keeps the session usable after the dump (it goes on a connection of its own)' {
        $null = Get-HaproxyPeer
        (Get-HaproxyInfo).ProcessId | Should -Be $lab.ProcessId
    }
}

Describe 'Get-HaproxyCache' {
    It 'returns the cache with the entries the requests stored' {
        foreach ($p in '/a', '/b', '/c') { $null = Invoke-LabRequest -Lab $lab -Port $lab.CachePort -Path $p }
        $cache = @(Get-HaproxyCache -Name c1)
        $cache | Should -HaveCount 1
        $cache[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyCache'
        $cache[0].EntryCount | Should -Be 3
        $cache[0].Entries[0].Size | Should -BeGreaterThan 0
        $cache[0].Entries[0].ExpiresIn | Should -BeLessOrEqual ([timespan]::FromSeconds(60))
        $raw = Invoke-LabSocket -Lab $lab -Command 'show cache'
        $raw | Should -Match "c1 \(shctx:\S+, available blocks:$($cache[0].AvailableBlocks)\)"
        foreach ($e in $cache[0].Entries) { $raw | Should -Match "hash:$($e.Hash) " }
    }

    It 'an unknown cache name is HaproxyObjectNotFound' {
        $null = Get-HaproxyCache -Name nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'Set-HaproxyVariable and Get-HaproxyVariable' {
    It 'sets a string exactly as given, whatever it holds' {
        $value = '50% of a;b\c <x> %[src] "q"'
        $v = Set-HaproxyVariable -Name proc.text -Value $value -PassThru
        $v | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyVariable'
        $v.Value | Should -BeExactly $value
        $v.Type | Should -BeExactly 'str'
        (Get-LabVariable -Lab $lab proc.text).Value | Should -BeExactly $value
    }

    It 'sets the result of an expression' {
        Set-HaproxyVariable proc.n -Expression 'int(41),add(1)'
        $v = Get-HaproxyVariable proc.n
        $v.Value | Should -BeExactly '42'
        $v.Type | Should -BeExactly 'sint'
        (Get-LabVariable -Lab $lab proc.n).Value | Should -BeExactly '42'
    }

    It 'pipes by property name; reads on an operator socket, where setting is refused (experimental mode needs admin)' {
        [pscustomobject]@{ Name = 'proc.op'; Value = 'two' } | Set-HaproxyVariable
        (Get-LabVariable -Lab $lab proc.op).Value | Should -BeExactly 'two'
        @('proc.op', 'proc.n') | Get-HaproxyVariable -Session $operator | ForEach-Object Value | Should -BeExactly @('two', '42')
        $null = Set-HaproxyVariable proc.op -Value three -Session $operator -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        (Get-LabVariable -Lab $lab proc.op).Value | Should -BeExactly 'two'
    }

    It 'an unknown variable is HaproxyObjectNotFound, the others still come' {
        $out = Get-HaproxyVariable proc.nosuch, proc.n -ErrorVariable err -ErrorAction SilentlyContinue
        @($out).Value | Should -BeExactly @('42')
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'refuses other scopes and bad names before sending' {
        foreach ($name in 'txn.foo', 'foo', 'proc.a b') {
            $null = Set-HaproxyVariable -Name $name -Value x -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        }
        Get-LabVariable -Lab $lab txn.foo | Should -BeNullOrEmpty
    }

    It 'a bad expression is HAProxy''s refusal, nothing is set' {
        $null = Set-HaproxyVariable proc.bad -Expression 'nosuchfetch(1)' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        Get-LabVariable -Lab $lab proc.bad | Should -BeNullOrEmpty
    }

    It '-WhatIf shows the line and sets nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyVariable proc.w -Value 'a b' -WhatIf }
        $lines | Should -Match 'set var proc\.w fmt a\\ b'
        Get-LabVariable -Lab $lab proc.w | Should -BeNullOrEmpty
    }

    It 'leaves the connection out of experimental mode' {
        Set-HaproxyVariable proc.x -Value y
        (Invoke-HaproxyCommand 'experimental-mode').Trim() | Should -Match 'OFF'
    }
}

Describe 'Tab completion of the sections, caches and sinks' {
    BeforeAll {
        function Get-CompletionText([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText) }
    }

    It 'offers each resolvers section once, each peers section once, the caches and the readable sinks, as the lab lists them' {
        $resolvers = @([regex]::Matches((Invoke-LabSocket -Lab $lab -Command 'show resolvers'), '(?m)^Resolvers section (\S+)$') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
        @(Get-CompletionText 'Get-HaproxyResolver ' | Sort-Object) | Should -BeExactly $resolvers
        Get-CompletionText 'Get-HaproxyResolver -Resolvers dn' | Should -BeExactly @('dns1')
        Get-CompletionText 'Get-HaproxyPeer -Section ' | Should -BeExactly @('mypeers')
        Get-CompletionText 'Get-HaproxyCache ' | Should -BeExactly @('c1')
        @(Get-CompletionText 'Get-HaproxyEvent -Sink ' | Sort-Object) | Should -BeExactly @(Get-HaproxyEvent | Where-Object IsReadable | ForEach-Object Name | Sort-Object)
        Get-CompletionText 'Get-HaproxyEvent ev' | Should -BeExactly @('evring')
    }
}

Describe 'Get-HaproxyEvent' {
    BeforeAll {
        foreach ($p in '/e1', '/e2') { $null = Invoke-LabRequest -Lab $lab -Port $lab.LogPort -Path $p }
        function Get-LabEventLines { @((Invoke-LabSocket -Lab $lab -Command 'show events evring') -split "`n" | Where-Object { $_ }) }
    }

    It 'lists the sinks without a name' {
        $sinks = @(Get-HaproxyEvent)
        $sinks[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyEventSink'
        $evring = $sinks | Where-Object Name -EQ 'evring'
        $evring.Type | Should -BeExactly 'buffer'
        $evring.IsReadable | Should -BeTrue
        ($sinks | Where-Object Name -EQ 'stderr').IsReadable | Should -BeFalse
    }

    It 'returns the events of a ring, each line as HAProxy stored it' {
        $events = @(Get-HaproxyEvent -Sink evring)
        @($events | ForEach-Object Message) | Should -BeExactly (Get-LabEventLines)
        $events[0].Priority | Should -Be 134 -Because 'local0.info'
        $events[0].Timestamp | Should -BeOfType [DateTimeOffset]
        $events[0].Message | Should -Match '"GET /e1 HTTP/1.1"$'
    }

    It 'a sink that is not a ring, or none, is refused with its kind' {
        $null = Get-HaproxyEvent -Sink stderr -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $null = Get-HaproxyEvent -Sink nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It '-Wait writes the events there are, then new ones as they come; Select-Object -First stops it and closes its connection' {
        $before = @(Get-LabCliClients -Lab $lab).Count
        $old = @(Get-LabEventLines).Count
        # Requests made while the cmdlet waits: a thread of this process, loopback, bounded (3 requests).
        $job = Start-ThreadJob -ArgumentList $lab.LogPort -ScriptBlock {
            param($port)
            Start-Sleep -Milliseconds 700
            foreach ($i in 1..3) { $null = Invoke-WebRequest -Uri "http://127.0.0.1:$port/w$i" -UseBasicParsing -TimeoutSec 5 }
        }
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $events = @(Get-HaproxyEvent -Sink evring -Wait | Select-Object -First ($old + 3))
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        }
        finally { $job | Wait-Job -Timeout 10 | Remove-Job -Force }
        $events | Should -HaveCount ($old + 3)
        @($events | Select-Object -Last 3 | ForEach-Object { $_.Message -replace '^.*"GET (/w\d) HTTP/1.1"$', '$1' }) | Should -BeExactly @('/w1', '/w2', '/w3')
        # The stream had a connection of its own, gone now; the session's own is still in step.
        $deadline = [DateTime]::UtcNow.AddSeconds(3)
        while (@(Get-LabCliClients -Lab $lab).Count -ne $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        @(Get-LabCliClients -Lab $lab).Count | Should -Be $before
        (Get-HaproxyInfo).ProcessId | Should -Be $lab.ProcessId
    }

    It '-Wait stops at once when the pipeline is stopped (Ctrl+C), leaving no connection behind' {
        $before = @(Get-LabCliClients -Lab $lab).Count
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $endpoint)
                    Import-Module $module
                    $null = Connect-Haproxy -Endpoint $endpoint -Timeout 5s
                    Get-HaproxyEvent -Sink evring -Wait
                }).AddArgument($modulePath).AddArgument($lab.AdminEndpoint)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ($output.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $output.Count | Should -BeGreaterThan 0 -Because 'the ring already holds events'
            @(Get-LabCliClients -Lab $lab).Count | Should -Be ($before + 2) -Because 'the runspace has its session and the stream'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $handle.IsCompleted | Should -BeTrue
        }
        finally { $ps.Dispose() }
        $deadline = [DateTime]::UtcNow.AddSeconds(3)
        while (@(Get-LabCliClients -Lab $lab).Count -gt $before + 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        @(Get-LabCliClients -Lab $lab).Count | Should -BeLessOrEqual ($before + 1) -Because 'the stream connection is closed (the runspace''s session may linger until its idle timeout)'
    }
}

Describe 'Get-HaproxyStartupLog' {
    It 'returns each startup message with its level and process id' {
        $entries = @(Get-HaproxyStartupLog)
        $raw = @((Invoke-LabSocket -Lab $lab -Command 'show startup-logs') -split "`n" | Where-Object { $_ -match '^\[[A-Z]+\]' })
        $entries | Should -HaveCount $raw.Count
        $entries[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyStartupLogEntry'
        $entries | Where-Object Message -Like 'haproxy version is *' | ForEach-Object Level | Should -BeExactly 'NOTICE'
        @($entries | ForEach-Object ProcessId | Sort-Object -Unique) | Should -Be @($lab.ProcessId)
    }
}
