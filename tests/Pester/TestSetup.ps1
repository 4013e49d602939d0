# Dot-sourced by every *.Tests.ps1 in BeforeAll: loads the built module and the HAProxy lab helpers.
# The module under test is the one build.ps1 laid out ($env:HAPROXYRUNTIME_MODULE), never a copy from elsewhere.
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:HAPROXYRUNTIME_MODULE) { $env:HAPROXYRUNTIME_MODULE } else { Join-Path $repoRoot 'out/HaproxyRuntime/HaproxyRuntime.psd1' }
if (-not (Test-Path $modulePath)) { throw "The module is not built: $modulePath. Run ./build.ps1 Build first." }
Import-Module $modulePath -Force
Import-Module (Join-Path $repoRoot 'build/HaproxyLab.psm1') -Force
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }

function Get-LabServerState {
    <# Independent view of a server through the lab's own socket (not through the module): the admin-state and
       operational-state columns of 'show servers state', or $null when the server does not exist. #>
    param($Lab, [string] $Backend, [string] $Server)
    $text = Invoke-LabSocket -Lab $Lab -Command "show servers state $Backend"
    foreach ($line in $text -split "`n") {
        $f = $line -split ' '
        if ($f.Count -gt 6 -and $f[1] -eq $Backend -and $f[3] -eq $Server) {
            return [pscustomobject]@{ Address = $f[4]; OpState = [int]$f[5]; AdminState = [int]$f[6]; Weight = [int]$f[7]; CheckState = [int]$f[13]; Port = $f[18] }
        }
    }
    $null
}

function Get-LabBackendNames {
    param($Lab)
    (Invoke-LabSocket -Lab $Lab -Command 'show backend') -split "`n" | Where-Object { $_ -and $_ -notlike '#*' }
}

function Get-LabMapLines {
    <# 'show map <map>' lines without the reference column: "key value". #>
    param($Lab, [string] $Map)
    (Invoke-LabSocket -Lab $Lab -Command "show map $Map") -split "`n" | Where-Object { $_ } | ForEach-Object { $_.Substring($_.IndexOf(' ') + 1) }
}
