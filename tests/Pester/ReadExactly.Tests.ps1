# HAProxy's answers and states read as HAProxy defines them (issue "Read HAProxy exactly"): notice-level successes of
# the 'set server' family are successes, admin-state markers are not maintenance, srv_use_ssl has three values. Every
# outcome is checked through the lab's own socket. Servers point at lab-owned loopback ports and are never routed to;
# the resolvers section's nameserver is a loopback port nothing answers on.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $port = Get-FreeTcpPort
    $dns = Get-FreeTcpPort
    $lab = Start-HaproxyLab -ExtraConfig @"

resolvers loopdns
    nameserver ns1 127.0.0.1:$dns
    resolve_retries 1
    timeout resolve 1s
    timeout retry 1s
    hold nx 1h
    hold timeout 1h
    hold refused 1h
    hold other 1h
    hold valid 1h
    hold obsolete 1h

backend test0
    server www1 127.0.0.1:$port ssl verify none
    server nossl 127.0.0.1:$port no-ssl
    server plain 127.0.0.1:$port
    server cfgoff 127.0.0.1:$port disabled
    server fq1 127.0.0.1:$port resolvers loopdns

listen lst
    bind 127.0.0.1:$(Get-FreeTcpPort)
    server l1 127.0.0.1:$port

backend sticky
    stick-table type ip size 1k

backend staticbe
    balance static-rr
    server st1 127.0.0.1:$port
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'set server answers HAProxy gives at notice level are successes' {
    It '-Ssl Off then On on a server with SSL configured: applied, no error, -PassThru writes the server' {
        $out = @(Set-HaproxyServer -Backend test0 -Name www1 -Ssl Off -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab test0 www1).srv_use_ssl | Should -BeExactly '0'
        $out | Should -HaveCount 1
        $out[0].Ssl | Should -Be 'Off'
        $out[0].UseSsl | Should -BeFalse

        $out = @(Set-HaproxyServer -Backend test0 -Name www1 -Ssl On -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab test0 www1).srv_use_ssl | Should -BeExactly '1'
        $out[0].Ssl | Should -Be 'On'
        $out[0].UseSsl | Should -BeTrue
    }

    It '-Fqdn on a server with resolvers: applied ("changed its FQDN"), no error, -PassThru writes the server' {
        $out = @(Set-HaproxyServer -Backend test0 -Name fq1 -Fqdn localhost -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab test0 fq1).srv_fqdn | Should -BeExactly 'localhost'
        $out | Should -HaveCount 1
        $out[0].Fqdn | Should -BeExactly 'localhost'
    }

    It '-Fqdn with the name it already has is a success too ("no need to change")' {
        Set-HaproxyServer -Backend test0 -Name fq1 -Fqdn localhost -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
    }
}

Describe 'admin states follow HAProxy''s maintenance mask (0x23)' {
    It 'a server disabled in the configuration is in maintenance until enabled; then Ready with the ConfigMaint marker' {
        (Get-LabServerRow -Lab $lab test0 cfgoff).srv_admin_state | Should -BeExactly '5'
        (Get-HaproxyServer -Backend test0 -Name cfgoff).AdminState | Should -Be 'Maint'
        $out = @(Enable-HaproxyServer -Backend test0 -Name cfgoff -PassThru)
        (Get-LabServerRow -Lab $lab test0 cfgoff).srv_admin_state | Should -BeExactly '4'
        $out[0].AdminState | Should -Be 'Ready'
        $out[0].AdminFlags | Should -Be 'ConfigMaint'
    }

    It 'a server whose FQDN was changed, then disabled and enabled, is Ready with the FqdnChanged marker' {
        Disable-HaproxyServer -Backend test0 -Name fq1
        (Get-HaproxyServer -Backend test0 -Name fq1).AdminState | Should -Be 'Maint'
        $out = @(Enable-HaproxyServer -Backend test0 -Name fq1 -PassThru)
        (Get-LabServerRow -Lab $lab test0 fq1).srv_admin_state | Should -BeExactly '64'
        $out[0].AdminState | Should -Be 'Ready'
        $out[0].AdminFlags | Should -Be 'FqdnChanged'
    }

    It 'HAProxy refuses to delete a Ready server that only carries a marker: it is not in maintenance' {
        Remove-HaproxyServer -Backend test0 -Name cfgoff -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        Get-LabServerRow -Lab $lab test0 cfgoff | Should -Not -BeNullOrEmpty
    }
}

Describe 'srv_use_ssl has three values' {
    It 'no-ssl (-1) is NoSsl, not configured (0) is Off; neither uses SSL' {
        (Get-LabServerRow -Lab $lab test0 nossl).srv_use_ssl | Should -BeExactly '-1'
        $s = Get-HaproxyServer -Backend test0 -Name nossl
        $s.Ssl | Should -Be 'NoSsl'
        $s.UseSsl | Should -BeFalse
        (Get-HaproxyServer -Backend test0 -Name plain).Ssl | Should -Be 'Off'
    }
}

Describe 'one ErrorId per cause, the same across a family' {
    It 'del backend refusals of a backend that can never go are all HaproxyObjectNotRemovable: <Case>' -ForEach @(
        @{ Case = 'a listen section'; Name = 'lst'; Reason = 'Cannot delete a listen section.' }
        @{ Case = 'a backend with a stick table'; Name = 'sticky'; Reason = 'Cannot remove a backend with stick-table.' }
        @{ Case = 'the default backend'; Name = 'webservers'; Reason = 'This proxy cannot be removed at runtime due to other configuration elements pointing to it.' }
    ) {
        Remove-HaproxyBackend -Name $Name -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        $err[0].Exception.Message | Should -BeLike "*$Reason*"
        Get-LabBackendNames -Lab $lab | Should -Contain $Name
    }

    It '-Drain refuses a backend HAProxy can never delete before changing anything: <Name>' -ForEach @(
        @{ Name = 'lst'; Reason = 'Cannot delete a listen section.' }
        @{ Name = 'sticky'; Reason = 'Cannot remove a backend with stick-table.' }
    ) {
        Remove-HaproxyBackend -Name $Name -Drain -Timeout 1s -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        $err[0].Exception.Message | Should -BeExactly "Backend '$Name' can never be removed at run time (HAProxy: $Reason); nothing was changed."
        Get-LabStat -Lab $lab $Name BACKEND | ForEach-Object status | Should -Not -BeLike '*UNPUB*'
    }

    It 'add server refusals of a well-formed request: <Case> is <Id>' -ForEach @(
        @{ Case = 'a backend without dynamic servers (static-rr)'; Backend = 'staticbe'; Name = 'x1'; Id = 'HaproxyInvalidOperation' }
        @{ Case = 'a duplicate name'; Backend = 'test0'; Name = 'plain'; Id = 'HaproxyObjectExists' }
        @{ Case = 'an unknown backend'; Backend = 'nosuchbe'; Name = 'x1'; Id = 'HaproxyObjectNotFound' }
    ) {
        Add-HaproxyServer -Backend $Backend -Name $Name -Address 127.0.0.1 -Port $port -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
    }

    It 'an unknown add server keyword is HaproxyInvalidCommand, quoting HAProxy' {
        Add-HaproxyServer -Backend test0 -Name x2 -Address 127.0.0.1 -Port $port -Option 'wieght 3' -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -BeLike "*unknown keyword 'wieght'*"
    }

    It 'disabling a frontend that is already disabled is a success (the state holds), and enabling it again too' {
        Disable-HaproxyFrontend -Name myfrontend1 -Confirm:$false
        Disable-HaproxyFrontend -Name myfrontend1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'PAUSED'
        Enable-HaproxyFrontend -Name myfrontend1
        Enable-HaproxyFrontend -Name myfrontend1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }
}
