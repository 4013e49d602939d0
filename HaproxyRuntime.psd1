@{
    # The one version source: build.ps1 passes it to dotnet as -p:Version.
    ModuleVersion          = '0.1.0'
    GUID                   = 'b0d7b6a4-1f3e-4b8e-9d52-6a8f3f7c2e11'
    Author                 = 'HaproxyRuntime contributors'
    CompanyName            = 'HaproxyRuntime'
    Copyright              = '(c) HaproxyRuntime contributors. All rights reserved.'
    Description            = 'Typed, pipeline-friendly cmdlets for the HAProxy Runtime API (stats socket CLI): dynamic backends and servers, maps, waits, with sessions over TCP or Unix sockets.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Core', 'Desktop')
    RootModule             = 'HaproxyRuntime.PowerShell.dll'
    RequiredAssemblies     = @('HaproxyRuntime.Client.dll')
    FormatsToProcess       = @('HaproxyRuntime.Format.ps1xml')
    TypesToProcess         = @('HaproxyRuntime.Types.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Connect-Haproxy'
        'Disconnect-Haproxy'
        'Get-HaproxySession'
        'Get-HaproxyInfo'
        'Get-HaproxyStat'
        'Get-HaproxyResolver'
        'Get-HaproxyPeer'
        'Get-HaproxyCache'
        'Get-HaproxyVariable'
        'Set-HaproxyVariable'
        'Get-HaproxyEvent'
        'Get-HaproxyStartupLog'
        'Clear-HaproxyCounter'
        'Add-HaproxyBackend'
        'Get-HaproxyBackend'
        'Publish-HaproxyBackend'
        'Unpublish-HaproxyBackend'
        'Remove-HaproxyBackend'
        'Add-HaproxyServer'
        'Get-HaproxyServer'
        'Enable-HaproxyServer'
        'Disable-HaproxyServer'
        'Set-HaproxyServerState'
        'Enable-HaproxyHealthCheck'
        'Disable-HaproxyHealthCheck'
        'Remove-HaproxyServer'
        'Wait-HaproxyRemovable'
        'Wait-HaproxyServer'
        'Add-HaproxyMapEntry'
        'Get-HaproxyMapEntry'
        'Remove-HaproxyMapEntry'
        'Set-HaproxyMapEntry'
        'Get-HaproxyMap'
        'Clear-HaproxyMap'
        'Update-HaproxyMap'
        'Compare-HaproxyMap'
        'Get-HaproxyAcl'
        'Get-HaproxyAclEntry'
        'Add-HaproxyAclEntry'
        'Remove-HaproxyAclEntry'
        'Clear-HaproxyAcl'
        'Update-HaproxyAcl'
        'Compare-HaproxyAcl'
        'Test-HaproxyAcl'
        'Get-HaproxyStickTable'
        'Get-HaproxyStickTableEntry'
        'Set-HaproxyStickTableEntry'
        'Clear-HaproxyStickTableEntry'
        'Set-HaproxyServer'
        'Enable-HaproxyAgentCheck'
        'Disable-HaproxyAgentCheck'
        'Stop-HaproxyServerStreams'
        'Get-HaproxyStream'
        'Stop-HaproxyStream'
        'Get-HaproxyError'
        'Get-HaproxyFrontend'
        'Enable-HaproxyFrontend'
        'Disable-HaproxyFrontend'
        'Set-HaproxyFrontend'
        'Set-HaproxyGlobal'
        'Get-HaproxyCertificate'
        'Set-HaproxyCertificate'
        'New-HaproxyCertificate'
        'Remove-HaproxyCertificate'
        'Get-HaproxyCrtListEntry'
        'Add-HaproxyCrtListEntry'
        'Remove-HaproxyCrtListEntry'
        'Invoke-HaproxyCommand'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        # No ProjectUri, LicenseUri or IconUri: the project has no published home and no LICENSE file yet, and a URL
        # here must exist (Package.Tests.ps1 holds the manifest to that).
        PSData = @{
            Tags         = @('HAProxy', 'LoadBalancer', 'ReverseProxy', 'RuntimeAPI', 'StatsSocket', 'Linux', 'PSEdition_Core', 'PSEdition_Desktop')
            ReleaseNotes = '0.1.0: first package. Cmdlets for the HAProxy Runtime API over TCP, TLS or a Unix socket: sessions, dynamic backends and servers with a safe add and removal order, server settings and health checks, frontends, maps and ACLs (atomic replace), raw commands. Tested against HAProxy 3.4, 3.2, 3.0 and 2.6 on Linux with PowerShell 7.6; built for Windows PowerShell 5.1 (netstandard2.0) but not tested there.'
        }
    }
}
