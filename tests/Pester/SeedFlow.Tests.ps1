# The seed flow from DEVELOPERS.md, end to end, checking HAProxy's state after every step through the lab's own
# socket (independent of the module), and routing through the frontend before, during and after.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Seed flow: add -> publish -> map -> maint -> wait -> del -> unpublish -> del backend -> del map' {
    It 'routes /test to the default backend before the flow' {
        Invoke-LabRequest -Lab $lab -Path '/test' | Should -Be 'served by webservers'
    }

    It 'add backend mybackend1 from mydefaults' {
        $backend = Add-HaproxyBackend -Name mybackend1 -From mydefaults -PassThru
        $backend.Name | Should -Be 'mybackend1'
        $backend.Published | Should -BeFalse
        Get-LabBackendNames -Lab $lab | Should -Contain 'mybackend1'
    }

    It 'add server mybackend1/web1 (health-checked, on a loopback port the test owns)' {
        $server = Add-HaproxyServer -Backend mybackend1 -Name web1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -PassThru
        $server.AdminState | Should -Be 'Maint'   # dynamic servers start in maintenance
        $state = Get-LabServerState -Lab $lab -Backend mybackend1 -Server web1
        $state.Address | Should -Be '127.0.0.1'
        $state.Port | Should -Be "$($lab.DynamicAppPort)"
    }

    It 'enable server ; enable health' {
        Enable-HaproxyServer -Backend mybackend1 -Name web1
        $server = Enable-HaproxyHealthCheck -Backend mybackend1 -Name web1 -PassThru
        $server.AdminState | Should -Be 'Ready'
        $server.HealthCheckEnabled | Should -BeTrue
        (Get-LabServerState -Lab $lab -Backend mybackend1 -Server web1).AdminState | Should -Be 0
    }

    It 'publish backend mybackend1' {
        (Publish-HaproxyBackend -Name mybackend1 -PassThru).Published | Should -BeTrue
        Get-LabBackendStatus -Lab $lab mybackend1 | Should -Not -BeLike '*UNPUB*'
    }

    It 'add map virt@paths.map /test mybackend1, and /test reaches the new backend' {
        Add-HaproxyMapEntry -Map virt@paths.map -Key /test -Value mybackend1
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -Be @('/test mybackend1')
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-HaproxyServer mybackend1 web1).OperationalState -ne 'Running' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Invoke-LabRequest -Lab $lab -Path '/test' | Should -Be 'served by mybackend1'
    }

    It 'backs the server out in one pipeline: maint | wait | del' {
        Get-HaproxyServer -Backend mybackend1 -Name web1 |
            Set-HaproxyServerState -State Maint -PassThru |
            Wait-HaproxyRemovable -Timeout 2s -PassThru |
            Remove-HaproxyServer -Confirm:$false
        Get-LabServerState -Lab $lab -Backend mybackend1 -Server web1 | Should -BeNullOrEmpty
    }

    It 'unpublish backend mybackend1' {
        (Unpublish-HaproxyBackend -Name mybackend1 -PassThru).Published | Should -BeFalse
        Get-LabBackendStatus -Lab $lab mybackend1 | Should -Not -BeNullOrEmpty
    }

    It 'wait be-removable ; del backend mybackend1' {
        Wait-HaproxyRemovable -Backend mybackend1 -Timeout 2s
        Remove-HaproxyBackend -Name mybackend1 -Confirm:$false
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'mybackend1'
    }

    It 'del map virt@paths.map /test, and /test is back on the default backend' {
        Remove-HaproxyMapEntry -Map virt@paths.map -Key /test -Confirm:$false
        Get-LabMapLines -Lab $lab -Map virt@paths.map | Should -BeNullOrEmpty
        Invoke-LabRequest -Lab $lab -Path '/test' | Should -Be 'served by webservers'
    }
}
