# The package (#13): the .nupkg that `build.ps1 Package` writes (Test writes it too and names it in
# $env:HAPROXYRUNTIME_PACKAGE) holds the built module with its help, formats and manifest metadata, and installs the way
# the README's "Install" section says: PowerShell's own PSResourceGet publishes it to a local folder repository and
# Install-PSResource installs it; a fresh pwsh then imports it by name, finds its real help, and runs a command against
# the lab's HAProxy.
#
# Each pwsh child runs as a clean, temporary user (build/CleanPwsh.psm1: HOME and the XDG folders in one temporary
# folder, PSModulePath unset, no stdin), so it sees none of the real user's modules, registers its repository in a
# throw-away PSResourceRepository.xml, and everything it writes is removed with that folder.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $manifest = Import-PowerShellDataFile -Path $modulePath
    $version = $manifest.ModuleVersion
    $package = if ($env:HAPROXYRUNTIME_PACKAGE) { $env:HAPROXYRUNTIME_PACKAGE } else { Join-Path $repoRoot "out/package/HaproxyRuntime.$version.nupkg" }
    if (-not (Test-Path $package)) { throw "No package at $package. Run ./build.ps1 Package first." }

    $lab = Start-HaproxyLab
    Import-Module (Join-Path $repoRoot 'build/CleanPwsh.psm1') -Force
    $user = New-CleanUser
    $repository = Join-Path $user.Root 'repository'
    New-Item -ItemType Directory -Path $repository | Out-Null

    # The real user's repository file, to prove it untouched (.NET's LocalApplicationData on Linux).
    $realRepositoryFile = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
    $realRepositoryBefore = if (Test-Path $realRepositoryFile) { Get-Content -Raw $realRepositoryFile } else { $null }

    # The README's "Install" commands, with a temporary repository. PSGallery, which PSResourceGet registers in every new
    # repository file, is unregistered there so that nothing can reach for it; every call names the repository anyway.
    $install = Invoke-CleanPwsh -User $user -Name install -Arguments $package, $repository -Script @'
param($Result, $Package, $Repository)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Unregister-PSResourceRepository -Name PSGallery
Register-PSResourceRepository -Name HaproxyRuntimeLocal -Uri $Repository -Trusted
Publish-PSResource -NupkgPath $Package -Repository HaproxyRuntimeLocal
$found = Find-PSResource -Name HaproxyRuntime -Repository HaproxyRuntimeLocal
$installed = Install-PSResource -Name HaproxyRuntime -Repository HaproxyRuntimeLocal -Scope CurrentUser -PassThru
[ordered]@{
    AppData         = [Environment]::GetFolderPath('LocalApplicationData')
    Repositories    = @(Get-PSResourceRepository | ForEach-Object Name)
    RepositoryItems = @(Get-ChildItem -Path $Repository | ForEach-Object Name)
    Found           = [ordered]@{ Version = "$($found.Version)"; Tags = @($found.Tags); ReleaseNotes = $found.ReleaseNotes
                                  ProjectUri = "$($found.ProjectUri)"; LicenseUri = "$($found.LicenseUri)" }
    Installed       = @($installed | ForEach-Object { [ordered]@{ Name = $_.Name; Version = "$($_.Version)"; InstalledLocation = $_.InstalledLocation } })
} | ConvertTo-Json -Depth 4 | Set-Content -Path $Result
'@

    # A second fresh pwsh: only what Install-PSResource left on disk, loaded by name.
    $use = Invoke-CleanPwsh -User $user -Name use -Arguments $lab.AdminEndpoint -Script @'
param($Result, $Endpoint)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module HaproxyRuntime
$module = Get-Module HaproxyRuntime
$help = Get-Help Connect-Haproxy -Full
$session = Connect-Haproxy -Endpoint $Endpoint -Timeout 5s
$backends = @(Get-HaproxyBackend)
Disconnect-Haproxy -Session $session -Confirm:$false
[ordered]@{
    PSModulePath  = $env:PSModulePath
    ListAvailable = @(Get-Module -ListAvailable -Name HaproxyRuntime | ForEach-Object ModuleBase)
    ModuleBase    = $module.ModuleBase
    Version       = "$($module.Version)"
    Commands      = @(Get-Command -Module HaproxyRuntime | ForEach-Object Name)
    Synopsis      = "$($help.Synopsis)".Trim()
    Examples      = @($help.examples.example).Count
    Backends      = @($backends | ForEach-Object Name)
    BackendTable  = ($backends | Out-String -Width 200)
    BackendViews  = @(Get-FormatData -TypeName $backends[0].GetType().FullName).Count
} | ConvertTo-Json -Depth 4 | Set-Content -Path $Result
'@
}

AfterAll {
    if ($lab) { Stop-HaproxyLab -Lab $lab }
    if ($user) { Remove-CleanUser $user }
}

Describe 'The package' {
    BeforeAll {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName)
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('HaproxyRuntime.nuspec').Open())
            try { $nuspec = ([xml]$reader.ReadToEnd()).package.metadata } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }

    It 'is named after the manifest version and holds the built module, its help and its formats' {
        Split-Path -Leaf $package | Should -Be "HaproxyRuntime.$version.nupkg"
        $built = Split-Path -Parent $modulePath
        $expected = @(Get-ChildItem -Path $built -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($built, $_.FullName) -replace '\\', '/' })
        $expected | Should -Contain 'en-US/HaproxyRuntime.PowerShell.dll-Help.xml'
        $expected | Should -Contain 'en-US/about_HaproxyRuntime.help.txt'
        $expected | Should -Contain 'HaproxyRuntime.Format.ps1xml'
        foreach ($file in $expected) { $entries | Should -Contain $file }
    }

    It 'carries the manifest metadata: id, version, description, tags, release notes' {
        $nuspec.id | Should -Be 'HaproxyRuntime'
        $nuspec.version | Should -Be $version
        $nuspec.description | Should -Be $manifest.Description
        $tags = $nuspec.tags -split ' '
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Match "^$([regex]::Escape($version)): "
        $nuspec.releaseNotes | Should -Be $manifest.PrivateData.PSData.ReleaseNotes
    }

    It 'names no URL: the project has no LICENSE file and no published home yet' {
        # A LicenseUri needs a licence to point to; when the project gets a LICENSE and a public home, their real URLs
        # go into the manifest and this test changes with them.
        Join-Path $repoRoot 'LICENSE' | Should -Not -Exist
        $manifest.Keys | Should -Not -Contain 'HelpInfoURI'
        foreach ($key in 'ProjectUri', 'LicenseUri', 'IconUri') { $manifest.PrivateData.PSData.Keys | Should -Not -Contain $key }
        foreach ($element in 'projectUrl', 'licenseUrl', 'iconUrl', 'license') { $nuspec.$element | Should -BeNullOrEmpty }
    }
}

Describe 'Installed with PSResourceGet into a clean user, used from a fresh pwsh' {
    It 'publishes to a local folder repository and installs from it (Install-PSResource -Scope CurrentUser)' {
        $install.ExitCode | Should -Be 0 -Because $install.Output
        $install.Result.Repositories | Should -Be @('HaproxyRuntimeLocal')
        $install.Result.RepositoryItems | Should -Be @("HaproxyRuntime.$version.nupkg")
        $install.Result.Found.Version | Should -Be $version
        $install.Result.Found.ReleaseNotes | Should -Be $manifest.PrivateData.PSData.ReleaseNotes
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $install.Result.Found.Tags | Should -Contain $tag }
        $install.Result.Found.ProjectUri | Should -BeNullOrEmpty
        $install.Result.Found.LicenseUri | Should -BeNullOrEmpty
        $install.Result.Installed.Name | Should -Be 'HaproxyRuntime'
        $install.Result.Installed.Version | Should -Be $version
        $install.Result.Installed.InstalledLocation | Should -Be $user.UserModules
    }

    It 'keeps its repository in the temporary user, leaving the real one untouched' {
        $install.Result.AppData | Should -Be $user.DataHome
        Join-Path $user.DataHome 'PSResourceGet/PSResourceRepository.xml' | Should -Exist
        $realRepositoryAfter = if (Test-Path $realRepositoryFile) { Get-Content -Raw $realRepositoryFile } else { $null }
        $realRepositoryAfter | Should -Be $realRepositoryBefore
        @(Get-ChildItem -Force -Path $user.Work) | Should -BeNullOrEmpty   # no stray repository file
    }

    It 'Import-Module HaproxyRuntime by name loads the installed copy, the only one the clean user sees' {
        $use.ExitCode | Should -Be 0 -Because $use.Output
        $installedBase = Join-Path $user.UserModules "HaproxyRuntime/$version"
        $use.Result.ListAvailable | Should -Be @($installedBase)
        $use.Result.ModuleBase | Should -Be $installedBase
        $use.Result.Version | Should -Be $version
        ($use.Result.PSModulePath -split [System.IO.Path]::PathSeparator)[0] | Should -Be $user.UserModules
    }

    It 'exports exactly the cmdlets the manifest lists' {
        @($use.Result.Commands).Count | Should -Be @($manifest.CmdletsToExport).Count
        @($use.Result.Commands | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'Get-Help Connect-Haproxy shows the real help, not the generated stub' {
        $source = Get-Content -Raw -Path (Join-Path $repoRoot 'en-US/Connect-Haproxy.md')
        $synopsis = [regex]::Match($source, '(?ms)^## SYNOPSIS\s*\n(.+?)\n\s*\n').Groups[1].Value.Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $use.Result.Synopsis | Should -Be $synopsis
        $use.Result.Examples | Should -BeGreaterThan 0
    }

    It 'connects to the lab and lists its backends, shown with the package''s format view' {
        @($use.Result.Backends | Sort-Object) | Should -Be @(Get-LabBackendNames -Lab $lab | Sort-Object)
        $use.Result.BackendViews | Should -BeGreaterThan 0
        # A table (the header's underline), where PowerShell's default for an object with this many properties is a list.
        $use.Result.BackendTable | Should -Match '(?m)^-+( +-+)+ *$'
    }
}
