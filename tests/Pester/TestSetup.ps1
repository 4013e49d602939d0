# Dot-sourced by every *.Tests.ps1 (in BeforeAll, and in BeforeDiscovery where discovery needs the module): loads the
# built module and the lab helpers (HaproxyTestLab.psm1, which starts and stops HAProxy and reads its state through the
# lab's own socket). The module under test is the one build.ps1 laid out ($env:HAPROXYRUNTIME_MODULE), never a copy from
# elsewhere; $modulePath is left for the tests that load it into another runspace or process.
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:HAPROXYRUNTIME_MODULE) { $env:HAPROXYRUNTIME_MODULE } else { Join-Path $repoRoot 'out/HaproxyRuntime/HaproxyRuntime.psd1' }
if (-not (Test-Path $modulePath)) { throw "The module is not built: $modulePath. Run ./build.ps1 Build first." }
Import-Module $modulePath -Force
Import-Module (Join-Path $PSScriptRoot 'HaproxyTestLab.psm1') -Force
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
