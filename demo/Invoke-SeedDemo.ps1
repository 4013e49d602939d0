<#
.SYNOPSIS
The seed flow end to end: a HAProxy 3.4 dynamic backend added, published, routed to, drained and removed, with
the HaproxyRuntime cmdlets against a local HAProxy started for the demo (loopback only). On an older HAProxy line
(build.ps1 Demo -HaproxyVersion 3.2) it says which steps need 3.4, skips them, and runs the server life cycle in the
configuration's backend instead.

.DESCRIPTION
Starts HAProxy 3.4 with the seed's configuration on free 127.0.0.1 ports (frontend myfrontend1 routing with
use_backend %[path,map_beg(virt@paths.map)], default backend webservers). Two small HTTP applications answer on
loopback: "served by webservers" behind the default backend and "served by mybackend1" where the new dynamic server
points. A request to /test reaches the default application before the flow, the new backend once the map entry
exists, and the default application again after clean-up. Every step prints the objects the cmdlet returns.

On HAProxy 3.4 a bounded load client (loopback only; it stops by itself) sends GET /test throughout, and the demo runs
the flow twice: in the seed's order, whose back-out puts the only server of a published, routed backend into
maintenance first (requests fail until it is unpublished; the module warns), then in the module's safe order
(init-state down, Publish-HaproxyBackend -WaitHealthy, Remove-HaproxyBackend -Drain -Map), and prints the failed
requests of each phase.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HaproxyPath
)
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $PSScriptRoot '../build/HaproxyLab.psm1')
Import-Module $ModulePath

function Step([string] $Title) { Write-Host "`n=== $Title" }
function Show($InputObject) { $InputObject | Format-Table -AutoSize | Out-String -Width 160 | Write-Host }
function Assert-Route([string] $Expected) {
    $body = Invoke-LabRequest -Lab $lab -Path '/test'
    Write-Host "GET /test -> '$body'"
    if ($body -ne $Expected) { throw "Routing check failed: expected '$Expected', got '$body'." }
}

$lab = Start-HaproxyLab -HaproxyPath $HaproxyPath
try {
    Write-Host "HAProxy $($lab.ProcessId) started: admin socket $($lab.AdminEndpoint), frontend $($lab.FrontendUrl)"

    Step 'Connect-Haproxy'
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    Show $session
    Assert-Route 'served by webservers'

    if ($session.VersionNumber -lt [version]'3.4') {
        # Dynamic backends (add/publish/unpublish/del backend) are HAProxy 3.4's. On an older line the demo shows the
        # same server life cycle in the configuration's backend instead: added, in service, drained, removed.
        Write-Host "`nHAProxy $($session.Version) has no dynamic backends (HAProxy 3.4): the steps 'add backend',"
        Write-Host "'publish backend', 'unpublish backend' and 'del backend' are skipped. The new server joins the"
        Write-Host "configuration's backend 'webservers' instead, and takes its traffic while web1 is in maintenance."
        Write-Host "(The cmdlets for those steps would fail at once with HaproxyFeatureNotSupported, nothing sent.)"

        Step "add server webservers/web2 127.0.0.1:$($lab.DynamicAppPort) check port $($lab.DynamicAppPort)"
        Show (Add-HaproxyServer -Backend webservers -Name web2 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -PassThru)

        Step 'enable server webservers/web2 ; enable health webservers/web2 ; set server webservers/web1 state maint'
        Enable-HaproxyServer -Backend webservers -Name web2
        Enable-HaproxyHealthCheck -Backend webservers -Name web2
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-HaproxyServer webservers web2).OperationalState -ne 'Running') {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'webservers/web2 did not come up within 10 s.' }
            Start-Sleep -Milliseconds 100
        }
        Show (Set-HaproxyServerState -Backend webservers -Name web1 -State Maint -PassThru)
        Assert-Route 'served by mybackend1'

        Step '--- and back out: set server webservers/web1 state ready ; web2: maint ; wait 2s srv-removable ; del server'
        Set-HaproxyServerState -Backend webservers -Name web1 -State Ready
        Get-HaproxyServer -Backend webservers -Name web2 |
            Set-HaproxyServerState -State Maint -PassThru |
            Wait-HaproxyRemovable -Timeout 2s -PassThru |
            Remove-HaproxyServer -Confirm:$false -Verbose 4>&1 | ForEach-Object { Write-Host $_ }
        Show (Get-HaproxyServer -Backend webservers)
        Assert-Route 'served by webservers'
    }
    else {
        # Traffic runs through the whole flow: 4 client threads on loopback, a new connection per request, counted per
        # phase (it stops by itself after 90 s or 400,000 requests, whatever happens to this script).
        $traffic = Start-LabTraffic -Lab $lab -Path /test -Threads 4 -Duration 90s -MaxRequests 400000 -Phase 'before'
        $phases = $null
        try {
            Start-Sleep -Milliseconds 300

            Write-Host "`n##### Part 1: the seed's order, under traffic (GET /test, 4 client threads)"
            Set-LabTrafficPhase $traffic 'seed: add, publish, route'
            Step 'add backend mybackend1 from mydefaults'
            Show (Add-HaproxyBackend -Name mybackend1 -From mydefaults -PassThru)

            Step "add server mybackend1/web1 127.0.0.1:$($lab.DynamicAppPort) check port $($lab.DynamicAppPort)"
            # The seed names 172.16.0.12:8080; a health-checked server must point at a loopback port we own, so the
            # demo's checked server targets the demo application. (Naming a remote address is fine only without 'check'.)
            Show (Add-HaproxyServer -Backend mybackend1 -Name web1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -PassThru)

            Step 'enable server mybackend1/web1 ; enable health mybackend1/web1'
            Enable-HaproxyServer -Backend mybackend1 -Name web1
            Show (Enable-HaproxyHealthCheck -Backend mybackend1 -Name web1 -PassThru)

            Step 'publish backend mybackend1'
            Show (Publish-HaproxyBackend -Name mybackend1 -PassThru)

            Step 'add map virt@paths.map /test mybackend1'
            Show (Add-HaproxyMapEntry -Map virt@paths.map -Key /test -Value mybackend1 -PassThru)
            Show (Get-HaproxyMapEntry -Map virt@paths.map)
            Wait-HaproxyServer -Backend mybackend1 -Name web1 -Timeout 10s
            Assert-Route 'served by mybackend1'
            Set-LabTrafficPhase $traffic 'seed: routed to mybackend1'
            Start-Sleep -Milliseconds 500

            Set-LabTrafficPhase $traffic "seed: back-out (maint first)"
            Step '--- and back out: set server mybackend1/web1 state maint ; wait 2s srv-removable ; del server'
            # The seed's order: the only server of a backend that is still published and routed goes into maintenance,
            # so requests routed to it fail (503) until it is unpublished. The module says so (the warning below).
            Get-HaproxyServer -Backend mybackend1 -Name web1 |
                Set-HaproxyServerState -State Maint -PassThru -WarningVariable lossy -WarningAction SilentlyContinue |
                Wait-HaproxyRemovable -Timeout 2s -PassThru |
                Remove-HaproxyServer -Confirm:$false -Verbose 4>&1 | ForEach-Object { Write-Host $_ }
            foreach ($w in $lossy) { Write-Host "WARNING: $w" }
            Show (Get-HaproxyServer -Backend mybackend1)

            Step 'unpublish backend mybackend1'
            Show (Unpublish-HaproxyBackend -Name mybackend1 -PassThru)

            Step 'wait 2s be-removable mybackend1 ; del backend mybackend1'
            Wait-HaproxyRemovable -Backend mybackend1 -Timeout 2s
            Remove-HaproxyBackend -Name mybackend1 -Confirm:$false
            Show (Get-HaproxyBackend)

            Step 'del map virt@paths.map /test'
            Remove-HaproxyMapEntry -Map virt@paths.map -Key /test -Confirm:$false
            Show (Get-HaproxyMapEntry -Map virt@paths.map)
            Assert-Route 'served by webservers'
            Set-LabTrafficPhase $traffic 'between'
            Start-Sleep -Milliseconds 300

            Write-Host "`n##### Part 2: the module's safe path, under the same traffic"
            Set-LabTrafficPhase $traffic 'safe: add, wait healthy, publish, route'
            Step 'add backend ; add server ... check init-state down ; enable server ; enable health'
            Add-HaproxyBackend -Name mybackend1 -From mydefaults
            # init-state down: no request reaches the server before its first health check has passed.
            Show (Add-HaproxyServer -Backend mybackend1 -Name web1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -InitState Down -PassThru)
            Enable-HaproxyServer -Backend mybackend1 -Name web1
            Enable-HaproxyHealthCheck -Backend mybackend1 -Name web1

            Step 'Publish-HaproxyBackend -WaitHealthy (publishes once a server has passed its check) ; add map'
            Show (Publish-HaproxyBackend -Name mybackend1 -WaitHealthy -Timeout 10s -PassThru)
            Add-HaproxyMapEntry -Map virt@paths.map -Key /test -Value mybackend1
            Assert-Route 'served by mybackend1'
            Set-LabTrafficPhase $traffic 'safe: routed to mybackend1'
            Start-Sleep -Milliseconds 500

            Set-LabTrafficPhase $traffic 'safe: back-out (Remove-HaproxyBackend -Drain -Map)'
            Step 'Remove-HaproxyBackend -Drain -Map virt@paths.map (unpublish, del map entries, drain, maint, wait, del server, del backend)'
            Remove-HaproxyBackend -Name mybackend1 -Drain -Map virt@paths.map -Timeout 5s -Confirm:$false -Verbose 4>&1 | ForEach-Object { Write-Host $_ }
            Show (Get-HaproxyBackend)
            Show (Get-HaproxyMapEntry -Map virt@paths.map)
            Assert-Route 'served by webservers'
            Set-LabTrafficPhase $traffic 'after'
            Start-Sleep -Milliseconds 300
        }
        finally {
            $phases = @(Stop-LabTraffic $traffic)
        }

        Step 'Requests during each phase (a failed request: any status but 2xx, or none)'
        $phases | Format-LabTraffic | ForEach-Object { Write-Host "  $_" }
        $seedLoss = ($phases | Where-Object Name -like 'seed:*' | Measure-Object -Property Failed -Sum).Sum
        $safeLoss = ($phases | Where-Object Name -like 'safe:*' | Measure-Object -Property Failed -Sum).Sum
        Write-Host "`nFailed requests: the seed's order $seedLoss, the module's safe path $safeLoss."
        if ($safeLoss -gt 0) { Write-Host 'The safe path lost requests: see the phases above.' }
    }

    Disconnect-Haproxy
    if ($session.VersionNumber -lt [version]'3.4') {
        Write-Host "`nDemo complete on HAProxy $($session.Version): the server life cycle ran and routing followed every step (dynamic backends need 3.4)."
    }
    else {
        Write-Host "`nDemo complete: the seed flow ran end to end and routing followed every step."
    }
}
finally {
    Stop-HaproxyLab -Lab $lab
}
