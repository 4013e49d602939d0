# The module against older HAProxy lines (issue "Every HAProxy in production"). Each line runs in its own lab, installed
# by build/install-haproxy.sh beside 3.4 without touching the system. What a line has must work (checked through the
# lab's own socket); what it lacks must fail at once with HaproxyFeatureNotSupported, nothing sent.
BeforeDiscovery {
    # The lines the module speaks besides 3.4 (before 3.2 the session frames answers by HAProxy's '> ' prompt).
    $lines = @('3.2', '3.0', '2.6')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'HAProxy <_>' -ForEach $lines {
    BeforeAll {
        $line = $_
        # A Lua CLI command whose answer lines begin with '> ', HAProxy's prompt before 3.2.
        $lua = Join-Path $TestDrive "quotes-$line.lua"
        Set-Content -LiteralPath $lua -Value @'
core.register_cli({"show", "labquotes"}, "lines that begin with '> '", function(applet)
    applet:send("> first\n> second\nthird\n")
end)
'@
        # holdbe: a backend to hold a client connection on (no backend can be added at run time before 3.4).
        $lab = Start-HaproxyLab -HaproxyPath (Resolve-HaproxyBinary -Line $line) -ExtraGlobal "    lua-load $lua" `
            -ExtraConfig "backend holdbe`n    timeout server 4s"
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
        $app = $lab.DynamicAppPort
        # What the line has (HaproxyCapabilities): 'wait' and virtual maps since 3.0.
        $hasWait = [version]$line -ge [version]'3.0'
    }

    AfterAll {
        if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'connects, and the session knows the version it talks to' {
        "$($session.VersionNumber.Major).$($session.VersionNumber.Minor)" | Should -BeExactly $line
        $session.Version | Should -BeExactly (Invoke-LabSocket -Lab $lab -Command 'show version').Trim()
        $session.UsesPromptFraming | Should -Be ([version]$line -lt [version]'3.2')
    }

    It '<Name> fails at once with HaproxyFeatureNotSupported naming 3.4, and sends nothing' -ForEach @(
        @{ Name = 'Add-HaproxyBackend'; Run = { Add-HaproxyBackend -Name nb1 -From mydefaults } }
        @{ Name = 'Publish-HaproxyBackend'; Run = { Publish-HaproxyBackend -Name webservers } }
        @{ Name = 'Unpublish-HaproxyBackend'; Run = { Unpublish-HaproxyBackend -Name webservers } }
        @{ Name = 'Remove-HaproxyBackend'; Run = { Remove-HaproxyBackend -Name webservers -Confirm:$false } }
        @{ Name = 'Remove-HaproxyBackend'; Run = { Remove-HaproxyBackend -Name webservers -Drain -Timeout 1s -Confirm:$false } }
        @{ Name = 'Wait-HaproxyRemovable'; Run = { Wait-HaproxyRemovable -Backend webservers -Timeout 1s } }
    ) {
        # What these commands would change: the backends there are, and whether webservers is published.
        $state = { "$(Get-LabBackendNames -Lab $lab) | $((Get-LabStat -Lab $lab webservers BACKEND).status) | $(@(Get-LabServerRows -Lab $lab webservers).Count)" }
        $before = & $state
        $thrown = Get-ThrownError { & $Run }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike "HaproxyFeatureNotSupported,*"
        $thrown.CategoryInfo.Category | Should -Be 'NotImplemented'
        "$thrown" | Should -BeLike "$Name requires HAProxy 3.4 or later (connected: $($session.Version))*Nothing was sent."
        & $state | Should -BeExactly $before
    }

    It 'no CLI line is shown as sent for a refused request' {
        # The refusal is terminating (every input would meet it), so it is caught here.
        $records = @(try { Add-HaproxyBackend -Name nb2 -From mydefaults -Verbose 4>&1 } catch { })
        Get-VerboseLines $records | Should -BeNullOrEmpty
    }

    It 'servers: add, enable, weight, maintenance and remove work, checked through the lab' {
        $out = Add-HaproxyServer -Backend webservers -Name v1 -Address 127.0.0.1 -Port $app -PassThru
        $out.AdminState | Should -Be 'Maint'
        Enable-HaproxyServer -Backend webservers -Name v1
        (Get-LabServerState -Lab $lab -Backend webservers -Server v1).AdminState | Should -Be 0
        Set-HaproxyServer -Backend webservers -Name v1 -Weight 7
        (Get-LabServerState -Lab $lab -Backend webservers -Server v1).Weight | Should -Be 7
        Set-HaproxyServerState -Backend webservers -Name v1 -State Maint
        Remove-HaproxyServer -Backend webservers -Name v1 -Confirm:$false
        Get-LabServerState -Lab $lab -Backend webservers -Server v1 | Should -BeNullOrEmpty
    }

    It 'Remove-HaproxyServer -Drain: drains, waits (before 3.0 by polling show stat, said in -Verbose) and removes' {
        Add-HaproxyServer -Backend webservers -Name v2 -Address 127.0.0.1 -Port $app
        Enable-HaproxyServer -Backend webservers -Name v2
        $records = @(Remove-HaproxyServer -Backend webservers -Name v2 -Drain -Timeout 2s -Confirm:$false -Verbose 4>&1)
        Get-LabServerState -Lab $lab -Backend webservers -Server v2 | Should -BeNullOrEmpty
        $verbose = Get-VerboseLines $records
        if ($hasWait) {
            $verbose | Should -Contain "[$($session.Name)] set timeout cli 12s;wait 2000ms srv-removable webservers/v2"
        }
        else {
            $verbose | Should -Contain "[$($session.Name)] HAProxy before 3.0 has no 'wait': polling webservers/v2's sessions with 'show stat' for up to 2000ms instead."
            $verbose | Should -Contain "[$($session.Name)] show stat webservers 4 -1"
        }
    }

    # 3.0 and 3.2 answer a bare 'Failed.' here: pending its answer rule.
    It 'Wait-HaproxyRemovable -Server: fails at once for a server in service (HaproxyObjectNotRemovable)' -Skip:($_ -in '3.0', '3.2') {
        Add-HaproxyServer -Backend webservers -Name v3 -Address 127.0.0.1 -Port $app
        Enable-HaproxyServer -Backend webservers -Name v3
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $thrown = Get-ThrownError { Wait-HaproxyRemovable -Backend webservers -Server v3 -Timeout 5s -ErrorAction Stop }
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        (Get-LabServerState -Lab $lab -Backend webservers -Server v3).AdminState | Should -Be 0
        Set-HaproxyServerState -Backend webservers -Name v3 -State Maint
        Remove-HaproxyServer -Backend webservers -Name v3 -Confirm:$false
    }

    It 'Wait-HaproxyRemovable: HaproxyWaitTimeout while a stream is attached; done once it ends, within the timeout' {
        # holdbe's 'timeout server 4s' ends the held stream by itself (HAProxy answers the client 504).
        $held = New-HeldConnection -Lab $lab -Backend holdbe -Server h1 -ConfiguredBackend
        try {
            Set-HaproxyServerState -Backend holdbe -Name h1 -State Maint
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $thrown = Get-ThrownError { Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 1s -ErrorAction Stop }
            $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
            $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyWaitTimeout,*'
            (Get-LabServerState -Lab $lab -Backend holdbe -Server h1).AdminState | Should -Be 1
            $out = Wait-HaproxyRemovable -Backend holdbe -Server h1 -Timeout 10s -PassThru
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 8
            Get-LabServerCurrentSessions -Lab $lab -Backend holdbe -Server h1 | Should -Be 0
            $out.FullName | Should -BeExactly 'holdbe/h1'
            Remove-HaproxyServer -Backend holdbe -Name h1 -Confirm:$false
            Get-LabServerState -Lab $lab -Backend holdbe -Server h1 | Should -BeNullOrEmpty
        }
        finally { Close-HeldConnection $held -RemoveRoute }
    }

    It 'maps: entries added (also piped in bulk), replaced atomically, matched and removed' {
        $map = $lab.PathsMap
        Add-HaproxyMapEntry -Map $map -Key /v -Value webservers
        1..300 | ForEach-Object { [pscustomobject]@{ Map = $map; Key = "/k$_"; Value = 'webservers' } } | Add-HaproxyMapEntry
        @(Get-LabMapLines -Lab $lab $map).Count | Should -Be 301
        Update-HaproxyMap -Map $map -Entry @{ '/a' = 'webservers'; '/b' = 'webservers' } -Confirm:$false
        Get-LabMapLines -Lab $lab $map | Sort-Object | Should -Be @('/a webservers', '/b webservers')
        (Get-HaproxyMapEntry -Map $map -Match /a/x).Key | Should -BeExactly '/a'
        Remove-HaproxyMapEntry -Map $map -Key /a -Confirm:$false
        Get-LabMapLines -Lab $lab $map | Should -Be @('/b webservers')
    }

    It 'a virtual map (virt@) is refused at once before 3.0' -Skip:($_ -ne '2.6') {
        $thrown = Get-ThrownError { Add-HaproxyMapEntry -Map virt@other.map -Key /x -Value webservers }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HaproxyFeatureNotSupported,*'
        "$thrown" | Should -BeLike 'Add-HaproxyMapEntry requires HAProxy 3.0 or later*'
    }

    It 'Invoke-HaproxyCommand: a free-form answer whose lines begin with "> " is read whole; the session stays in step' {
        $reconnects = $session.Reconnects
        Invoke-HaproxyCommand -Command 'show labquotes' | Should -Be @('> first', '> second', 'third')
        (Invoke-HaproxyCommand -Command 'show version') | Should -BeExactly $session.Version
        $session.Reconnects | Should -Be $reconnects
    }

    It 'reads work: Get-HaproxyInfo, Get-HaproxyBackend, Get-HaproxyFrontend, Get-HaproxyServer' {
        (Get-HaproxyInfo).Version | Should -BeExactly $session.Version
        (Get-HaproxyBackend -Name webservers).Name | Should -BeExactly 'webservers'
        (Get-HaproxyFrontend -Name myfrontend1).Status | Should -BeExactly 'OPEN'
        (Get-HaproxyServer -Backend webservers -Name web1).Address | Should -BeExactly '127.0.0.1'
    }
}

