<#
.SYNOPSIS
The seed flow end to end: a HAProxy 3.4 dynamic backend added, published, routed to, drained and removed, with
the HaproxyRuntime cmdlets against a local HAProxy started for the demo (loopback only).

.DESCRIPTION
Starts HAProxy 3.4 with the seed's configuration on free 127.0.0.1 ports (frontend myfrontend1 routing with
use_backend %[path,map_beg(virt@paths.map)], default backend webservers). Two small HTTP applications answer on
loopback: "served by webservers" behind the default backend and "served by mybackend1" where the new dynamic server
points. A request to /test reaches the default application before the flow, the new backend once the map entry
exists, and the default application again after clean-up. Every step prints the objects the cmdlet returns.
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

    Step 'add backend mybackend1 from mydefaults'
    Show (Add-HaproxyBackend -Name mybackend1 -From mydefaults -PassThru)

    Step "add server mybackend1/web1 127.0.0.1:$($lab.DynamicAppPort) check port $($lab.DynamicAppPort)"
    # The seed names 172.16.0.12:8080; a health-checked server must point at a loopback port we own, so the demo's
    # checked server targets the demo application. (Naming a remote address is fine only without 'check'.)
    Show (Add-HaproxyServer -Backend mybackend1 -Name web1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -PassThru)

    Step 'enable server mybackend1/web1 ; enable health mybackend1/web1'
    Enable-HaproxyServer -Backend mybackend1 -Name web1
    Show (Enable-HaproxyHealthCheck -Backend mybackend1 -Name web1 -PassThru)

    Step 'publish backend mybackend1'
    Show (Publish-HaproxyBackend -Name mybackend1 -PassThru)

    Step 'add map virt@paths.map /test mybackend1'
    Show (Add-HaproxyMapEntry -Map virt@paths.map -Key /test -Value mybackend1 -PassThru)
    Show (Get-HaproxyMapEntry -Map virt@paths.map)
    # The first health check runs at once but takes a moment; wait until the server is UP before routing to it.
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ((Get-HaproxyServer mybackend1 web1).OperationalState -ne 'Running') {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'mybackend1/web1 did not come up within 10 s.' }
        Start-Sleep -Milliseconds 100
    }
    Assert-Route 'served by mybackend1'

    Step '--- and back out: set server mybackend1/web1 state maint ; wait 2s srv-removable ; del server'
    Get-HaproxyServer -Backend mybackend1 -Name web1 |
        Set-HaproxyServerState -State Maint -PassThru |
        Wait-HaproxyRemovable -Timeout 2s -PassThru |
        Remove-HaproxyServer -Confirm:$false -Verbose 4>&1 | ForEach-Object { Write-Host $_ }
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

    Disconnect-Haproxy
    Write-Host "`nDemo complete: the seed flow ran end to end and routing followed every step."
}
finally {
    Stop-HaproxyLab -Lab $lab
}
