# -WhatIf on every changing cmdlet: nothing that changes HAProxy is sent (only reads, which some cmdlets need to build
# their plan), and HAProxy's state, seen through the lab's own socket, is the same before and after.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # Every cmdlet that declares SupportsShouldProcess, except the local session bookkeeping.
    $changing = Get-Command -Module HaproxyRuntime | Where-Object {
        $_.Parameters.ContainsKey('WhatIf') -and $_.Name -ne 'Disconnect-Haproxy'
    } | ForEach-Object Name
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab -StickTables -ExtraConfig @"
frontend fe-acl
    bind 127.0.0.1:$(Get-FreeTcpPort)
    acl blocked src -f virt@blocked.acl
    http-request deny if blocked
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    Add-HaproxyBackend -Name wi -From mydefaults
    Add-HaproxyServer -Backend wi -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check
    Add-HaproxyMapEntry -Map virt@paths.map -Key /wi -Value webservers
    Add-HaproxyAclEntry -Acl virt@blocked.acl -Pattern 10.9.9.9
    $null = Send-LabTrackedRequest -Lab $lab -Path /inc
    Set-HaproxyStickTableEntry -Table st_ip -Key 10.9.9.9 -Data @{ gpc0 = 1 }
    # A CA file and a CRL file to change (only in memory: their names need no file).
    $null = Invoke-LabSocket -Lab $lab -Command 'new ssl ca-file /wi-ca.pem;new ssl crl-file /wi.crl'
    # Everything a changing cmdlet could touch, through the lab's own socket.
    $watched = @{ Lab = $lab; Map = 'virt@paths.map'; Acl = 'virt@blocked.acl'; StickTable = 'st_ip', 'st_str'; StatColumn = 'scur', 'smax', 'slim', 'status', 'weight'; InfoField = 'Maxconn', 'ConnRateLimit' }

    # One call per changing cmdlet, with arguments that would change something without -WhatIf.
    $calls = @{
        'Add-HaproxyBackend'         = { Add-HaproxyBackend -Name wi2 -From mydefaults -WhatIf }
        'Publish-HaproxyBackend'     = { Publish-HaproxyBackend -Name wi -WhatIf }
        'Unpublish-HaproxyBackend'   = { Unpublish-HaproxyBackend -Name webservers -WhatIf }
        'Remove-HaproxyBackend'      = { Remove-HaproxyBackend -Name wi -Drain -WhatIf }
        'Add-HaproxyServer'          = { Add-HaproxyServer -Backend wi -Name s2 -Address 127.0.0.1 -Port 1 -WhatIf }
        'Set-HaproxyServer'          = { Set-HaproxyServer -Backend wi -Name s1 -Weight 50 -MaxConn 5 -AgentSend wi -WhatIf }
        'Enable-HaproxyServer'       = { Enable-HaproxyServer -Backend wi -Name s1 -WhatIf }
        'Disable-HaproxyServer'      = { Disable-HaproxyServer -Backend webservers -Name web1 -WhatIf }
        'Set-HaproxyServerState'     = { Set-HaproxyServerState -Backend webservers -Name web1 -State Maint -WhatIf }
        'Enable-HaproxyHealthCheck'  = { Enable-HaproxyHealthCheck -Backend wi -Name s1 -WhatIf }
        'Disable-HaproxyHealthCheck' = { Disable-HaproxyHealthCheck -Backend wi -Name s1 -WhatIf }
        'Enable-HaproxyAgentCheck'   = { Enable-HaproxyAgentCheck -Backend wi -Name s1 -WhatIf }
        'Disable-HaproxyAgentCheck'  = { Disable-HaproxyAgentCheck -Backend wi -Name s1 -WhatIf }
        'Stop-HaproxyServerStreams'  = { Stop-HaproxyServerStreams -Backend webservers -Name web1 -WhatIf }
        'Stop-HaproxyStream'         = { Stop-HaproxyStream -Id '0x7f3cabc33000' -WhatIf }
        'Remove-HaproxyServer'       = { Remove-HaproxyServer -Backend wi -Name s1 -Drain -Force -WhatIf }
        'Add-HaproxyMapEntry'        = { Add-HaproxyMapEntry -Map virt@paths.map -Key /new -Value x -WhatIf }
        'Set-HaproxyMapEntry'        = { Set-HaproxyMapEntry -Map virt@paths.map -Key /wi -Value changed -WhatIf }
        'Remove-HaproxyMapEntry'     = { Remove-HaproxyMapEntry -Map virt@paths.map -Key /wi -WhatIf }
        'Clear-HaproxyMap'           = { Clear-HaproxyMap -Map virt@paths.map -WhatIf }
        'Clear-HaproxyCounter'       = { Clear-HaproxyCounter -All -WhatIf }
        'Invoke-HaproxyReload'       = { Invoke-HaproxyReload -Hard -WhatIf }
        'Update-HaproxyMap'          = { Update-HaproxyMap -Map virt@paths.map -Entry @{ '/other' = 'x' } -WhatIf }
        'Add-HaproxyAclEntry'        = { Add-HaproxyAclEntry -Acl virt@blocked.acl -Pattern 10.8.8.8 -WhatIf }
        'Remove-HaproxyAclEntry'     = { Remove-HaproxyAclEntry -Acl virt@blocked.acl -Pattern 10.9.9.9 -WhatIf }
        'Clear-HaproxyAcl'           = { Clear-HaproxyAcl -Acl virt@blocked.acl -WhatIf }
        'Update-HaproxyAcl'          = { Update-HaproxyAcl -Acl virt@blocked.acl -Pattern 10.7.7.7 -WhatIf }
        'Enable-HaproxyFrontend'     = { Enable-HaproxyFrontend -Name myfrontend1 -WhatIf }
        'Disable-HaproxyFrontend'    = { Disable-HaproxyFrontend -Name myfrontend1 -WhatIf }
        'Set-HaproxyFrontend'        = { Set-HaproxyFrontend -Name myfrontend1 -MaxConn 3 -WhatIf }
        'Stop-HaproxyFrontend'       = { Stop-HaproxyFrontend -Name myfrontend1 -WhatIf }
        'Set-HaproxyBackend'         = { Set-HaproxyBackend -Name webservers -DynamicCookieKey (ConvertTo-SecureString 'wi' -AsPlainText -Force) -DynamicCookie $true -WhatIf }
        'Set-HaproxyCertificate'     = { Set-HaproxyCertificate -Name wi.pem -Pem (New-LabCertificate -Subject 'CN=wi').Pem -PassThru -WhatIf }
        'New-HaproxyCertificate'     = { New-HaproxyCertificate -Name wi.pem -WhatIf; New-HaproxyCertificate -Name wi.pem -Pem (New-LabCertificate -Subject 'CN=wi').Pem -PassThru -WhatIf }
        'Remove-HaproxyCertificate'  = { Remove-HaproxyCertificate -Name wi.pem -WhatIf }
        'Add-HaproxyCrtListEntry'    = { Add-HaproxyCrtListEntry -CrtList wi.crtlist -Certificate wi.pem -SniFilter wi.lab -Option 'alpn h2' -PassThru -WhatIf }
        'Remove-HaproxyCrtListEntry' = { Remove-HaproxyCrtListEntry -CrtList wi.crtlist -Certificate wi.pem -Line 1 -WhatIf }
        'Set-HaproxyGlobal'          = { Set-HaproxyGlobal -MaxConn 100 -ConnectionRateLimit 7 -WhatIf }
        'Set-HaproxyVariable'        = { Set-HaproxyVariable -Name proc.whatif -Value 'x y' -WhatIf; Set-HaproxyVariable -Name proc.whatif -Expression 'int(1)' -WhatIf }
        'Invoke-HaproxyCommand'      = { Invoke-HaproxyCommand 'disable frontend myfrontend1' -WhatIf }
        'Set-HaproxyStickTableEntry' = { Set-HaproxyStickTableEntry -Table st_ip -Key 10.9.9.9 -Data @{ gpc0 = 5 } -PassThru -WhatIf; Set-HaproxyStickTableEntry -Table st_ip -Pointer 0x1 -Data @{ gpc0 = 5 } -PassThru -WhatIf }
        'New-HaproxyCaFile'          = { New-HaproxyCaFile -Name /wi-new-ca.pem -PassThru -WhatIf }
        'Set-HaproxyCaFile'          = { Set-HaproxyCaFile -Name /wi-ca.pem -Pem "-----BEGIN CERTIFICATE-----`nAA==`n-----END CERTIFICATE-----" -PassThru -WhatIf; Set-HaproxyCaFile -Name /wi-ca.pem -Pem 'x' -Append -WhatIf }
        'Remove-HaproxyCaFile'       = { Remove-HaproxyCaFile -Name /wi-ca.pem -WhatIf }
        'New-HaproxyCrlFile'         = { New-HaproxyCrlFile -Name /wi-new.crl -PassThru -WhatIf }
        'Set-HaproxyCrlFile'         = { Set-HaproxyCrlFile -Name /wi.crl -Pem 'x' -PassThru -WhatIf }
        'Remove-HaproxyCrlFile'      = { Remove-HaproxyCrlFile -Name /wi.crl -WhatIf }
        'Set-HaproxyTlsKey'          = { Set-HaproxyTlsKey -Reference '#0' -KeyBytes ([byte[]]::new(80)) -PassThru -WhatIf }
        'Set-HaproxyOcspResponse'    = { Set-HaproxyOcspResponse -Response ([byte[]](1, 2, 3)) -WhatIf }
        'Update-HaproxyOcspResponse' = { Update-HaproxyOcspResponse -Certificate /wi.pem -WhatIf }
        'Clear-HaproxyStickTableEntry' = { Clear-HaproxyStickTableEntry -Table st_ip -All -WhatIf; Get-HaproxyStickTableEntry st_str | Clear-HaproxyStickTableEntry -WhatIf; Clear-HaproxyStickTableEntry st_ip -Filter 'gpc0 ge 0' -WhatIf; Clear-HaproxyStickTableEntry st_ip -Pointer 0x1 -WhatIf }
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe '-WhatIf changes nothing' {
    It 'sees the lines a cmdlet sends (a plan read under -WhatIf is shown by -Verbose)' {
        $call = { Update-HaproxyMap -Map $lab.PathsMap -Entry @{ "/whatif" = "webservers" } -WhatIf }
        $records = @(& { $VerbosePreference = 'Continue'; & $call } 4>&1 6>$null)
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "``[$($session.Name)``] *" }) | Should -Not -BeNullOrEmpty
    }

    It 'every changing cmdlet has a -WhatIf case here' {
        $all = Get-Command -Module HaproxyRuntime | Where-Object { $_.Parameters.ContainsKey('WhatIf') -and $_.Name -ne 'Disconnect-Haproxy' }
        $all.Count | Should -BeGreaterThan 20
        $missing = @($all.Name | Where-Object { -not $calls.ContainsKey($_) })
        $missing -join ', ' | Should -BeNullOrEmpty
    }

    It '<_> -WhatIf sends no change and HAProxy is unchanged' -ForEach $changing {
        $before = Get-LabStateText @watched
        # The preference, not -Verbose: '& $scriptblock -Verbose' hands -Verbose to a scriptblock that ignores it.
        $call = $calls[$_]
        $records = @(& { $VerbosePreference = 'Continue'; & $call } 4>&1 6>$null)
        $sent = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "``[$($session.Name)``] *" } |
                ForEach-Object { $_.Message.Substring($session.Name.Length + 3) })
        # Reads some cmdlets need for their plan are allowed; nothing else may be sent.
        $sent | Where-Object { $_ -notmatch '^(show |get |set timeout cli \d+s;wait 1ms be-removable )' } | Should -BeNullOrEmpty
        Get-LabStateText @watched | Should -BeExactly $before
    }
}
