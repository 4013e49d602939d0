# tls:// endpoints against HAProxy terminating TLS in front of its own CLI (a 'listen' in mode tcp with
# 'bind ... ssl crt' and 'server cli unix@admin.sock'), with throw-away certificates made by Debian's openssl.
# Also the footgun: HAProxy 3.4.7 serves PLAINTEXT on 'stats socket ... ssl crt', so a tls:// endpoint that answers
# in plaintext must be a clear error, never a silent downgrade.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $pki = Join-Path ([System.IO.Path]::GetTempPath()) ("hxtls-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $pki | Out-Null
    function Invoke-OpenSsl { & openssl @args 2>&1 | Out-Null; if ($LASTEXITCODE -ne 0) { throw "openssl $args failed" } }
    Push-Location $pki
    try {
        Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=HaproxyRuntime test CA'
        Invoke-OpenSsl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1'
        Set-Content -Path san.ext -Value 'subjectAltName=IP:127.0.0.1'
        Invoke-OpenSsl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile san.ext
        Get-Content server.crt, server.key | Set-Content server.pem
        Invoke-OpenSsl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj '/CN=haproxy-admin'
        Invoke-OpenSsl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.crt -days 2
        Invoke-OpenSsl pkcs12 -export -out client.pfx -inkey client.key -in client.crt -passout pass:test
        # A second, unrelated CA: the server certificate must not validate against it.
        Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj '/CN=Other CA'
    }
    finally { Pop-Location }

    $tlsPort = Get-FreeTcpPort
    $mtlsPort = Get-FreeTcpPort
    # A dedicated admin socket in the PKI folder, known before the lab starts, behind both TLS listeners.
    $lab = Start-HaproxyLab -ExtraConfig @"
listen cli-tls
    mode tcp
    timeout client 30s
    timeout server 30s
    bind 127.0.0.1:$tlsPort ssl crt $pki/server.pem
    server cli unix@$pki/admin-tls.sock

listen cli-mtls
    mode tcp
    timeout client 30s
    timeout server 30s
    bind 127.0.0.1:$mtlsPort ssl crt $pki/server.pem ca-file $pki/ca.pem verify required
    server cli unix@$pki/admin-tls.sock
"@ -ExtraGlobal "    stats socket $pki/admin-tls.sock mode 600 level admin"
    $ca = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $pki 'ca.pem'))
    $otherCa = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $pki 'other.pem'))
    $clientCert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $pki 'client.pfx'), 'test')
}

AfterAll {
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
    Remove-Item -Recurse -Force $pki -ErrorAction SilentlyContinue
}

Describe 'tls:// endpoints' {
    It 'connects with the server certificate checked against a private CA, and works' {
        $s = Connect-Haproxy -Endpoint "tls://127.0.0.1:$tlsPort" -CertificateAuthority $ca -Timeout 5s -NoDefault
        $s.Endpoint.Kind | Should -Be 'Tls'
        "$($s.Endpoint)" | Should -BeExactly "tls://127.0.0.1:$tlsPort"
        $s.Version | Should -Match '^3\.'
        Add-HaproxyMapEntry -Map virt@paths.map -Key /over-tls -Value webservers -Session $s
        (Invoke-LabSocket -Lab $lab -Command 'show map virt@paths.map') | Should -Match '/over-tls webservers'
        Disconnect-Haproxy -Session $s
    }

    It 'validates by default: a certificate from an unknown CA is a connection error, nothing is sent' {
        { Connect-Haproxy -Endpoint "tls://127.0.0.1:$tlsPort" -Timeout 5s -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'HaproxyConnectionFailed,*'
        { Connect-Haproxy -Endpoint "tls://127.0.0.1:$tlsPort" -CertificateAuthority $otherCa -Timeout 5s -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'HaproxyConnectionFailed,*'
    }

    It '-SkipCertificateCheck is the explicit opt-out' {
        $s = Connect-Haproxy -Endpoint "tls://127.0.0.1:$tlsPort" -SkipCertificateCheck -Timeout 5s -NoDefault
        (Invoke-HaproxyCommand 'show version' -Session $s) | Should -Match '^3\.'
        Disconnect-Haproxy -Session $s
    }

    It 'a tls:// endpoint that answers in plaintext is a clear error, never a downgrade' {
        $err = $null
        try { Connect-Haproxy -Endpoint "tls://127.0.0.1:$($lab.AdminPort)" -SkipCertificateCheck -Timeout 5s -NoDefault -ErrorAction Stop }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $err.Exception.Message | Should -BeLike '*answered in plaintext*'
    }

    It 'mutual TLS: refused without a client certificate, accepted with one' {
        { Connect-Haproxy -Endpoint "tls://127.0.0.1:$mtlsPort" -CertificateAuthority $ca -Timeout 5s -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'Haproxy*'
        $s = Connect-Haproxy -Endpoint "tls://127.0.0.1:$mtlsPort" -CertificateAuthority $ca -Certificate $clientCert -Timeout 5s -NoDefault
        (Get-HaproxyInfo -Session $s).Version | Should -Match '^3\.'
        Disconnect-Haproxy -Session $s
    }

    It '-Verbose summarises certificates and never prints them' {
        $records = @(Connect-Haproxy -Endpoint "tls://127.0.0.1:$mtlsPort" -CertificateAuthority $ca -Certificate $clientCert -Timeout 5s -NoDefault -Verbose 4>&1)
        $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -BeLike "*client certificate CN=haproxy-admin*$($clientCert.Thumbprint)*"
        $verbose | Should -Not -BeLike '*BEGIN*'
        $verbose | Should -Not -BeLike '*PRIVATE*'
        $records | Where-Object { $_ -is [HaproxyRuntime.Client.HaproxySession] } | Disconnect-Haproxy
    }
}
