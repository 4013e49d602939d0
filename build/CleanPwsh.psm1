# A pwsh child run as a clean, temporary user: for PowerShell's own PSResourceGet, which otherwise reads and writes the
# real user's files. build.ps1 Package packs the module this way, and Package.Tests.ps1 installs the package this way.
#
# PSResourceGet 1.2.0 (inside pwsh 7.6.9), as seen here:
# - Merely loading it creates the user's repository file (.NET LocalApplicationData, on Linux
#   ~/.local/share/PSResourceGet/PSResourceRepository.xml) with PSGallery registered, even for Compress-PSResource,
#   which needs no repository. Publish-PSResource also writes a NuGet.Config (ApplicationData, ~/.config/NuGet).
# - .NET returns an empty LocalApplicationData/ApplicationData for a folder that does not exist, and PSResourceGet then
#   writes PSResourceGet/PSResourceRepository.xml (and NuGet/NuGet.Config) into the working directory: the folders are
#   created first, and the child's working directory is a folder of its own.
# - Install-PSResource -Scope CurrentUser installs into $HOME/.local/share/powershell/Modules whatever XDG_DATA_HOME
#   says, while pwsh looks for user modules in $XDG_DATA_HOME/powershell/Modules: XDG_DATA_HOME is set to
#   $HOME/.local/share, which is where they agree (as for a real user, who usually has it unset).
# PSModulePath is removed from the child's environment, so the child computes it from the clean HOME and sees none of
# the real user's modules; stdin is closed (CI has none). Everything the child writes is under the one root folder.
Set-StrictMode -Version Latest

function New-CleanUser {
    <# Creates the clean user's folders under a new temporary root; Remove-CleanUser deletes them all. #>
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ('haproxyruntime-user-' + [guid]::NewGuid().ToString('n'))
    $userHome = Join-Path $root 'home'
    $user = [pscustomobject]@{
        Root        = $root
        Home        = $userHome
        DataHome    = Join-Path $userHome '.local/share'
        ConfigHome  = Join-Path $userHome '.config'
        CacheHome   = Join-Path $userHome '.cache'
        Temp        = Join-Path $root 'tmp'
        Work        = Join-Path $root 'work'
        UserModules = Join-Path $userHome '.local/share/powershell/Modules'
    }
    foreach ($folder in $user.DataHome, $user.ConfigHome, $user.CacheHome, $user.Temp, $user.Work) {
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
    }
    $user
}

function Remove-CleanUser([Parameter(Mandatory)] $User) {
    if (Test-Path $User.Root) { Remove-Item -Recurse -Force -Path $User.Root }
}

function Invoke-CleanPwsh {
    <#
    Runs $Script in a new pwsh as $User: `pwsh -File <script> <result.json> <Arguments...>`, so the script's first
    parameter is where it may write its result as JSON. Returns ExitCode, Output (stdout and stderr) and Result (the
    JSON read back, or $null).
    #>
    param(
        [Parameter(Mandatory)] $User,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Arguments = @(),
        [int] $TimeoutSeconds = 60
    )
    $scriptPath = Join-Path $User.Root "$Name.ps1"
    $resultPath = Join-Path $User.Root "$Name.json"
    Set-Content -Path $scriptPath -Value $Script
    $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $scriptPath, $resultPath) + $Arguments) {
        $start.ArgumentList.Add($argument)
    }
    $start.WorkingDirectory = $User.Work
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['HOME'] = $User.Home
    $start.Environment['XDG_DATA_HOME'] = $User.DataHome
    $start.Environment['XDG_CONFIG_HOME'] = $User.ConfigHome
    $start.Environment['XDG_CACHE_HOME'] = $User.CacheHome
    $start.Environment['TMPDIR'] = $User.Temp
    $start.Environment['NO_COLOR'] = '1'
    $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    $null = $start.Environment.Remove('PSModulePath')
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "pwsh '$Name' did not finish within $TimeoutSeconds s."
        }
        $process.WaitForExit()   # the redirected streams are complete only after the parameterless wait
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = ($stdout.Result + $stderr.Result).Trim()
            Result   = if (Test-Path $resultPath) { Get-Content -Raw -Path $resultPath | ConvertFrom-Json } else { $null }
        }
    }
    finally { $process.Dispose() }
}

Export-ModuleMember -Function New-CleanUser, Remove-CleanUser, Invoke-CleanPwsh
