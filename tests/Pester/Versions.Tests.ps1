# The module against older HAProxy lines (issue "Every HAProxy in production"). Each line runs in its own lab, installed
# by build/install-haproxy.sh beside 3.4 without touching the system. What a line has must work (checked through the
# lab's own socket); what it lacks must fail at once with HaproxyFeatureNotSupported, nothing sent.
BeforeDiscovery {
    # The lines the module speaks today besides 3.4 (3.0 and 2.6 need the pre-'prompt i' handshake: not yet).
    $lines = @('3.2')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'HAProxy <_>' -ForEach $lines {
    BeforeAll {
        $line = $_
        $lab = Start-HaproxyLab -HaproxyPath (Resolve-HaproxyBinary -Line $line)
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
        $app = $lab.DynamicAppPort
    }

    AfterAll {
        if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'connects, and the session knows the version it talks to' {
        "$($session.VersionNumber.Major).$($session.VersionNumber.Minor)" | Should -BeExactly $line
        $session.Version | Should -BeExactly (Invoke-LabSocket -Lab $lab -Command 'show version')
    }

    It '<Name> fails at once with HaproxyFeatureNotSupported naming 3.4, and sends nothing' -ForEach @(
        @{ Name = 'Add-HaproxyBackend'; Run = { Add-HaproxyBackend -Name nb1 -From mydefaults } }
        @{ Name = 'Publish-HaproxyBackend'; Run = { Publish-HaproxyBackend -Name webservers } }
        @{ Name = 'Unpublish-HaproxyBackend'; Run = { Unpublish-HaproxyBackend -Name webservers } }
        @{ Name = 'Remove-HaproxyBackend'; Run = { Remove-HaproxyBackend -Name webservers -Confirm:$false } }
        @{ Name = 'Remove-HaproxyBackend'; Run = { Remove-HaproxyBackend -Name webservers -Drain -Timeout 1s -Confirm:$false } }
        @{ Name = 'Wait-HaproxyRemovable'; Run = { Wait-HaproxyRemovable -Backend webservers -Timeout 1s } }
    ) {
        $before = Invoke-LabSocket -Lab $lab -Command 'show stat'
        $thrown = Get-ThrownError { & $Run }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike "HaproxyFeatureNotSupported,*"
        $thrown.CategoryInfo.Category | Should -Be 'NotImplemented'
        "$thrown" | Should -BeLike "$Name requires HAProxy 3.4 or later (connected: $($session.Version))*Nothing was sent."
        Invoke-LabSocket -Lab $lab -Command 'show stat' | Should -BeExactly $before
    }

    It 'no CLI line is shown as sent for a refused request' {
        # The refusal is terminating (every input would meet it), so it is caught here.
        $records = @(try { Add-HaproxyBackend -Name nb2 -From mydefaults -Verbose 4>&1 } catch { })
        Get-VerboseLines $records | Should -BeNullOrEmpty
    }

    It 'servers: add, enable, weight, maintenance, wait until removable and remove work, checked through the lab' {
        $out = Add-HaproxyServer -Backend webservers -Name v1 -Address 127.0.0.1 -Port $app -PassThru
        $out.AdminState | Should -Be 'Maint'
        Enable-HaproxyServer -Backend webservers -Name v1
        (Get-LabServerState -Lab $lab -Backend webservers -Server v1).AdminState | Should -Be 0
        Set-HaproxyServer -Backend webservers -Name v1 -Weight 7
        (Get-LabServerState -Lab $lab -Backend webservers -Server v1).Weight | Should -Be 7
        Set-HaproxyServerState -Backend webservers -Name v1 -State Maint
        Wait-HaproxyRemovable -Backend webservers -Server v1 -Timeout 2s
        Remove-HaproxyServer -Backend webservers -Name v1 -Confirm:$false
        Get-LabServerState -Lab $lab -Backend webservers -Server v1 | Should -BeNullOrEmpty
    }

    It 'Remove-HaproxyServer -Drain runs its whole plan' {
        Add-HaproxyServer -Backend webservers -Name v2 -Address 127.0.0.1 -Port $app
        Enable-HaproxyServer -Backend webservers -Name v2
        Remove-HaproxyServer -Backend webservers -Name v2 -Drain -Timeout 2s -Confirm:$false
        Get-LabServerState -Lab $lab -Backend webservers -Server v2 | Should -BeNullOrEmpty
    }

    It 'virtual maps: entries added, replaced atomically, matched and removed' {
        Add-HaproxyMapEntry -Map virt@paths.map -Key /v -Value webservers
        Update-HaproxyMap -Map virt@paths.map -Entry @{ '/a' = 'webservers'; '/b' = 'webservers' } -Confirm:$false
        Get-LabMapLines -Lab $lab virt@paths.map | Sort-Object | Should -Be @('/a webservers', '/b webservers')
        (Get-HaproxyMapEntry -Map virt@paths.map -Match /a/x).Key | Should -BeExactly '/a'
        Remove-HaproxyMapEntry -Map virt@paths.map -Key /a -Confirm:$false
        Get-LabMapLines -Lab $lab virt@paths.map | Should -Be @('/b webservers')
    }

    It 'reads work: Get-HaproxyInfo, Get-HaproxyBackend, Get-HaproxyFrontend, Get-HaproxyServer' {
        (Get-HaproxyInfo).Version | Should -BeExactly $session.Version
        (Get-HaproxyBackend -Name webservers).Name | Should -BeExactly 'webservers'
        (Get-HaproxyFrontend -Name myfrontend1).Status | Should -BeExactly 'OPEN'
        (Get-HaproxyServer -Backend webservers -Name web1).Address | Should -BeExactly '127.0.0.1'
    }
}

Describe 'HAProxy <_>: before 3.2' -ForEach @('3.0', '2.6') {
    BeforeAll {
        $line = $_
        $lab = Start-HaproxyLab -HaproxyPath (Resolve-HaproxyBinary -Line $line)
    }

    AfterAll {
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'Connect-Haproxy fails with HaproxyFeatureNotSupported naming 3.2 and the version it met, and leaves no session' {
        $before = @(Get-HaproxySession).Count
        Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 3s -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyFeatureNotSupported,*'
        $version = (Invoke-LabSocket -Lab $lab -Command 'show version').Trim()
        "$($err[0])" | Should -BeLike "Connect-Haproxy requires HAProxy 3.2 or later (connected: $version)*The connection was closed."
        @(Get-HaproxySession).Count | Should -Be $before
    }
}
