<#
.SYNOPSIS
Runs the HaproxyRuntime benchmark: each scenario against its baselines in one run, alternating, medians and ratios.

.DESCRIPTION
Starts its own HAProxy 3.4 on loopback (100 backends x 100 servers without health checks, plus a map), then for
-Runs rounds runs every scenario and baseline in turn, so a noisy moment hits all of them alike. Prints a table of
medians and ratios and writes results.json / results.md under out/bench (ignored by git).

Scenarios (issue #4):
  1 round trip   1,000 x show version: client library from C#, the module in a PowerShell loop (Invoke-HaproxyCommand
                 and a typed cmdlet), socat per command (the seed's way); floors: raw C# socket, one connection, and
                 PowerShell's own cost of the same loop calling a no-op compiled cmdlet that writes one line (bare,
                 and declared exactly like Invoke-HaproxyCommand: ShouldProcess, validated -Command, -Session). The
                 C# client and raw floor run pinned to HAProxy's CPU (1a, 1e); the raw floor runs again unpinned
                 (1h), as the PowerShell loops and socat run, to compare those with
  2 pipelined    10,000 servers piped into Set-HaproxyServerState; floors: the raw pipelined commands + PowerShell's
                 own binding cost (the same objects into a no-op compiled cmdlet with the same binding)
  3 bulk load    100,000 map entries, -Entry hashtable and piped objects; floors as in 2; and the same 100,000 piped
                 into Remove-HaproxyMapEntry (by key), against piping them into Add-HaproxyMapEntry
  4 atomic       Update-HaproxyMap with 100,000 entries vs raw prepare / add @ver / commit
  5 fleet read   Get-HaproxyServer over 10,000 servers vs the raw bytes of show servers state + show stat;
                 Get-HaproxyStat (every row, every field) vs the same floor and vs the raw bytes of show stat alone
  6 memory       peak working set of a pwsh running 3 (-Entry) and 5, minus a pwsh that only imported the module
  7 fleet        five HAProxy nodes (the lab and four more with the same first 1,000 servers and map): the same
                 10,000-entry Update-HaproxyMap and the same 1,000 piped servers into Set-HaproxyServerState, on one
                 node, on five in parallel and on five one by one (-ThrottleLimit 1); floor: the raw atomic swap on
                 one node and on the five at once (one thread each). All five nodes share this machine's CPUs with
                 the client, so the raw floor's own 5-node/1-node ratio says how much parallelism the machine allows
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchExe,
    [Parameter(Mandatory)] [string] $NoOpModule,
    [Parameter(Mandatory)] [string] $HaproxyPath,
    [Parameter(Mandatory)] [string] $OutDir,
    [int] $Runs = 3,
    # Only the scenarios whose number starts so ('5' runs 5a-5d), without the memory measures: a quick look at one
    # family. Ratios whose scenarios did not run are n/a.
    [string[]] $Only
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Join-Path $PSScriptRoot '../build/HaproxyLab.psm1')
Import-Module $ModulePath
Import-Module $NoOpModule
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null

# --- the lab: 100 backends x 100 servers (no checks, never contacted) and a map the config references -------------
$benchPort = Get-FreeTcpPort
$fleet = [System.Text.StringBuilder]::new()
for ($b = 0; $b -lt 100; $b++) {
    [void]$fleet.AppendLine("backend fleet$b")
    for ($s = 0; $s -lt 100; $s++) { [void]$fleet.AppendLine("    server s$s 127.0.0.1:9 disabled") }
}
$extra = @"
frontend bench
    bind 127.0.0.1:$benchPort
    http-request set-header X-Bench %[path,map(virt@bench.map)]
    default_backend webservers
$fleet
"@
$lab = Start-HaproxyLab -HaproxyPath $HaproxyPath -ExtraConfig $extra
$endpoint = $lab.AdminEndpoint
Write-Host "HAProxy $(& $HaproxyPath -v | Select-Object -First 1) pid $($lab.ProcessId), $endpoint"

function Invoke-Bench([string[]] $Arguments) {
    $out = & dotnet $BenchExe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "bench $($Arguments -join ' ') failed: $out" }
    [double](($out | Select-Object -Last 1) -split ' ')[1]
}
function Measure-Ms([scriptblock] $Script) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    & $Script | Out-Null
    $sw.Elapsed.TotalMilliseconds
}
function Clear-BenchMap { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@bench.map' }

$session = Connect-Haproxy -Endpoint $endpoint -Timeout 60s

# Scenario 7's four more nodes: the first 10 backends (1,000 servers) and the map, as on the lab.
$fleetNodes = @()
$fiveSessions = @()
if (-not $Only -or ($Only | Where-Object { '7' -like "$_*" })) {
    $small = [System.Text.StringBuilder]::new()
    for ($b = 0; $b -lt 10; $b++) {
        [void]$small.AppendLine("backend fleet$b")
        for ($s = 0; $s -lt 100; $s++) { [void]$small.AppendLine("    server s$s 127.0.0.1:9 disabled") }
    }
    $fleetNodes = @(1..4 | ForEach-Object {
            Start-HaproxyLab -HaproxyPath $HaproxyPath -ExtraConfig @"
frontend bench
    bind 127.0.0.1:$(Get-FreeTcpPort)
    http-request set-header X-Bench %[path,map(virt@bench.map)]
    default_backend webservers
$small
"@
        })
    $fiveSessions = @($session) + @(Connect-Haproxy -Endpoint ($fleetNodes | ForEach-Object AdminEndpoint) -Timeout 60s -NoDefault)
}
$n1 = 1000; $n2 = 10000; $n3 = 100000

# Inputs built once, outside every timing.
$servers = foreach ($b in 0..99) { foreach ($s in 0..99) { [pscustomobject]@{ Backend = "fleet$b"; Name = "s$s" } } }
$stateFile = Join-Path $OutDir 'serverstate.cli'
$servers | ForEach-Object { "set server $($_.Backend)/$($_.Name) state drain" } | Set-Content $stateFile
$entries = [ordered]@{}; for ($i = 0; $i -lt $n3; $i++) { $entries["key$i"] = "value $i" }
$entries10k = [ordered]@{}; for ($i = 0; $i -lt $n2; $i++) { $entries10k["key$i"] = "value $i" }
$servers1k = @($servers | Select-Object -First 1000)
$entryObjects = foreach ($e in $entries.GetEnumerator()) { [pscustomobject]@{ Map = 'virt@bench.map'; Key = $e.Key; Value = $e.Value } }
$mapFile = Join-Path $OutDir 'mapadd.cli'
$entries.GetEnumerator() | ForEach-Object { "add map virt@bench.map $($_.Key) $($_.Value -replace ' ', '\ ')" } | Set-Content $mapFile
$socat = (Get-Command socat -ErrorAction SilentlyContinue).Source

$scenarios = [ordered]@{
    '1a client library (C#), 1,000 x show version'          = { Invoke-Bench @('client-roundtrip', $endpoint, $n1) }
    '1b module loop: Invoke-HaproxyCommand x 1,000'          = { Measure-Ms { for ($i = 0; $i -lt $n1; $i++) { Invoke-HaproxyCommand 'show version' } } }
    '1c module loop: Get-HaproxyInfo x 1,000'                = { Measure-Ms { for ($i = 0; $i -lt $n1; $i++) { Get-HaproxyInfo } } }
    '1d socat per command x 1,000 (the seed''s way)'         = { Measure-Ms { for ($i = 0; $i -lt $n1; $i++) { 'show version' | & $socat stdio "TCP:127.0.0.1:$($lab.AdminPort)" } } }
    '1e floor: raw socket, 1,000 round trips'                = { Invoke-Bench @('raw-roundtrip', $endpoint, $n1) }
    '1f floor: no-op cmdlet writing one line, same loop x 1,000' = { Measure-Ms { for ($i = 0; $i -lt $n1; $i++) { Invoke-NoOpCommand 'show version' } } }
    '1g floor: no-op cmdlet declared like Invoke-HaproxyCommand (ShouldProcess, -Session), x 1,000' = { Measure-Ms { for ($i = 0; $i -lt $n1; $i++) { Invoke-NoOpSignatureCommand 'show version' } } }
    '1h floor: raw socket, 1,000 round trips, unpinned like the PowerShell loops' = { Invoke-Bench @('raw-roundtrip', $endpoint, $n1) }
    '2a Set-HaproxyServerState, 10,000 piped servers'        = { Measure-Ms { $servers | Set-HaproxyServerState -State Drain -Confirm:$false } }
    '2b floor: no-op cmdlet, same binding, 10,000 servers'   = { Measure-Ms { $servers | Set-NoOpServerState -State Drain } }
    '2c floor: raw pipelined commands, 10,000'               = { Invoke-Bench @('raw-lines', $endpoint, $stateFile) }
    '3a Add-HaproxyMapEntry -Entry, 100,000'                 = { Clear-BenchMap; Measure-Ms { Add-HaproxyMapEntry -Map virt@bench.map -Entry $entries -Confirm:$false } }
    '3b Add-HaproxyMapEntry piped, 100,000'                  = { Clear-BenchMap; Measure-Ms { $entryObjects | Add-HaproxyMapEntry -Confirm:$false } }
    '3c floor: no-op cmdlet, same binding, 100,000 piped'    = { Measure-Ms { $entryObjects | Add-NoOpMapEntry } }
    '3d floor: raw pipelined add map, 100,000'               = { Clear-BenchMap; Invoke-Bench @('raw-lines', $endpoint, $mapFile) }
    '3e Remove-HaproxyMapEntry piped, 100,000 (by key)'     = { Clear-BenchMap; $null = Invoke-Bench @('raw-lines', $endpoint, $mapFile); Measure-Ms { $entryObjects | Remove-HaproxyMapEntry -Confirm:$false } }
    '4a Update-HaproxyMap -Entry, 100,000'                   = { Measure-Ms { Update-HaproxyMap -Map virt@bench.map -Entry $entries -Confirm:$false } }
    '4b floor: raw prepare / add @ver / commit, 100,000'     = { Invoke-Bench @('raw-atomic', $endpoint, $n3, 'virt@bench.map') }
    '5a Get-HaproxyServer, 10,000 servers'                   = { Measure-Ms { Get-HaproxyServer } }
    '5b floor: raw show servers state + show stat'           = { Invoke-Bench @('raw-readservers', $endpoint) }
    '5c Get-HaproxyStat, 10,000 servers (every row, every field)' = { Measure-Ms { Get-HaproxyStat } }
    '5d floor: raw show stat'                                = { Invoke-Bench @('raw-dump', $endpoint, 'show stat') }
    '7a Update-HaproxyMap 10,000 entries, one node'          = { Measure-Ms { Update-HaproxyMap -Map virt@bench.map -Entry $entries10k -Confirm:$false } }
    '7b Update-HaproxyMap 10,000 entries, 5 nodes in parallel' = { Measure-Ms { Update-HaproxyMap -Map virt@bench.map -Entry $entries10k -Session $fiveSessions -Confirm:$false } }
    '7c Update-HaproxyMap 10,000 entries, 5 nodes one by one (-ThrottleLimit 1)' = { Measure-Ms { Update-HaproxyMap -Map virt@bench.map -Entry $entries10k -Session $fiveSessions -ThrottleLimit 1 -Confirm:$false } }
    '7g floor: raw prepare / add @ver / commit, 10,000, one node' = { Invoke-Bench @('raw-atomic', $endpoint, $n2, 'virt@bench.map') }
    '7h floor: raw prepare / add @ver / commit, 10,000, 5 nodes at once' = { Invoke-Bench @('raw-atomic-fleet', (($fiveSessions | ForEach-Object { $_.Endpoint.ToString() }) -join ','), $n2, 'virt@bench.map') }
    '7d Set-HaproxyServerState, 1,000 piped servers, one node' = { Measure-Ms { $servers1k | Set-HaproxyServerState -State Drain -Confirm:$false } }
    '7e Set-HaproxyServerState, 1,000 piped servers, 5 nodes in parallel' = { Measure-Ms { $servers1k | Set-HaproxyServerState -State Drain -Session $fiveSessions -Confirm:$false } }
    '7f Set-HaproxyServerState, 1,000 piped servers, 5 nodes one by one (-ThrottleLimit 1)' = { Measure-Ms { $servers1k | Set-HaproxyServerState -State Drain -Session $fiveSessions -ThrottleLimit 1 -Confirm:$false } }
}
if ($Only) {
    foreach ($k in @($scenarios.Keys)) { if (-not ($Only | Where-Object { $k -like "$_*" })) { $scenarios.Remove($k) } }
}
if (-not $socat -and $scenarios.Contains('1d socat per command x 1,000 (the seed''s way)')) { $scenarios.Remove('1d socat per command x 1,000 (the seed''s way)'); Write-Warning 'socat not found: baseline 1d skipped.' }

# The round trips of 1a and 1e (the C# client and the raw floor, each its own process) last a few tens of
# microseconds. On this machine (2 vCPUs) that latency depends on whether the client and HAProxy share a CPU: a wake-up
# across vCPUs costs ~40 us more and varies run to run (raw-floor runs measured 22-75 ms for the same 1,000 round
# trips), which drowned the few microseconds the client adds. So those two run with HAProxy and their process on one
# CPU. Everything that runs inside this PowerShell process stays unpinned: confined to one CPU, PowerShell's own
# per-call machinery slowed down 2-4x (a no-op cmdlet loop went from ~10 to ~40 us a call), which would measure the
# pinning, not the module.
$taskset = (Get-Command taskset -ErrorAction SilentlyContinue).Source
$allCpus = "0-$([Environment]::ProcessorCount - 1)"
function Set-BenchAffinity([string] $Cpus) {
    if (-not $taskset) { return }
    foreach ($id in $PID, $lab.ProcessId) { $null = & $taskset -a -p -c $Cpus $id }
}
if (-not $taskset) { Write-Warning 'taskset not found: 1a and 1e run unpinned and their ratio is noisy.' }
function Key([string] $prefix) { $scenarios.Keys | Where-Object { $_ -like "$prefix *" } | Select-Object -First 1 }
$pinnedScenarios = @((Key '1a'), (Key '1e'))

function Invoke-Scenario($Scenario) {
    $pinned = $Scenario.Key -in $pinnedScenarios
    if ($pinned) { Set-BenchAffinity '0' }
    try { & $Scenario.Value } finally { if ($pinned) { Set-BenchAffinity $allCpus } }
}

# Warm-up (JIT, first connections), then alternating rounds. The PowerShell loops of scenario 1 get a few more passes:
# a cmdlet's path through PowerShell and the module reaches its optimised (tier-1, profile-guided) code only after some
# thousands of calls, and before that one pass measured 2-4x its steady cost.
foreach ($s in $scenarios.GetEnumerator()) { $null = Invoke-Scenario $s }
foreach ($s in $scenarios.GetEnumerator()) {
    if ($s.Key -like '1*' -and $s.Key -notin $pinnedScenarios -and $s.Key -notlike '1d *') { 1..4 | ForEach-Object { $null = Invoke-Scenario $s } }
}
$samples = @{}
for ($r = 1; $r -le $Runs; $r++) {
    $i = 0
    foreach ($s in $scenarios.GetEnumerator()) {
        Write-Progress -Activity 'Benchmark' -Status "round $r/$Runs - $($s.Key)" -PercentComplete ((($r - 1) * $scenarios.Count + $i++) * 100 / ($Runs * $scenarios.Count))
        $samples[$s.Key] += @(Invoke-Scenario $s)
    }
}
Write-Progress -Activity 'Benchmark' -Completed
Clear-BenchMap

# Memory: separate processes, so each peak is its own.
$pwsh = Join-Path $PSHOME 'pwsh'
function Get-PeakMb([string] $Script) {
    $code = "`$ErrorActionPreference='Stop'; Import-Module '$ModulePath'; `$null = Connect-Haproxy -Endpoint '$endpoint' -Timeout 60s; $Script; [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    [math]::Round([double](& $pwsh -NoProfile -NonInteractive -Command $code | Select-Object -Last 1) / 1MB, 1)
}
$baseMb = Get-PeakMb '$null = 1'
function Get-LoadPeakMb([int] $Count) {
    Get-PeakMb "`$h = [ordered]@{}; for (`$i = 0; `$i -lt $Count; `$i++) { `$h[""m`$i""] = ""v `$i"" }; Add-HaproxyMapEntry -Map virt@bench.map -Entry `$h -Confirm:`$false"
    Clear-BenchMap
}
# Two sizes, to show how the peak grows with the load (linear: the entries' own hashtable, not buffered commands).
if (-not $Only) {
    $memLoadHalf = Get-LoadPeakMb ($n3 / 2)
    $memLoad = Get-LoadPeakMb $n3
    $memRead = Get-PeakMb '$null = Get-HaproxyServer'
}
Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
Stop-HaproxyLab -Lab $lab
foreach ($node in $fleetNodes) { Stop-HaproxyLab -Lab $node }

function Median([double[]] $xs) { $s = $xs | Sort-Object; $s[[int][math]::Floor($s.Count / 2)] }
$m = [ordered]@{}
foreach ($k in $scenarios.Keys) { $m[$k] = [math]::Round((Median $samples[$k]), 1) }
function M([string] $prefix) { $k = Key $prefix; if ($k) { $m[$k] } else { [double]::NaN } }

$ratios = [ordered]@{
    '1: client library / raw floor (target <= 1.3)'                       = (M '1a') / (M '1e')
    '1: socat per command / module loop Invoke-HaproxyCommand (target >= 50)' = if ($socat) { (M '1d') / (M '1b') } else { $null }
    '1: socat per command / (PowerShell loop floor + unpinned raw round trip): the most any cmdlet can reach' = if ($socat) { (M '1d') / ((M '1f') + (M '1h')) } else { $null }
    '1: module loop / (PowerShell loop floor + unpinned raw round trip)'   = (M '1b') / ((M '1f') + (M '1h'))
    '1: module loop / (same-signature no-op floor + unpinned raw round trip)' = (M '1b') / ((M '1g') + (M '1h'))
    '2: Set-HaproxyServerState / (no-op binding + raw floor) (target <= 1.5)' = (M '2a') / ((M '2b') + (M '2c'))
    '3: -Entry / raw pipelined floor'                                      = (M '3a') / (M '3d')
    '3: piped / (no-op binding + raw floor) (target <= 1.5)'              = (M '3b') / ((M '3c') + (M '3d'))
    '3: piped removal / piped addition (target <= 1.5)'                   = (M '3e') / (M '3b')
    '4: Update-HaproxyMap / raw atomic floor (target <= 2)'               = (M '4a') / (M '4b')
    '5: Get-HaproxyServer / raw read (target <= 1.5)'                     = (M '5a') / (M '5b')
    '5: Get-HaproxyStat / the same raw read (show servers state + show stat)' = (M '5c') / (M '5b')
    '5: Get-HaproxyStat / raw show stat alone'                            = (M '5c') / (M '5d')
    '7: 10,000-entry map swap, 5 nodes in parallel / one node (target <= 1.5)' = (M '7b') / (M '7a')
    '7: 10,000-entry map swap, 5 nodes one by one / one node'            = (M '7c') / (M '7a')
    '7: raw floor of the swap, 5 nodes at once / one node (what this machine allows)' = (M '7h') / (M '7g')
    '7: 10,000-entry map swap, 5 nodes in parallel / raw floor on 5 nodes at once' = (M '7b') / (M '7h')
    '7: 1,000-server state change, 5 nodes in parallel / one node (target <= 1.5)' = (M '7e') / (M '7d')
    '7: 1,000-server state change, 5 nodes one by one / one node'        = (M '7f') / (M '7d')
}
foreach ($k in @($ratios.Keys)) { if ($null -ne $ratios[$k] -and [double]::IsNaN($ratios[$k])) { $ratios[$k] = $null } }
$result = [ordered]@{
    date      = (Get-Date).ToString('u')
    haproxy   = (& $HaproxyPath -v | Select-Object -First 1)
    runs      = $Runs
    medianMs  = $m
    ratios    = $ratios
    memoryMb  = [ordered]@{ baselinePwsh = $baseMb; load50k = $memLoadHalf; load100k = $memLoad; read10kServers = $memRead; load50kAboveBaseline = $memLoadHalf - $baseMb; load100kAboveBaseline = $memLoad - $baseMb; read10kAboveBaseline = $memRead - $baseMb }
    pinned    = if ($taskset) { $pinnedScenarios } else { @() }
}
$result | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $OutDir 'results.json')
$md = @('| scenario | median ms |', '|---|---:|')
$md += $m.GetEnumerator() | ForEach-Object { "| $($_.Key) | $($_.Value) |" }
$md += '', '| ratio | value |', '|---|---:|'
$md += $ratios.GetEnumerator() | ForEach-Object { "| $($_.Key) | $(if ($null -ne $_.Value) { [math]::Round($_.Value, 2) } else { 'n/a' }) |" }
$md += '', "Peak working set: pwsh with the module $baseMb MB; loading 50,000 entries $memLoadHalf MB, 100,000 entries $memLoad MB; reading 10,000 servers $memRead MB."
$md | Set-Content (Join-Path $OutDir 'results.md')
$md | Write-Host
