<#
.SYNOPSIS
Builds, tests and demonstrates the HaproxyRuntime module.

.DESCRIPTION
Tasks:
  Build   compile and lay out the importable module in out/HaproxyRuntime (dlls, psd1, format file, en-US help)
  Package Build, then pack that folder into out/package/HaproxyRuntime.<version>.nupkg with PowerShell's own
          PSResourceGet (Compress-PSResource: local, no repository, no network)
  Test    Build and Package, then xunit (client layer) and Pester against a real HAProxy 3.4 (and the compatibility
          suite, Versions.Tests.ps1, against 3.2, 3.0 and 2.6); prints "N passed, N failed". With -HaproxyVersion
          3.2, 3.0 or 2.6: xunit and that line's compatibility suite only
  Demo    Build, then run the seed flow (add backend ... del map) against a local HAProxy 3.4 started for it
  Bench   Build, then the benchmark (bench/Invoke-Benchmark.ps1): scenarios vs baselines, medians and ratios,
          written to out/bench/results.{json,md}; installs socat from Debian for the socat baseline
  Clean   remove out/

HAProxy: $env:HAPROXY_BIN or a `haproxy` >= 3.4 on PATH wins; otherwise 3.4 is installed from Debian's packages
into ~/.cache/haproxyruntime (see build/install-haproxy.sh). With -HaproxyVersion <line> (3.4, 3.2, 3.0 or 2.6),
$env:HAPROXY_BIN is used only if it is that line; otherwise that line is installed into its own folder,
~/.cache/haproxyruntime/haproxy-<line>, beside the others.

.EXAMPLE
dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 Test

.EXAMPLE
dotnet pwsh -NoProfile -File ./build.ps1 Test -HaproxyVersion 3.2
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester: run only the test files matching this (e.g. 'Maps').
    [string] $PesterFilter = '*',

    # The HAProxy line Test, Demo and Bench run against (installed if needed); default: 3.4 or later, as found above.
    [ValidatePattern('^\d+\.\d+$')]
    [string] $HaproxyVersion
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'
$env:NO_COLOR = '1'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'HaproxyRuntime'
$ResultsDir = Join-Path $OutDir 'test-results'
$PackageDir = Join-Path $OutDir 'package'
$PesterVersion = '5.7.1'

# A plain (non-advanced) function, so native flags such as -o are passed through instead of matching common parameters.
function Invoke-Native {
    $file, $arguments = $args
    & $file @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$file $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'HaproxyRuntime.psd1')).ModuleVersion
}

function Invoke-BuildTask {
    $version = Get-ModuleVersion
    $publishDir = Join-Path $OutDir 'publish'
    Write-Host "Building HaproxyRuntime $version ($Configuration)"
    Invoke-Native dotnet publish (Join-Path $Root 'src/HaproxyRuntime.PowerShell/HaproxyRuntime.PowerShell.csproj') `
        -c $Configuration -o $publishDir "-p:Version=$version" --nologo -v quiet
    if (Test-Path $ModuleDir) { Remove-Item -Recurse -Force $ModuleDir }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    foreach ($file in 'HaproxyRuntime.PowerShell.dll', 'HaproxyRuntime.Client.dll', 'HaproxyRuntime.Client.xml') {
        $source = Join-Path $publishDir $file
        if (Test-Path $source) { Copy-Item $source $ModuleDir }
    }
    Copy-Item (Join-Path $Root 'HaproxyRuntime.psd1') $ModuleDir
    Copy-Item (Join-Path $Root 'src/HaproxyRuntime.PowerShell/HaproxyRuntime.Format.ps1xml') $ModuleDir
    Copy-Item (Join-Path $Root 'src/HaproxyRuntime.PowerShell/HaproxyRuntime.Types.ps1xml') $ModuleDir
    $helpBuilder = Join-Path $Root 'build/HelpBuilder.psm1'
    if (Test-Path $helpBuilder) {
        Import-Module $helpBuilder -Force
        Build-HaproxyHelp -SourceDirectory (Join-Path $Root 'en-US') -OutputDirectory (Join-Path $ModuleDir 'en-US') `
            -AssemblyName 'HaproxyRuntime.PowerShell.dll'
    }
    Write-Host "Module laid out in $ModuleDir"
}

# Compress-PSResource (PSResourceGet 1.2.0, shipped inside pwsh 7.6.9) packs the laid-out folder into a .nupkg on its
# own: no repository is read and no network connection opened (checked with strace: no inet connect), so an
# unreachable PowerShell Gallery cannot slow or break the build. It runs in a child pwsh as a throw-away user
# (build/CleanPwsh.psm1): loading PSResourceGet would otherwise create the real user's repository file. The nuspec
# comes from the manifest (Tags, ReleaseNotes, Description...); Package.Tests.ps1 installs the package in a clean pwsh.
function Invoke-PackageTask {
    $nupkg = Join-Path $PackageDir "HaproxyRuntime.$(Get-ModuleVersion).nupkg"
    if (Test-Path $PackageDir) { Remove-Item -Recurse -Force $PackageDir }
    New-Item -ItemType Directory -Path $PackageDir | Out-Null
    Import-Module (Join-Path $Root 'build/CleanPwsh.psm1') -Force
    $user = New-CleanUser
    try {
        $run = Invoke-CleanPwsh -User $user -Name compress -Arguments $ModuleDir, $PackageDir -Script @'
param($Result, $ModuleDir, $PackageDir)
$ErrorActionPreference = 'Stop'
Compress-PSResource -Path $ModuleDir -DestinationPath $PackageDir
'@
    }
    finally { Remove-CleanUser $user }
    if ($run.ExitCode -ne 0 -or -not (Test-Path $nupkg)) { throw "Compress-PSResource wrote no $nupkg (exit $($run.ExitCode)): $($run.Output)" }
    Write-Host "Package written: $nupkg"
    $nupkg
}

function Get-PesterModulePath {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $psd1 = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $psd1)) {
        Write-Host "Restoring Pester $PesterVersion from NuGet"
        Invoke-Native dotnet restore (Join-Path $Root 'build/tools/Tools.csproj') --nologo -v quiet
    }
    if (-not (Test-Path $psd1)) { throw "Pester was restored but $psd1 is missing." }
    $psd1
}

function Invoke-UnitTests {
    $trx = Join-Path $ResultsDir 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test (Join-Path $Root 'tests/HaproxyRuntime.Client.Tests/HaproxyRuntime.Client.Tests.csproj') `
        -c $Configuration --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path $trx)) { throw "xunit produced no results (dotnet test exit $LASTEXITCODE)." }
    $run = ([xml](Get-Content -Raw $trx)).TestRun
    $counters = $run.ResultSummary.Counters
    # Kept for the end of the run: CI shows only the tail of the output, where the xunit console lines are long gone.
    $failures = @($run.Results.UnitTestResult | Where-Object outcome -ne 'Passed' | ForEach-Object {
        $message = "$($_.Output.ErrorInfo.Message)".Trim() -split "`n" | Select-Object -First 3
        "$($_.testName) [$($_.outcome)]: $($message -join ' / ')"
    })
    [pscustomobject]@{
        Passed   = [int]$counters.passed
        Failed   = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
        Failures = $failures
    }
}

function Install-DebianPackage([string] $Command, [string] $Package) {
    if (Get-Command $Command -ErrorAction SilentlyContinue) { return }
    Write-Host "Installing $Package (Debian) for the tests"
    & apt-get install -y -qq $Package 2>&1 | Out-Host
    if ($LASTEXITCODE -ne 0) { & apt-get update -qq 2>&1 | Out-Host; & apt-get install -y -qq $Package 2>&1 | Out-Host }
    if (-not (Get-Command $Command -ErrorAction SilentlyContinue)) { throw "$Package could not be installed." }
}

# The HAProxy for Test, Demo and Bench: -HaproxyVersion's line, or (none asked) the lab's default, 3.4 or later.
function Resolve-LabHaproxy($LabModule) {
    if ($HaproxyVersion) { & $LabModule { param($line) Resolve-HaproxyBinary -Line $line } $HaproxyVersion }
    else { & $LabModule { Resolve-HaproxyBinary } }
}

function Invoke-PesterTests([string] $Package) {
    Install-DebianPackage openssl openssl   # Tls.Tests.ps1 makes throw-away certificates
    $pester = Get-PesterModulePath
    $haproxy = Import-Module (Join-Path $Root 'build/HaproxyLab.psm1') -PassThru -Force
    $haproxyPath = Resolve-LabHaproxy $haproxy
    Write-Host "Pester $PesterVersion against $(& $haproxyPath -v | Select-Object -First 1)"
    $filter = $PesterFilter
    $env:HAPROXYRUNTIME_LINES = $null
    if ($HaproxyVersion -and [version]$HaproxyVersion -lt [version]'3.4') {
        # An older line runs its compatibility suite (every cmdlet, with that line's capability expectations); the
        # other files are the 3.4 suite.
        $env:HAPROXYRUNTIME_LINES = $HaproxyVersion
        if ($PesterFilter -eq '*') { $filter = 'Versions' }
    }
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    # A child process, so the freshly built dll is loaded (a loaded assembly cannot be replaced in this process).
    $script = @'
param($Pester, $TestsDir, $Filter, $Summary)
# No $ErrorActionPreference = 'Stop' here: the tests inherit this scope, and their non-terminating errors must stay so.
$PSStyle.OutputRendering = 'PlainText'
Import-Module $Pester -ErrorAction Stop
$config = New-PesterConfiguration
$config.Run.Path = @(Get-ChildItem -Path $TestsDir -Filter "*.Tests.ps1" | Where-Object Name -like "$Filter" | ForEach-Object FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
# No NUnit/JUnit file: the injection tests carry NUL and control characters in their data, which XML cannot hold,
# and a failed export would lose the whole run's counts.
$result = Invoke-Pester -Configuration $config
# With the first lines of each failure's message: CI shows only the tail of the output, where the test's own lines are
# long gone, and a rare failure must be diagnosable from that tail alone.
$failures = @($result.Failed | ForEach-Object {
        $message = "$(@($_.ErrorRecord)[0].Exception.Message)".Trim() -split "`n" | Select-Object -First 3
        "$($_.ExpandedPath): $(($message -join ' / ') -replace '^(.{600}).+$', '$1...')"
    }) + @($result.FailedContainers | ForEach-Object { "$($_.Item) (container): $(@($_.ErrorRecord)[0].Exception.Message)" })
@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedContainersCount; Skipped = $result.SkippedCount; Failures = $failures } |
    ConvertTo-Json | Set-Content -Path $Summary
'@
    $scriptFile = Join-Path $ResultsDir 'run-pester.ps1'
    Set-Content -Path $scriptFile -Value $script
    $env:HAPROXY_BIN = $haproxyPath
    $env:HAPROXYRUNTIME_MODULE = Join-Path $ModuleDir 'HaproxyRuntime.psd1'
    $env:HAPROXYRUNTIME_PACKAGE = $Package
    & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $scriptFile -Pester $pester `
        -TestsDir (Join-Path $Root 'tests/Pester') -Filter "*$filter*" -Summary $summary | Out-Host
    if (-not (Test-Path $summary)) { throw "Pester did not finish (exit $LASTEXITCODE)." }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Failures = @($counts.Failures) }
}

function Invoke-TestTask([string] $Package) {
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    $unit = Invoke-UnitTests
    Write-Host "xunit: $($unit.Passed) passed, $($unit.Failed) failed"
    $integration = Invoke-PesterTests $Package
    Write-Host "Pester: $($integration.Passed) passed, $($integration.Failed) failed"
    foreach ($failure in $unit.Failures) { Write-Host "xunit failed: $failure" }
    foreach ($failure in $integration.Failures) { Write-Host "Pester failed: $failure" }
    $passed = $unit.Passed + $integration.Passed
    $failed = $unit.Failed + $integration.Failed
    # The CI contract: the last line is the summary; fail when anything failed or nothing ran.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-DemoTask {
    $lab = Import-Module (Join-Path $Root 'build/HaproxyLab.psm1') -PassThru -Force
    $haproxyPath = Resolve-LabHaproxy $lab
    & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $Root 'demo/Invoke-SeedDemo.ps1') `
        -ModulePath (Join-Path $ModuleDir 'HaproxyRuntime.psd1') -HaproxyPath $haproxyPath
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit $LASTEXITCODE)." }
}

function Invoke-BenchTask {
    Install-DebianPackage socat socat   # the socat-per-command baseline
    $benchOut = Join-Path $OutDir 'bench'
    Invoke-Native dotnet build (Join-Path $Root 'bench/HaproxyRuntime.Bench/HaproxyRuntime.Bench.csproj') -c Release -o (Join-Path $benchOut 'bin') --nologo -v quiet
    Invoke-Native dotnet build (Join-Path $Root 'bench/HaproxyRuntime.Bench.NoOp/HaproxyRuntime.Bench.NoOp.csproj') -c Release -o (Join-Path $benchOut 'noop') --nologo -v quiet
    $lab = Import-Module (Join-Path $Root 'build/HaproxyLab.psm1') -PassThru -Force
    $haproxyPath = Resolve-LabHaproxy $lab
    & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmark.ps1') `
        -ModulePath (Join-Path $ModuleDir 'HaproxyRuntime.psd1') -BenchExe (Join-Path $benchOut 'bin/HaproxyRuntime.Bench.dll') `
        -NoOpModule (Join-Path $benchOut 'noop/HaproxyRuntime.Bench.NoOp.dll') -HaproxyPath $haproxyPath -OutDir $benchOut
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit $LASTEXITCODE)." }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' { if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir } }
        'Build' { Invoke-BuildTask }
        'Package' { Invoke-BuildTask; $null = Invoke-PackageTask }
        # Package too (about 2 s): Package.Tests.ps1 installs that very .nupkg.
        'Test' { Invoke-BuildTask; Invoke-TestTask (Invoke-PackageTask) }
        'Demo' { Invoke-BuildTask; Invoke-DemoTask }
        'Bench' { Invoke-BuildTask; Invoke-BenchTask }
    }
}
