# Ctrl+C (PowerShell's StopProcessing) in the middle of a command leaves the session usable and HAProxy consistent.
# A [powershell] instance on a second runspace of this process (module imported there) runs a long command on the
# SAME session object; the test stops it with .Stop(), exactly what Ctrl+C does to a pipeline, then uses the session
# from this runspace. HAProxy 3.4 runs on loopback; state is checked through the lab's own socket, not the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab -ExtraConfig @'
backend ctrlcrefs
    http-request set-var(txn.b) path,map_str(virt@bulk.map)
    http-request set-var(txn.u) path,map_str(virt@upd.map)
    http-request set-var(txn.f) path,map_str(virt@fan.map)
'@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 10s -NoDefault
    $version = Invoke-LabSocket -Lab $lab -Command 'show version'

    # A second runspace in this process with the module under test loaded, where the command to interrupt runs.
    $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $iss.ImportPSModule([string[]] @($modulePath))
    $runspace = [runspacefactory]::CreateRunspace($iss)
    $runspace.Open()

    function Start-InRunspace {
        <# Starts a script on the second runspace with BeginInvoke; returns the [powershell] and its async result. #>
        param([string] $Script, [hashtable] $Parameters = @{})
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript($Script)
        foreach ($k in $Parameters.Keys) { $null = $ps.AddParameter($k, $Parameters[$k]) }
        [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
    }

    function Stop-Timed {
        <# Ctrl+C: .Stop() on the running pipeline; returns how long Stop took, in seconds. #>
        param($Started)
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $Started.PowerShell.Stop()
        $sw.Stop()
        $sw.Elapsed.TotalSeconds
    }

    function Assert-SessionClean {
        <# The next commands on the session get clean, correct answers (not the tail of the interrupted command). #>
        param($Session = $session, $Lab = $lab)
        $answer = @(Invoke-HaproxyCommand 'show version' -Session $Session -ErrorAction Stop)
        $answer.Count | Should -Be 1
        $answer[0] | Should -BeExactly $version
        (Get-HaproxyInfo -Session $Session -ErrorAction Stop).ProcessId | Should -Be $Lab.ProcessId
        @(Invoke-HaproxyCommand 'echo after-stop' -Session $Session -ErrorAction Stop) | Should -BeExactly @('after-stop')
    }

    function Wait-LabMapStable {
        <# The map's lines once they stop changing: commands written before a stop may still be executing in HAProxy. #>
        param($Lab, [string] $Map)
        $lines = @(Get-LabMapLines -Lab $Lab -Map $Map)
        do {
            Start-Sleep -Milliseconds 200
            $previous = $lines.Count
            $lines = @(Get-LabMapLines -Lab $Lab -Map $Map)
        } while ($lines.Count -ne $previous)
        , $lines
    }

    function Get-PrefixViolations {
        <# Lines of a map filled from keys <Prefix>k<i> -> v<i>, i in [0, Total): what is not a prefix of that input with
           its own values (garbage, duplicates, gaps), as readable strings; empty when the map is such a prefix. #>
        param([string[]] $Lines, [string] $Prefix, [int] $Total)
        $bad = [System.Collections.Generic.List[string]]::new()
        $indexes = [System.Collections.Generic.HashSet[int]]::new()
        $pattern = '^' + [regex]::Escape($Prefix) + 'k(\d+) v(\d+)$'
        foreach ($line in $Lines) {
            if ($line -cmatch $pattern -and $Matches[1] -eq $Matches[2] -and [int]$Matches[1] -lt $Total) {
                if (-not $indexes.Add([int]$Matches[1])) { $bad.Add("duplicate: $line") }
            }
            else { $bad.Add($line) }
        }
        if ($indexes.Count -gt 0) {
            $max = ($indexes | Measure-Object -Maximum).Maximum
            if ($indexes.Count -ne $max + 1) { $bad.Add("not a prefix: $($indexes.Count) distinct entries, highest index $max") }
        }
        , $bad
    }
}

AfterAll {
    if ($runspace) { $runspace.Dispose() }
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Ctrl+C during Wait-HaproxyRemovable -Timeout 30s (a server in maint with a held client connection)' {
    BeforeAll {
        $held = New-HeldConnection -Lab $lab -Backend holdbe -Server h1 -Session $session
        Set-HaproxyServerState -Backend holdbe -Name h1 -State Maint -Session $session
    }

    AfterAll { Close-HeldConnection $held }

    It 'stops within 2 s; the next commands on the same session get clean, correct answers; the connection was replaced' {
        # Precondition: the wait really would block (stream attached, server in maint).
        Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 1
        $null = Invoke-HaproxyCommand 'show version' -Session $session   # the connection is open and in use
        $reconnectsBefore = $session.Reconnects
        $connectedBefore = $session.ConnectedAt

        $run = Start-InRunspace -Script 'param($Session) Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 30s -Session $Session' -Parameters @{ Session = $session }
        Start-Sleep -Milliseconds 500
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
        $stopSeconds = Stop-Timed $run
        Write-Host "    Stop() returned after $([math]::Round($stopSeconds * 1000)) ms"
        $stopSeconds | Should -BeLessThan 2
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'

        # Clean answers right away: a reused connection would block behind the 30 s wait or return its tail.
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Assert-SessionClean
        $sw.Stop()
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        @(Get-HaproxyMapEntry -Map virt@paths.map -Session $session | ForEach-Object { "$($_.Key) $($_.Value)" }) | Should -Be @('/holdbe holdbe')
        (Get-HaproxyServer -Backend holdbe -Name h1 -Session $session).AdminState | Should -Be 'Maint'

        # The interrupted connection was dropped and a new one opened for the next command.
        $session.ConnectedAt | Should -BeGreaterThan $connectedBefore
        $session.IsConnected | Should -BeTrue
        Write-Host "    Reconnects before: $reconnectsBefore, after: $($session.Reconnects)"
        # The server and its stream are untouched by the stop.
        Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 1
        (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
    }

    It 'Session.Reconnects counts the connection reopened after the stop (documented: "counts the reopened connections")' {
        $before = $session.Reconnects
        $run = Start-InRunspace -Script 'param($Session) Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 30s -Session $Session' -Parameters @{ Session = $session }
        Start-Sleep -Milliseconds 500
        $null = Stop-Timed $run
        Assert-SessionClean
        $session.Reconnects | Should -Be ($before + 1)
    }

    It 'a second stop on the same session works the same way (no leftover state from the first)' {
        $connectedBefore = $session.ConnectedAt
        $run = Start-InRunspace -Script 'param($Session) Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 30s -Session $Session' -Parameters @{ Session = $session }
        Start-Sleep -Milliseconds 500
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
        (Stop-Timed $run) | Should -BeLessThan 2
        Assert-SessionClean
        $session.ConnectedAt | Should -BeGreaterThan $connectedBefore
    }
}

Describe 'Ctrl+C during a bulk Add-HaproxyMapEntry of 200,000 piped entries' {
    It 'stops mid-way; the session works; the map holds a prefix of the input, every entry with its own value' {
        $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@bulk.map'
        $total = 200000
        $run = Start-InRunspace -Parameters @{ Session = $session; Total = $total } -Script @'
param($Session, $Total)
0..($Total - 1) | ForEach-Object { [pscustomobject]@{ Map = 'virt@bulk.map'; Key = "/bulk/k$_"; Value = "v$_" } } |
    Add-HaproxyMapEntry -Session $Session
'@
        # Stop well before the end, preferably while HAProxy is in the middle of a pipelined batch (the cmdlet sends
        # 5,000 per batch, so a count that is not a multiple of 5,000 means a batch is being applied right now).
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ([DateTime]::UtcNow -lt $deadline -and -not $run.Async.IsCompleted) {
            $seenBeforeStop = (Get-LabMapState -Lab $lab virt@bulk.map).EntryCount
            if ($seenBeforeStop -ge 20000 -and $seenBeforeStop % 5000 -ne 0) { break }
            if ($seenBeforeStop -ge 150000) { break }
        }
        $stopSeconds = Stop-Timed $run
        Write-Host "    entries seen before Stop(): $seenBeforeStop; Stop() took $([math]::Round($stopSeconds * 1000)) ms; state $($run.PowerShell.InvocationStateInfo.State)"
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $stopSeconds | Should -BeLessThan 2

        Assert-SessionClean

        # The map: a prefix of the input (HAProxy runs one connection's commands in order), no garbage.
        $lines = Wait-LabMapStable -Lab $lab -Map virt@bulk.map
        Write-Host "    entries in the map after the stop: $($lines.Count) of $total"
        $lines.Count | Should -BeLessThan $total
        $lines.Count | Should -BeGreaterOrEqual $seenBeforeStop
        Get-PrefixViolations -Lines $lines -Prefix /bulk/ -Total $total | Select-Object -First 10 | Should -BeNullOrEmpty

        # The session keeps working for changes too, and they land.
        Add-HaproxyMapEntry -Map virt@bulk.map -Key /after -Value stop -Session $session -ErrorAction Stop
        Invoke-LabSocket -Lab $lab -Command 'get map virt@bulk.map /after' | Should -Match 'value="stop"'
        @(Get-HaproxyMapEntry -Map virt@bulk.map -Session $session).Count | Should -Be ($lines.Count + 1)
    }
}

Describe 'Ctrl+C during Update-HaproxyMap of 100,000 entries' {
    BeforeAll {
        $oldCount = 1000
        $newCount = 100000
        $oldLines = 0..($oldCount - 1) | ForEach-Object { "/u/k$_ old$_" }
        $newEntry = [System.Collections.Generic.Dictionary[string, string]]::new()
        for ($i = 0; $i -lt $newCount; $i++) { $newEntry["/u/k$i"] = "new$i" }

        function Reset-UpdMap {
            $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@upd.map'
            Update-HaproxyMap -Map virt@upd.map -Entry @{} -Session $session -Confirm:$false   # purges older versions
            0..($oldCount - 1) | ForEach-Object { [pscustomobject]@{ Map = 'virt@upd.map'; Key = "/u/k$_"; Value = "old$_" } } |
                Add-HaproxyMapEntry -Session $session -ErrorAction Stop
            @(Get-LabMapLines -Lab $lab -Map virt@upd.map).Count | Should -Be $oldCount
        }

        function Get-UpdState {
            <# 'old', 'new', or a description of a mixed/garbled table. #>
            $lines = @(Get-LabMapLines -Lab $lab -Map virt@upd.map)
            if ($lines.Count -eq $oldCount -and -not (Compare-Object $lines $oldLines -SyncWindow 0 -CaseSensitive)) { return 'old' }
            if ($lines.Count -eq $newCount) {
                $bad = 0
                foreach ($line in $lines) { if ($line -notmatch '^/u/k(\d+) new(\d+)$' -or $Matches[1] -ne $Matches[2]) { $bad++ } }
                if ($bad -eq 0 -and @($lines | Sort-Object -Unique).Count -eq $newCount) { return 'new' }
            }
            "mixed: $($lines.Count) lines, first: $($lines | Select-Object -First 3)"
        }
    }

    It 'leaves the live map either old or new, never mixed; the session works; a later replace succeeds' {
        $outcomes = [System.Collections.Generic.List[string]]::new()
        $midFill = 0
        for ($attempt = 1; $attempt -le 4 -and $midFill -lt 2; $attempt++) {
            Reset-UpdMap
            $base = Get-LabMapState -Lab $lab virt@upd.map
            $run = Start-InRunspace -Parameters @{ Session = $session; Entry = $newEntry } -Script @'
param($Session, $Entry)
Update-HaproxyMap -Map virt@upd.map -Entry $Entry -Session $Session -Confirm:$false
'@
            # Stop while the new version is being filled (entries of the next version appear in entry_cnt).
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            $sawFilling = $false
            while ([DateTime]::UtcNow -lt $deadline -and -not $run.Async.IsCompleted) {
                $info = Get-LabMapState -Lab $lab virt@upd.map
                # While filling, the live table must still be the old one: spot-check one key through the lab.
                if ($info.EntryCount -gt $base.EntryCount + 2000) { $sawFilling = $true; break }
                Start-Sleep -Milliseconds 2
            }
            $live = Invoke-LabSocket -Lab $lab -Command 'get map virt@upd.map /u/k7'
            $stopSeconds = Stop-Timed $run
            $state = $run.PowerShell.InvocationStateInfo.State
            $stopSeconds | Should -BeLessThan 2
            Assert-SessionClean
            $result = Get-UpdState
            if ($state -eq 'Stopped' -and $sawFilling -and $result -eq 'old') { $midFill++ }
            $outcomes.Add("attempt ${attempt}: filling seen=$sawFilling, state=$state, live during fill: $($live -replace "`n", ' '), map after: $result")
            $result | Should -BeIn @('old', 'new')
        }
        $outcomes | ForEach-Object { Write-Host "    $_" }
        $midFill | Should -BeGreaterThan 0

        # A later replace on the same session works and commits exactly the new table.
        Update-HaproxyMap -Map virt@upd.map -Entry $newEntry -Session $session -Confirm:$false -ErrorAction Stop
        Get-UpdState | Should -Be 'new'
    }
}

Describe 'Ctrl+C during a fan-out: Add-HaproxyMapEntry -Entry (40,000 entries) -Session $a, $b on two HAProxy instances' {
    # The session base class runs the sessions in turn: all of A's entries (sent in pipelined batches of 5,000), then
    # B's. A stop lands in one session's batch; that session's map must hold a prefix of the input, the other's all of
    # it (A, when the stop lands in B) or nothing (B, when it lands in A), and both sessions answer cleanly afterwards.
    BeforeAll {
        $labB = Start-HaproxyLab -ExtraConfig @'
backend ctrlcrefs
    http-request set-var(txn.f) path,map_str(virt@fan.map)
'@
        $sessionB = Connect-Haproxy -Endpoint $labB.AdminEndpoint -Timeout 10s -NoDefault
        $fanTotal = 40000
        $fanEntry = [System.Collections.Generic.Dictionary[string, string]]::new()   # enumerates in insertion order
        for ($i = 0; $i -lt $fanTotal; $i++) { $fanEntry["/fan/k$i"] = "v$i" }
        $fanLabs = @{ A = $lab; B = $labB }

        function Invoke-FanOutStop {
            <# Starts the fan-out on the second runspace and stops it once the target lab's map has entries, preferably
               in the middle of a batch; returns what was seen. #>
            param([ValidateSet('A', 'B')] [string] $StopDuring)
            foreach ($l in $lab, $labB) { $null = Invoke-LabSocket -Lab $l -Command 'clear map virt@fan.map' }
            $run = Start-InRunspace -Parameters @{ Sessions = @($session, $sessionB); Entry = $fanEntry } -Script @'
param($Sessions, $Entry)
Add-HaproxyMapEntry -Map virt@fan.map -Entry $Entry -Session $Sessions
'@
            $target = $fanLabs[$StopDuring]
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            $seen = 0
            while ([DateTime]::UtcNow -lt $deadline -and -not $run.Async.IsCompleted) {
                $seen = (Get-LabMapState -Lab $target virt@fan.map).EntryCount
                if ($seen -ge 5000 -and $seen % 5000 -ne 0 -and $seen -lt $fanTotal - 20000) { break }
                if ($seen -ge $fanTotal - 20000) { break }
            }
            $stopSeconds = Stop-Timed $run
            [pscustomobject]@{ Seen = $seen; StopSeconds = $stopSeconds; State = $run.PowerShell.InvocationStateInfo.State }
        }

        function Assert-FanOutAfterStop {
            <# Both sessions clean; each map a prefix of the input; returns the two counts. #>
            param($Result)
            Write-Host "    stop in lab $($Result.Target): $($Result.Seen) entries seen there before Stop(), Stop() took $([math]::Round($Result.StopSeconds * 1000)) ms, state $($Result.State)"
            $Result.State | Should -Be 'Stopped'
            $Result.StopSeconds | Should -BeLessThan 2
            Assert-SessionClean -Session $session -Lab $lab
            Assert-SessionClean -Session $sessionB -Lab $labB
            $counts = @{}
            foreach ($name in 'A', 'B') {
                $lines = Wait-LabMapStable -Lab $fanLabs[$name] -Map virt@fan.map
                Get-PrefixViolations -Lines $lines -Prefix /fan/ -Total $fanTotal | Select-Object -First 10 | Should -BeNullOrEmpty -Because "lab $name"
                $counts[$name] = $lines.Count
            }
            Write-Host "    entries after the stop: A $($counts.A), B $($counts.B) of $fanTotal each"
            # Both sessions carry a change again, to their own lab, in one fan-out call.
            Add-HaproxyMapEntry -Map virt@fan.map -Key /after -Value stop -Session $session, $sessionB -ErrorAction Stop
            foreach ($name in 'A', 'B') {
                Invoke-LabSocket -Lab $fanLabs[$name] -Command 'get map virt@fan.map /after' | Should -Match 'value="stop"' -Because "lab $name"
            }
            $counts
        }
    }

    AfterAll {
        if ($sessionB) { Disconnect-Haproxy -Session $sessionB -Confirm:$false }
        if ($labB) { Stop-HaproxyLab -Lab $labB }
    }

    It 'stopped while B is being filled: A holds every entry, B a prefix with the right values; both sessions answer cleanly' {
        $result = Invoke-FanOutStop -StopDuring B
        $result | Add-Member Target B
        $result.Seen | Should -BeGreaterThan 0 -Because 'the stop must land while B is being filled'
        $counts = Assert-FanOutAfterStop $result
        $counts.A | Should -Be $fanTotal
        $counts.B | Should -BeGreaterOrEqual $result.Seen
        $counts.B | Should -BeLessThan $fanTotal
    }

    It 'stopped while both sessions wait on threads of their own (a parallel fan-out): the stop ends both, both answer cleanly' {
        # Wait-HaproxyServer on two sessions runs one thread per session; each polls a server that stays in maintenance
        # (a dynamic server's initial state) for up to 30 s. Stop() must end both waits, not only the pipeline thread's.
        foreach ($l in $lab, $labB) { $null = Invoke-LabSocket -Lab $l -Command 'add server webservers/ccwait 127.0.0.1:9' }
        try {
            $run = Start-InRunspace -Parameters @{ Sessions = @($session, $sessionB) } -Script @'
param($Sessions)
Wait-HaproxyServer -Backend webservers -Name ccwait -Timeout 30s -Session $Sessions
'@
            # Let both polls get under way.
            Start-Sleep -Seconds 1
            $run.Async.IsCompleted | Should -BeFalse -Because 'the waits last up to 30 s'
            $stopSeconds = Stop-Timed $run
            Write-Host "    Stop() took $([math]::Round($stopSeconds * 1000)) ms"
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $stopSeconds | Should -BeLessThan 2
            Assert-SessionClean -Session $session -Lab $lab
            Assert-SessionClean -Session $sessionB -Lab $labB
        }
        finally {
            foreach ($l in $lab, $labB) { $null = Invoke-LabSocket -Lab $l -Command 'del server webservers/ccwait' }
        }
    }

    It 'stopped while A is being filled: A holds a prefix, B nothing (never started); both sessions answer cleanly' {
        $result = Invoke-FanOutStop -StopDuring A
        $result | Add-Member Target A
        $result.Seen | Should -BeGreaterThan 0 -Because 'the stop must land while A is being filled'
        $counts = Assert-FanOutAfterStop $result
        $counts.A | Should -BeGreaterOrEqual $result.Seen
        $counts.A | Should -BeLessThan $fanTotal
        $counts.B | Should -Be 0
    }
}
