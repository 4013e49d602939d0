# Issue "Fleet", first slice: Update-HaproxyMap over several HAProxy nodes is two-phase. Every node loads the new
# version first; it is committed on each only when all loaded; when one node fails to load, no node commits and every
# live map is unchanged. Each node's map is read through that node's own socket, never through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # virt@fleet.map is a string map on the first two nodes and an address map (map_ip) on the third, which therefore
    # refuses keys that are not addresses: a way to make exactly one node fail.
    $labs = @(
        foreach ($kind in 'str', 'str', 'ip') {
            $use = if ($kind -eq 'ip') { 'src,map_ip(virt@fleet.map,none)' } else { 'path,map_str(virt@fleet.map,none)' }
            Start-HaproxyLab -ExtraConfig @"

frontend fleetfront
    bind 127.0.0.1:$(Get-FreeTcpPort)
    http-request set-header X-Fleet %[$use]
    http-request return status 200 content-type text/plain string "fleet"
"@
        }
    )
    $sessions = @($labs | ForEach-Object { Connect-Haproxy -Endpoint $_.AdminSocket -Timeout 5s -NoDefault })
    function Get-FleetMaps { foreach ($lab in $labs) { ,@(Get-LabMapLines -Lab $lab virt@fleet.map | Sort-Object) } }
}

AfterAll {
    if ($sessions) { $sessions | Disconnect-Haproxy -Confirm:$false }
    foreach ($lab in $labs) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Update-HaproxyMap over several nodes' {
    It 'commits the same content on every node, and says how far apart the commits were' {
        $records = Update-HaproxyMap -Map virt@fleet.map -Entry @{ '10.0.0.1' = 'a'; '10.0.0.2' = 'b' } -Session $sessions -Confirm:$false -Verbose 4>&1
        foreach ($node in Get-FleetMaps) { $node | Should -BeExactly @('10.0.0.1 a', '10.0.0.2 b') }
        @($records | Where-Object { "$_" -match '^Commit skew: [\d.]+ ms between the first and the last of 3 commits\.$' }) | Should -HaveCount 1
        # Every node loaded before any committed: the three commits are the last CLI lines sent.
        $lines = @($records | ForEach-Object { "$_" } | Where-Object { $_ -match '^\[[^\]]+\] (prepare|add|commit) map' })
        @($lines | Select-Object -Last 3 | Where-Object { $_ -match '\] commit map ' }) | Should -HaveCount 3
        @($lines | Where-Object { $_ -match '\] commit map ' }) | Should -HaveCount 3
    }

    It 'commits nowhere when one node fails to load: an error per node, every live map unchanged' {
        $before = @(Get-FleetMaps)
        $err = $null
        Update-HaproxyMap -Map virt@fleet.map -Entry @{ 'not-an-ip' = 'x'; '10.0.0.3' = 'c' } -Session $sessions -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 3
        # The failing node's own refusal comes first (while loading), then one per node that loaded but did not commit.
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -Match 'not-an-ip'
        foreach ($e in $err[1..2]) {
            $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
            $e.Exception.Message | Should -Match 'no node committed'
            $e.Exception.Message | Should -Match ([regex]::Escape($sessions[2].Name))
        }
        $after = @(Get-FleetMaps)
        for ($i = 0; $i -lt 3; $i++) { $after[$i] | Should -BeExactly $before[$i] }
        # The next replacement works everywhere: nothing was left half-done.
        Update-HaproxyMap -Map virt@fleet.map -Entry @{ '10.0.0.4' = 'd' } -Session $sessions -Confirm:$false
        foreach ($node in Get-FleetMaps) { $node | Should -BeExactly @('10.0.0.4 d') }
    }

    It '-WhatIf lists each node''s differences and sends no change' {
        $before = @(Get-FleetMaps)
        Update-HaproxyMap -Map virt@fleet.map -Entry @{ '10.0.0.9' = 'z' } -Session $sessions -WhatIf
        $after = @(Get-FleetMaps)
        for ($i = 0; $i -lt 3; $i++) { $after[$i] | Should -BeExactly $before[$i] }
    }
}
