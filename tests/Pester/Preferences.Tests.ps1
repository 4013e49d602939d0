# ShouldProcess through preference variables, not only -WhatIf/-Confirm: the cmdlets skip PowerShell's per-record
# ShouldProcess call when it can only say yes silently, so each way it can say something else is checked here against
# the real HAProxy state (through the lab's own socket).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    function Get-PrefEntryCount([string] $Prefix) { @(Get-LabMapLines -Lab $lab -Map virt@paths.map | Where-Object { $_ -like "$Prefix*" }).Count }
    $rows = 1..50 | ForEach-Object { [pscustomobject]@{ Map = 'virt@paths.map'; Key = "/pref$_"; Value = 'webservers' } }
}

AfterAll {
    Disconnect-Haproxy -Session $session -Confirm:$false
    Stop-HaproxyLab -Lab $lab
}

Describe 'ShouldProcess driven by preference variables' {
    BeforeEach { $null = Invoke-LabSocket -Lab $lab -Command 'clear map virt@paths.map' }

    It 'adds every piped entry when nothing asks to confirm (the fast path)' {
        $rows | Add-HaproxyMapEntry
        Get-PrefEntryCount '/pref' | Should -Be 50
    }

    It '$WhatIfPreference = $true: nothing is added, and each entry is announced' {
        $lines = Get-WhatIfLines { & { $WhatIfPreference = $true; $rows | Add-HaproxyMapEntry } }
        Get-PrefEntryCount '/pref' | Should -Be 0
        $lines.Count | Should -Be 50
        $lines[0] | Should -Match "add map virt@paths.map /pref1 webservers"
    }

    It '-WhatIf:$false overrides $WhatIfPreference' {
        & { $WhatIfPreference = $true; $rows | Add-HaproxyMapEntry -WhatIf:$false }
        Get-PrefEntryCount '/pref' | Should -Be 50
    }

    It '$ConfirmPreference = Low asks for the low-impact Add-HaproxyMapEntry (refused in a non-interactive host): nothing added' {
        $err = $null
        try { & { $ConfirmPreference = 'Low'; $rows | Select-Object -First 3 | Add-HaproxyMapEntry -ErrorAction Stop } } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        Get-PrefEntryCount '/pref' | Should -Be 0
    }

    It '-Confirm:$false overrides $ConfirmPreference = Low' {
        & { $ConfirmPreference = 'Low'; $rows | Add-HaproxyMapEntry -Confirm:$false }
        Get-PrefEntryCount '/pref' | Should -Be 50
    }

    It '$ConfirmPreference = None never asks, even for high-impact Remove-HaproxyMapEntry' {
        $rows | Add-HaproxyMapEntry
        & { $ConfirmPreference = 'None'; $rows | Select-Object -First 10 | Remove-HaproxyMapEntry }
        Get-PrefEntryCount '/pref' | Should -Be 40
    }

    It 'high-impact Remove-HaproxyMapEntry still asks by default (refused in a non-interactive host): nothing removed' {
        $rows | Add-HaproxyMapEntry
        $err = $null
        try { $rows | Select-Object -First 1 | Remove-HaproxyMapEntry -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        Get-PrefEntryCount '/pref' | Should -Be 50
    }

    It '-Verbose shows ShouldProcess''s own line and the CLI line for every piped entry' {
        $verbose = $rows | Select-Object -First 3 | Add-HaproxyMapEntry -Verbose 4>&1 | ForEach-Object { "$_" }
        ($verbose -match 'Performing the operation').Count | Should -Be 3
        ($verbose -match '^\[.*\] add map virt@paths.map /pref\d webservers$').Count | Should -Be 3
        Get-PrefEntryCount '/pref' | Should -Be 3
    }

    It '$VerbosePreference = Continue in scope also shows the CLI lines' {
        $verbose = & { $VerbosePreference = 'Continue'; $rows | Select-Object -First 2 | Add-HaproxyMapEntry } 4>&1 | ForEach-Object { "$_" }
        ($verbose -match '^\[.*\] add map virt@paths.map /pref\d webservers$').Count | Should -Be 2
    }
}
