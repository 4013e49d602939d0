# Certificate and crt-list cmdlets against a real HAProxy 3.4 on loopback (Start-HaproxyLab -Tls: a 'bind … ssl crt'
# listener on $lab.TlsPort and a 'bind … ssl crt-list' listener on $lab.TlsListPort), with throw-away certificates made
# by .NET (New-LabCertificate). What is served is read by a real TLS client (Get-LabServedCertificate: SslStream to
# 127.0.0.1, any certificate accepted); what HAProxy holds through the lab's own socket, never only through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # A small payload limit, so "too big" is met with a cheap certificate chain.
    $lab = Start-HaproxyLab -Tls -ExtraGlobal '    tune.cli.max-payload-size 16384'
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 10s
    $site = $lab.TlsCertificate

    function Get-SentLines($Records) {
        $prefix = "[$($session.Name)] "
        @(Get-VerboseLines $Records | Where-Object { $_.StartsWith($prefix) } | ForEach-Object { $_.Substring($prefix.Length) })
    }

    function Set-SiteBaseline {
        <# Puts a known certificate (CN=baseline.lab) on the site, through the lab socket's own transaction. #>
        $pem = (New-LabCertificate -Subject 'CN=baseline.lab' -DnsName site.lab).Pem
        $terminator = 'EOFPEM1'
        $null = Invoke-LabSocket -Lab $lab -Command "set ssl cert $site <<$terminator`n$($pem.TrimEnd("`n"))`n$terminator"
        (Invoke-LabSocket -Lab $lab -Command "commit ssl cert $site") | Should -Match 'Success!'
        (Get-LabServedCertificate -Lab $lab).Subject | Should -Be 'CN=baseline.lab'
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyCertificate' {
    It 'lists every certificate with its details, as show ssl cert <name> gives them' {
        $out = @(Get-HaproxyCertificate)
        @($out.Name | Sort-Object) | Should -BeExactly @(Get-LabCertificateNames -Lab $lab | Sort-Object)
        $cert = $out | Where-Object Name -EQ $lab.ListedCertificate
        $cert.Subject | Should -Be '/CN=listed.lab'
        $cert.SubjectAlternativeNames | Should -Be @('listed.lab')
        $cert.KeyType | Should -Be 'RSA'
        $cert.KeySize | Should -Be 2048
        $cert.NotAfter | Should -BeOfType [datetime]
        $cert.NotAfter.Kind | Should -Be 'Utc'
        $cert.NotAfter | Should -BeGreaterThan ([datetime]::UtcNow)
        $cert.Status | Should -Be 'Used'
        $cert.Uncommitted | Should -BeFalse
        $cert.UsedBy | Should -Be @($lab.CrtList)
        $served = Get-LabServedCertificate -Lab $lab -Port $lab.TlsListPort -ServerName listed.lab
        $cert.Sha1Fingerprint | Should -Be $served.Thumbprint
    }

    It 'selects by wildcard, and says an exact name that does not exist is not found' {
        @(Get-HaproxyCertificate -Name '*listed*').Name | Should -Be @($lab.ListedCertificate)
        @(Get-HaproxyCertificate -Name '*nothing*') | Should -BeNullOrEmpty
        $null = Get-HaproxyCertificate -Name /nope.pem -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'shows an open transaction as an Uncommitted certificate beside the served one' {
        $pem = (New-LabCertificate -Subject 'CN=staged.lab').Pem
        $null = Invoke-LabSocket -Lab $lab -Command "set ssl cert $site <<EOFPEM2`n$($pem.TrimEnd("`n"))`nEOFPEM2"
        try {
            $both = @(Get-HaproxyCertificate -Name $site)
            $both.Count | Should -Be 2
            ($both | Where-Object Uncommitted).Subject | Should -Be '/CN=staged.lab'
            ($both | Where-Object Uncommitted).Status | Should -Be 'Uncommitted'
            ($both | Where-Object { -not $_.Uncommitted }).Subject | Should -Not -Be '/CN=staged.lab'
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command "abort ssl cert $site" }
    }
}

Describe 'Set-HaproxyCertificate' {
    BeforeEach { Set-SiteBaseline }

    It 'rotates the certificate: set, then commit, and a TLS client is served the new one at once' {
        $new = New-LabCertificate -Subject 'CN=renewed.lab' -DnsName site.lab
        $out = Set-HaproxyCertificate -Name $site -Pem $new.Pem -Confirm:$false -PassThru -Verbose 4>&1
        $cert = $out | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyCertificate] }
        $cert.Subject | Should -Be '/CN=renewed.lab'
        (Get-SentLines $out) | Should -Be @('show ssl cert', "set ssl cert $site << ($(@($new.Pem.TrimEnd("`n") -split "`n").Count) lines, $([Text.Encoding]::UTF8.GetByteCount($new.Pem)) bytes)", "commit ssl cert $site", "show ssl cert $site")
        (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $new.Thumbprint
        Get-LabSslTransaction -Lab $lab | Should -BeNullOrEmpty
    }

    It 'takes a PEM file resolved against the PowerShell location, and an X509Certificate2 with its key' {
        $file = Join-Path $TestDrive 'renewed.pem'
        $new = New-LabCertificate -Subject 'CN=from-file.lab' -DnsName site.lab
        Set-Content -LiteralPath $file -Value $new.Pem -NoNewline
        Push-Location $TestDrive
        try { Set-HaproxyCertificate -Name $site -Path ./renewed.pem -Confirm:$false } finally { Pop-Location }
        (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $new.Thumbprint
        $x509 = New-LabCertificate -Subject 'CN=from-x509.lab' -DnsName site.lab -Ecdsa
        Set-HaproxyCertificate -Name $site -Certificate $x509.Certificate -Confirm:$false
        (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $x509.Thumbprint
    }

    It 'sends a chain (RSA 4096 and CAs) and HAProxy serves the leaf with it' {
        $chained = New-LabCertificate -Subject 'CN=chained.lab' -DnsName site.lab -KeySize 4096 -ChainLength 2
        $cert = Set-HaproxyCertificate -Name $site -Pem $chained.Pem -Confirm:$false -PassThru
        $cert.KeySize | Should -Be 4096
        $cert.ChainSubjects | Should -Be @('/CN=lab-ca-1', '/CN=lab-ca-0')
        (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $chained.Thumbprint
    }

    It 'refuses <Case> with a clear error, aborts, and the old certificate keeps serving' -ForEach @(
        @{ Case = 'a garbage PEM'; Id = 'HaproxyInvalidCommand'; Text = "Can't load the payload"; Make = { "not a certificate`nat all" } }
        @{ Case = 'a key that is not the certificate''s'; Id = 'HaproxyInvalidCommand'; Text = 'inconsistencies between private key and certificate'; Make = {
                $a = New-LabCertificate -Subject 'CN=a.lab'; $b = New-LabCertificate -Subject 'CN=b.lab'
                ($a.Pem -split '(?=-----BEGIN PRIVATE KEY-----)')[0] + ($b.Pem -split '(?=-----BEGIN PRIVATE KEY-----)')[1] } }
        @{ Case = 'a payload over tune.cli.max-payload-size'; Id = 'HaproxyInvalidCommand'; Text = 'The payload is too big'; Make = {
                (New-LabCertificate -Subject 'CN=huge.lab' -ChainLength 20).Pem } }
    ) {
        $pem = & $Make
        $out = Set-HaproxyCertificate -Name $site -Pem $pem -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue -Verbose 4>&1
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $e[0].Exception.Message | Should -BeLike "*$Text*"
        (Get-SentLines $out)[-1] | Should -Be "abort ssl cert $site"
        (Get-LabServedCertificate -Lab $lab).Subject | Should -Be 'CN=baseline.lab'
        Get-LabSslTransaction -Lab $lab | Should -BeNullOrEmpty
    }

    It 'accepts an expired certificate: HAProxy does not check the validity dates, and serves it' {
        $expired = New-LabCertificate -Subject 'CN=expired.lab' -DnsName site.lab -NotBefore ([datetime]::UtcNow.AddDays(-30)) -NotAfter ([datetime]::UtcNow.AddDays(-1))
        $cert = Set-HaproxyCertificate -Name $site -Pem $expired.Pem -Confirm:$false -PassThru
        $cert.Expired | Should -BeTrue
        (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $expired.Thumbprint
    }

    It 'refuses to start while another certificate''s transaction is open, and leaves it alone' {
        $pem = (New-LabCertificate -Subject 'CN=theirs.lab').Pem
        $null = Invoke-LabSocket -Lab $lab -Command "set ssl cert $($lab.ListedCertificate) <<EOFPEM3`n$($pem.TrimEnd("`n"))`nEOFPEM3"
        try {
            $out = Set-HaproxyCertificate -Name $site -Pem (New-LabCertificate -Subject 'CN=mine.lab').Pem -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue -Verbose 4>&1
            $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
            $e[0].Exception.Message | Should -BeLike "*$($lab.ListedCertificate)*"
            Get-SentLines $out | Should -Be @('show ssl cert')
            Get-LabSslTransaction -Lab $lab | Should -Be $lab.ListedCertificate
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command "abort ssl cert $($lab.ListedCertificate)" }
    }

    It 'sends a PEM with an empty line followed by a command as data: the command never runs' {
        # An unused certificate the smuggled line would delete if it ran as a command.
        $null = Invoke-LabSocket -Lab $lab -Command 'new ssl cert victim.pem'
        try {
            $new = New-LabCertificate -Subject 'CN=holed.lab' -DnsName site.lab
            $parts = $new.Pem -split '(?=-----BEGIN PRIVATE KEY-----)'
            $holed = $parts[0] + "`n`ndel ssl cert victim.pem`nshow version`n`n" + $parts[1]
            Set-HaproxyCertificate -Name $site -Pem $holed -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e
            # Stored as data (OpenSSL skips text between PEM blocks) or refused: either way, never executed.
            Get-LabCertificateNames -Lab $lab | Should -Contain 'victim.pem'
            Get-LabSslTransaction -Lab $lab | Should -BeNullOrEmpty
            if ($e.Count -eq 0) { (Get-LabServedCertificate -Lab $lab).Thumbprint | Should -Be $new.Thumbprint }
            else { (Get-LabServedCertificate -Lab $lab).Subject | Should -Be 'CN=baseline.lab' }
        }
        finally { $null = Invoke-LabSocket -Lab $lab -Command 'del ssl cert victim.pem' }
    }

    It 'leaves no transaction and the old certificate served when a payload is cut (the client goes away mid-payload)' {
        # Raw: the line, half the PEM, then the connection closes before the terminator.
        $pem = (New-LabCertificate -Subject 'CN=cut.lab' -DnsName site.lab).Pem
        $client = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
        try {
            $client.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($lab.AdminSocket))
            $half = $pem.Substring(0, [int]($pem.Length / 2))
            $null = $client.Send([Text.Encoding]::UTF8.GetBytes("set ssl cert $site <<EOFCUT1`n$half"))
            Start-Sleep -Milliseconds 200
        }
        finally { $client.Dispose() }
        Start-Sleep -Milliseconds 200
        Get-LabSslTransaction -Lab $lab | Should -BeNullOrEmpty
        (Get-LabServedCertificate -Lab $lab).Subject | Should -Be 'CN=baseline.lab'
    }

    It 'shows the exact lines under -WhatIf and sends nothing but reads' {
        $lines = Get-WhatIfLines { Set-HaproxyCertificate -Name $site -Pem (New-LabCertificate -Subject 'CN=whatif.lab').Pem -WhatIf }
        $lines | Should -Match "set ssl cert .*site.pem << \(\d+ lines, \d+ bytes\)', then 'commit ssl cert"
        (Get-LabServedCertificate -Lab $lab).Subject | Should -Be 'CN=baseline.lab'
    }

    It 'refuses a certificate without its private key before sending anything' {
        $noKey = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((New-LabCertificate).Certificate.RawData)
        Set-HaproxyCertificate -Name $site -Certificate $noKey -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $e[0].Exception.Message | Should -BeLike '*no private key*'
    }
}

Describe 'New-HaproxyCertificate, Remove-HaproxyCertificate and the crt-list entries' {
    AfterEach {
        foreach ($l in Get-LabCrtListLines -Lab $lab) { if ($l -like 'extra.pem:*') { $null = Invoke-LabSocket -Lab $lab -Command "del ssl crt-list $($lab.CrtList) $($l.Split(' ')[0])" } }
        $null = Invoke-LabSocket -Lab $lab -Command 'del ssl cert extra.pem'
    }

    It 'creates a store, fills it, adds it to a crt-list with SNI filters and options, and TLS clients of that name get it' {
        $extra = New-LabCertificate -Subject 'CN=extra.lab' -DnsName extra.lab
        $cert = New-HaproxyCertificate -Name extra.pem -Pem $extra.Pem -PassThru
        $cert.Status | Should -Be 'Unused'
        $entry = Add-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate extra.pem -SniFilter extra.lab, '*.extra.lab' -Option 'alpn h2,http/1.1', 'ssl-min-ver TLSv1.2' -PassThru
        $entry.SniFilters | Should -Be @('extra.lab', '*.extra.lab')
        $entry.Options | Should -Be @('alpn h2,http/1.1', 'ssl-min-ver TLSv1.2')
        Get-LabCrtListLines -Lab $lab | Should -Contain "extra.pem:$($entry.Line) [alpn h2,http/1.1$([char]0) ssl-min-ver TLSv1.2] extra.lab *.extra.lab"
        (Get-LabServedCertificate -Lab $lab -Port $lab.TlsListPort -ServerName extra.lab).Thumbprint | Should -Be $extra.Thumbprint
        @(Get-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate extra.pem).Count | Should -Be 1
    }

    It 'refuses to remove a certificate in use, then removes the entry and the certificate' {
        New-HaproxyCertificate -Name extra.pem -Pem (New-LabCertificate -Subject 'CN=extra.lab' -DnsName extra.lab).Pem
        Add-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate extra.pem
        Remove-HaproxyCertificate -Name extra.pem -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        Get-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate extra.pem | Remove-HaproxyCrtListEntry -Confirm:$false
        Get-LabCrtListLines -Lab $lab | Where-Object { $_ -like 'extra.pem:*' } | Should -BeNullOrEmpty
        Get-HaproxyCertificate -Name extra.pem | Remove-HaproxyCertificate -Confirm:$false
        Get-LabCertificateNames -Lab $lab | Should -Not -Contain 'extra.pem'
    }

    It 'leaves nothing behind when the new certificate''s content is refused' {
        New-HaproxyCertificate -Name extra.pem -Pem "garbage`nPEM" -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        Get-LabCertificateNames -Lab $lab | Should -Not -Contain 'extra.pem'
        Get-LabSslTransaction -Lab $lab | Should -BeNullOrEmpty
    }

    It 'says which refusal: an existing name, a missing crt-list, the default certificate of a bind' {
        New-HaproxyCertificate -Name $site -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
        Add-HaproxyCrtListEntry -CrtList /nope.crtlist -Certificate $site -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Remove-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate $lab.ListedCertificate -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        Get-LabCrtListLines -Lab $lab | Should -Contain "$($lab.ListedCertificate):1 listed.lab"
    }

    It 'lists the entries of every crt-list' {
        $all = @(Get-HaproxyCrtListEntry)
        $all.CrtList | Should -Be @($lab.CrtList)
        $all[0].Certificate | Should -Be $lab.ListedCertificate
        $all[0].Line | Should -Be 1
        $all[0].SniFilters | Should -Be @('listed.lab')
    }
}

Describe 'payload sizes (HAProxy 3.4 defaults: tune.cli.max-payload-size 128 KB)' {
    BeforeAll {
        $plab = Start-HaproxyLab -Tls
        $psession = Connect-Haproxy -Endpoint $plab.AdminEndpoint -Timeout 10s -NoDefault
        # One RSA 4096 leaf and a chain of RSA 4096 CAs (one shared CA key): cut to each size below.
        $big = New-LabCertificate -Subject 'CN=big.lab' -DnsName site.lab -KeySize 4096 -ChainLength 80
        $leaf = $big.Certificate.ExportCertificatePem() + "`n"
        $key = ($big.Pem -split '(?=-----BEGIN PRIVATE KEY-----)')[1]
        $cas = @($big.Chain | ForEach-Object { $_.ExportCertificatePem() + "`n" })
        function Get-SizedPem([int] $Bytes) {
            $pem = $leaf; $i = 0
            while ([Text.Encoding]::UTF8.GetByteCount($pem + $key + $cas[$i]) -le $Bytes -and $i -lt $cas.Count - 1) { $pem += $cas[$i]; $i++ }
            $pem + $key
        }
    }
    AfterAll {
        if ($psession) { Disconnect-Haproxy -Session $psession -Confirm:$false }
        if ($plab) { Stop-HaproxyLab -Lab $plab }
    }

    It 'a <Kb> KB PEM (RSA 4096 and its chain) is set, committed and served' -ForEach @(@{ Kb = 6 }, @{ Kb = 16 }, @{ Kb = 32 }, @{ Kb = 64 }, @{ Kb = 100 }) {
        $pem = Get-SizedPem ($Kb * 1024)
        [Text.Encoding]::UTF8.GetByteCount($pem) | Should -BeGreaterThan (($Kb - 3) * 1024)
        $cert = Set-HaproxyCertificate -Name $plab.TlsCertificate -Pem $pem -PassThru -Confirm:$false -Session $psession
        $cert.KeySize | Should -Be 4096
        (Get-LabServedCertificate -Lab $plab).Thumbprint | Should -Be $big.Thumbprint
        # Back to a small one, so the next size is seen replacing it.
        Set-HaproxyCertificate -Name $plab.TlsCertificate -Pem (New-LabCertificate -Subject 'CN=small.lab' -DnsName site.lab -Ecdsa).Pem -Confirm:$false -Session $psession
    }

    It 'a PEM over 128 KB is refused by HAProxy (The payload is too big), aborted, and the old certificate serves' {
        $pem = Get-SizedPem (135 * 1024)
        [Text.Encoding]::UTF8.GetByteCount($pem) | Should -BeGreaterThan (128 * 1024)
        Set-HaproxyCertificate -Name $plab.TlsCertificate -Pem $pem -Confirm:$false -Session $psession -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $e[0].Exception.Message | Should -BeLike "*The payload is too big*tune.cli.max-payload-size*"
        Get-LabSslTransaction -Lab $plab | Should -BeNullOrEmpty
        (Get-LabServedCertificate -Lab $plab).Subject | Should -Be 'CN=small.lab'
    }
}
