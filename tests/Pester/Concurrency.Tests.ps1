# One HaproxySession shared by 8 PowerShell runspaces at once (ForEach-Object -Parallel), against a real HAProxy 3.4 on
# loopback. The session's documented per-session gate lets one request (its write and all of its answers) use the
# connection at a time, so whatever the interleaving every thread must get the answer to its own command, and every
# write must land exactly once. Checks of HAProxy's state go through the lab's own socket, not through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # A map only this file uses (map_str: any key is stored as given).
    $lab = Start-HaproxyLab -ExtraConfig @'
backend concrefs
    http-request set-var(txn.conc) path,map_str(virt@conc.map)
'@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 10s -NoDefault
    $threads = 8
    $perThread = 500
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'One session used from 8 runspaces at once (ForEach-Object -Parallel -ThrottleLimit 8)' {
    It 'echo exists on this HAProxy (precondition, through the lab socket)' {
        Invoke-LabSocket -Lab $lab -Command 'echo t0-0' | Should -BeExactly 't0-0'
    }

    It '8 threads x 500 Invoke-HaproxyCommand "echo tT-I" (T = thread, I = index): every answer is the one to its own command' {
        $reconnectsBefore = $session.Reconnects
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $results = 1..$threads | ForEach-Object -ThrottleLimit $threads -Parallel {
            Import-Module $using:modulePath
            $s = $using:session
            $t = $_
            $mismatches = [System.Collections.Generic.List[string]]::new()
            $errors = 0
            for ($i = 0; $i -lt $using:perThread; $i++) {
                $expected = "t$t-$i"
                try {
                    $answer = @(Invoke-HaproxyCommand "echo $expected" -Session $s -ErrorAction Stop)
                    if ($answer.Count -ne 1 -or $answer[0] -cne $expected) { $mismatches.Add("$expected -> [$($answer -join '|')]") }
                }
                catch { $errors++; $mismatches.Add("$expected -> error $($_.FullyQualifiedErrorId): $($_.Exception.Message)") }
            }
            [pscustomobject]@{ Thread = $t; Mismatches = $mismatches.ToArray(); Errors = $errors; Done = $i }
        }
        $sw.Stop()
        Write-Host "    4,000 echoes from 8 threads in $([int]$sw.Elapsed.TotalMilliseconds) ms"
        $results | Should -HaveCount $threads
        ($results | Measure-Object Done -Sum).Sum | Should -Be ($threads * $perThread)
        $all = @($results | ForEach-Object { $_.Mismatches })
        $all | Select-Object -First 10 | Should -BeNullOrEmpty
        $all.Count | Should -Be 0
        $session.Reconnects | Should -Be $reconnectsBefore
        # The session is still in step afterwards.
        Invoke-HaproxyCommand 'show version' -Session $session | Should -BeExactly (Invoke-LabSocket -Lab $lab -Command 'show version')
    }

    It 'mixed: each thread adds 500 unique map entries one call at a time, interleaved with reads; exactly 4,000 entries land' {
        $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@conc.map'
        $reconnectsBefore = $session.Reconnects
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $results = 1..$threads | ForEach-Object -ThrottleLimit $threads -Parallel {
            Import-Module $using:modulePath
            $s = $using:session
            $t = $_
            $problems = [System.Collections.Generic.List[string]]::new()
            for ($i = 0; $i -lt $using:perThread; $i++) {
                $key = "/t$t/k$i"
                $value = "v-t$t-i$i"
                try {
                    Add-HaproxyMapEntry -Map virt@conc.map -Key $key -Value $value -Session $s -ErrorAction Stop
                    # Reads interleaved with the other threads' writes: each must be the answer to this thread's request.
                    if ($i % 5 -eq 0) {
                        $m = @(Get-HaproxyMapEntry -Map virt@conc.map -Match $key -Session $s -ErrorAction Stop)
                        if ($m.Count -ne 1 -or $m[0].Key -cne $key -or $m[0].Value -cne $value) { $problems.Add("match $key -> [$($m | ForEach-Object { "$($_.Key)=$($_.Value)" })]") }
                    }
                    elseif ($i % 5 -eq 1) {
                        $echo = @(Invoke-HaproxyCommand "echo $key" -Session $s -ErrorAction Stop)
                        if ($echo.Count -ne 1 -or $echo[0] -cne $key) { $problems.Add("echo $key -> [$($echo -join '|')]") }
                    }
                }
                catch { $problems.Add("$key -> error $($_.FullyQualifiedErrorId): $($_.Exception.Message)") }
            }
            [pscustomobject]@{ Thread = $t; Problems = $problems.ToArray() }
        }
        $sw.Stop()
        Write-Host "    4,000 adds + 1,600 reads from 8 threads in $([int]$sw.Elapsed.TotalMilliseconds) ms"
        $problems = @($results | ForEach-Object { $_.Problems })
        $problems | Select-Object -First 10 | Should -BeNullOrEmpty
        $session.Reconnects | Should -Be $reconnectsBefore

        # Independent view: exactly 4,000 entries, each key once, each with its own value.
        $lines = @(Get-LabMapLines -Lab $lab -Map virt@conc.map)
        $lines.Count | Should -Be ($threads * $perThread)
        $expected = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
        foreach ($t in 1..$threads) { for ($i = 0; $i -lt $perThread; $i++) { $null = $expected.Add("/t$t/k$i v-t$t-i$i") } }
        $unexpected = @($lines | Where-Object { -not $expected.Contains($_) })
        $unexpected | Select-Object -First 10 | Should -BeNullOrEmpty
        @($lines | Sort-Object -Unique -CaseSensitive).Count | Should -Be ($threads * $perThread)
    }

    It 'pipelined batches from 8 threads at once (Add-HaproxyMapEntry piped, 500 per thread) do not interleave inside a batch' {
        $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@conc.map'
        $results = 1..$threads | ForEach-Object -ThrottleLimit $threads -Parallel {
            Import-Module $using:modulePath
            $t = $_
            $err = $null
            0..($using:perThread - 1) | ForEach-Object { [pscustomobject]@{ Map = 'virt@conc.map'; Key = "/p$t/k$_"; Value = "p$t-$_" } } |
                Add-HaproxyMapEntry -Session $using:session -ErrorVariable err -ErrorAction SilentlyContinue
            [pscustomobject]@{ Thread = $t; Errors = @($err | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) }
        }
        @($results | ForEach-Object { $_.Errors }) | Should -BeNullOrEmpty
        $lines = @(Get-LabMapLines -Lab $lab -Map virt@conc.map)
        $lines.Count | Should -Be ($threads * $perThread)
        foreach ($t in 1..$threads) {
            $mine = @($lines | Where-Object { $_.StartsWith("/p$t/") })
            $mine.Count | Should -Be $perThread
            @($mine | Where-Object { $_ -notmatch "^/p$t/k(\d+) p$t-\1$" }) | Should -BeNullOrEmpty
        }
        Invoke-HaproxyCommand 'show version' -Session $session | Should -BeExactly (Invoke-LabSocket -Lab $lab -Command 'show version')
    }
}
