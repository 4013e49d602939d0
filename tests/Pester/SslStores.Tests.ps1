# The TLS stores other than certificates — CA files, CRL files, TLS ticket keys, SNIs, OCSP responses — against a real
# HAProxy 3.4 on loopback whose TLS material is generated with .NET (Start-LabTlsStores: a root CA, an unused second
# CA, a CRL, a leaf with its chain and a stapled OCSP response, three ticket keys). What the module returns and changes
# is checked through the lab's own socket.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-LabTlsStores
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $operator = Connect-Haproxy -Endpoint "unix://$($lab.OperatorSocket)" -Name operator -Timeout 5s -NoDefault

    function Get-LabLines([string] $Command) { @((Invoke-LabSocket -Lab $lab -Command $Command) -split "`n" | Where-Object { $_ -ne '' }) }
    function Get-LabCaFiles { Get-LabLines 'show ssl ca-file' | Where-Object { $_ -notlike '# *' } | ForEach-Object { $_ -replace ' - \d+ certificate\(s\)$', '' } }
    function Get-LabTransaction([string] $Kind) { @(Get-LabLines "show ssl $Kind" | Where-Object { $_ -like '`**' }) }
    function Get-LabKeyLines { @(Get-LabLines 'show tls-keys *' | Where-Object { $_ -match '^\d+\.\d+ ' } | ForEach-Object { ($_ -split ' ')[1] }) }
    function ConvertFrom-Secure([securestring] $Secure) { [System.Net.NetworkCredential]::new('', $Secure).Password }
    # The CLI lines -Verbose shows (not ShouldProcess's "Performing the operation" lines).
    function Get-CliLines($Records) { @(Get-VerboseLines $Records | Where-Object { $_ -like '`[*' }) }
}

AfterAll {
    Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyCaFile' {
    It 'lists every CA file with its certificate count, as HAProxy does' {
        $files = @(Get-HaproxyCaFile)
        @($files | ForEach-Object Name) | Should -BeExactly @(Get-LabCaFiles)
        $files[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyCaFile'
        ($files | Where-Object Name -EQ $lab.CaFile).CertificateCount | Should -Be 1
        ($files | Where-Object Name -EQ $lab.CaFile).Status | Should -BeNullOrEmpty -Because 'the list has no status'
        $files[0].Session | Should -Be $session.Name
    }

    It 'reads a CA file by name: its status and each certificate' {
        $file = Get-HaproxyCaFile -Name $lab.CaFile
        $file.Status | Should -BeExactly 'Used'
        $file.Certificates | Should -HaveCount 1
        $cert = $file.Certificates[0]
        $cert.Index | Should -Be 1
        $cert.Serial | Should -BeExactly ($lab.CaCertificate.SerialNumber -replace '^(00)+', '') -Because 'HAProxy prints the integer''s bytes, .NET its DER content'
        $cert.Sha1Fingerprint | Should -BeExactly $lab.CaCertificate.Thumbprint
        $cert.Subject | Should -BeExactly '/O=HaproxyRuntime Lab/CN=Lab Root CA'
        $cert.Issuer | Should -BeExactly $cert.Subject
        $cert.NotAfter | Should -Be $lab.CaCertificate.NotAfter.ToUniversalTime()
        $cert.Algorithm | Should -BeExactly 'RSA2048'
        (Get-HaproxyCaFile -Name $lab.Ca2File).Status | Should -BeExactly 'Unused' -Because 'only an unused backend names it'
    }

    It 'takes wildcards; an exact name that does not exist is HaproxyObjectNotFound' {
        @(Get-HaproxyCaFile -Name '*ca*.pem' | ForEach-Object Name) | Should -BeExactly @($lab.CaFile, $lab.Ca2File)
        $out = Get-HaproxyCaFile -Name '/nosuch/ca.pem' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'is allowed on an operator socket' {
        @(Get-HaproxyCaFile -Session $operator | ForEach-Object Name) | Should -Contain $lab.CaFile
    }
}

Describe 'New-, Set-, Remove-HaproxyCaFile' {
    It 'creates an empty CA file, fills it, appends to it and removes it' {
        $name = '/lab/new-ca.pem'
        $new = New-HaproxyCaFile -Name $name -PassThru
        $new.Status | Should -BeExactly 'Empty'
        Get-LabCaFiles | Should -Contain $name
        $set = Set-HaproxyCaFile -Name $name -Certificate $lab.CaCertificate -PassThru -Confirm:$false
        $set.Certificates.Subject | Should -BeExactly @('/O=HaproxyRuntime Lab/CN=Lab Root CA')
        $set.Status | Should -BeExactly 'Unused'
        $appended = Set-HaproxyCaFile -Name $name -Path (Join-Path $lab.TlsDirectory 'ca2.pem') -Append -PassThru -Confirm:$false
        $appended.CertificateCount | Should -Be 2
        (Get-LabLines 'show ssl ca-file') | Should -Contain "$name - 2 certificate(s)"
        Get-LabTransaction 'ca-file' | Should -BeNullOrEmpty -Because 'every transaction was committed'
        Remove-HaproxyCaFile -Name $name -Confirm:$false
        Get-LabCaFiles | Should -Not -Contain $name
    }

    It 'replaces the certificates of a CA file in use (the bind line is rebuilt) and shows the exact lines with -Verbose' {
        $records = Set-HaproxyCaFile -Name $lab.CaFile -Certificate $lab.CaCertificate, $lab.Ca2Certificate -Confirm:$false -Verbose 4>&1
        $lines = Get-CliLines $records
        $lines[0] | Should -BeExactly "[$($session.Name)] show ssl ca-file" -Because 'the transaction checks no other one is open first'
        $lines | Should -Contain "[$($session.Name)] commit ssl ca-file $($lab.CaFile)"
        @($lines | Where-Object { $_ -like "*set ssl ca-file $($lab.CaFile) << (* lines, * bytes)" }) | Should -HaveCount 1
        (Get-LabLines 'show ssl ca-file') | Should -Contain "$($lab.CaFile) - 2 certificate(s)"
        (Get-LabLines "show ssl ca-file $($lab.CaFile)") | Should -Contain 'Status: Used'
        Set-HaproxyCaFile -Name $lab.CaFile -Certificate $lab.CaCertificate -Confirm:$false
    }

    It 'a payload HAProxy refuses is aborted: no transaction left, the old certificates kept' {
        $before = Get-LabLines "show ssl ca-file $($lab.CaFile)"
        $e = Get-ThrownError { Set-HaproxyCaFile -Name $lab.CaFile -Pem "not a certificate`n" -Confirm:$false -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $e.Exception.Message | Should -BeLike "*abort ssl ca-file $($lab.CaFile)*"

        Get-LabTransaction 'ca-file' | Should -BeNullOrEmpty
        Get-LabLines "show ssl ca-file $($lab.CaFile)" | Should -BeExactly $before
    }

    It 'refuses to remove a CA file in use (HaproxyObjectNotRemovable) and a CRL file''s name without sending del' {
        $e = Get-ThrownError { Remove-HaproxyCaFile -Name $lab.CaFile -Confirm:$false -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        $records = Remove-HaproxyCaFile -Name $lab.CrlFile -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-CliLines $records | Should -Not -Contain "[$($session.Name)] del ssl ca-file $($lab.CrlFile)"
        Get-LabLines 'show ssl crl-file' | Should -Contain $lab.CrlFile
    }

    It 'New- of an existing name is HaproxyObjectExists' {
        $e = Get-ThrownError { New-HaproxyCaFile -Name $lab.CaFile -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
    }

    It '-WhatIf sends no change' {
        $lines = Get-WhatIfLines { Set-HaproxyCaFile -Name $lab.CaFile -Certificate $lab.Ca2Certificate -WhatIf }
        $lines | Should -BeLike "What if: Performing the operation `"Replace CA file content ('set ssl ca-file $($lab.CaFile) << (* lines, * bytes)', then 'commit ssl ca-file $($lab.CaFile)')`" on target `"$($lab.CaFile)`"."
        (Get-LabLines 'show ssl ca-file') | Should -Contain "$($lab.CaFile) - 1 certificate(s)"
        Remove-HaproxyCaFile -Name $lab.Ca2File -WhatIf
        Get-LabCaFiles | Should -Contain $lab.Ca2File
    }
}

Describe 'Get-, New-, Set-, Remove-HaproxyCrlFile' {
    It 'lists the CRL files and reads one: its lists and revoked serials' {
        @(Get-HaproxyCrlFile | ForEach-Object Name) | Should -BeExactly @(Get-LabLines 'show ssl crl-file' | Where-Object { $_ -notlike '# *' })
        $file = Get-HaproxyCrlFile -Name $lab.CrlFile
        $file.Status | Should -BeExactly 'Used'
        $crl = $file.RevocationLists[0]
        $crl.Issuer | Should -BeExactly '/O=HaproxyRuntime Lab/CN=Lab Root CA'
        $crl.Version | Should -Be 2
        $crl.SignatureAlgorithm | Should -BeExactly 'sha256WithRSAEncryption'
        @($crl.RevokedCertificates | ForEach-Object SerialNumber) | Should -BeExactly @('0BAD', '0BAE')
        $crl.NextUpdate | Should -BeGreaterThan ([datetime]::UtcNow)
    }

    It 'replaces a CRL in use through a transaction' {
        $result = Set-HaproxyCrlFile -Name $lab.CrlFile -Pem (New-LabCrl -Lab $lab -Serial '100A') -PassThru -Confirm:$false
        @($result.RevocationLists[0].RevokedCertificates | ForEach-Object SerialNumber) | Should -BeExactly @('100A')
        (Get-LabLines "show ssl crl-file $($lab.CrlFile)") | Should -Contain '    Serial Number: 100A'
        Get-LabTransaction 'crl-file' | Should -BeNullOrEmpty
    }

    It 'creates and removes a CRL file; New- and Remove- pipe by name' {
        '/lab/new.crl' | New-HaproxyCrlFile
        Get-LabLines 'show ssl crl-file' | Should -Contain '/lab/new.crl'
        (Get-HaproxyCrlFile -Name '/lab/new.crl').Status | Should -BeExactly 'Empty'
        Get-HaproxyCrlFile -Name '/lab/new.crl' | Remove-HaproxyCrlFile -Confirm:$false
        Get-LabLines 'show ssl crl-file' | Should -Not -Contain '/lab/new.crl'
    }
}

Describe 'Get-HaproxyTlsKey and Set-HaproxyTlsKey' {
    It 'lists the references without their keys, then with -IncludeKey the keys as SecureStrings' {
        $refs = @(Get-HaproxyTlsKey)
        $refs | Should -HaveCount 1
        $refs[0].File | Should -BeExactly $lab.TicketKeys
        $refs[0].Keys | Should -BeNullOrEmpty
        $withKeys = Get-HaproxyTlsKey -Reference $lab.TicketKeys -IncludeKey
        $withKeys.Keys | Should -HaveCount 3
        $withKeys.Keys[0].Key | Should -BeOfType [securestring]
        $withKeys.Keys[0].Bits | Should -Be 256
        @($withKeys.Keys | ForEach-Object { ConvertFrom-Secure $_.Key }) | Should -BeExactly @(Get-LabKeyLines)
        @(Get-HaproxyTlsKey -Reference "#$($refs[0].Id)" | ForEach-Object File) | Should -BeExactly @($lab.TicketKeys)
    }

    It 'sets the next key: it becomes the last of the three, and -Verbose and -WhatIf never show it' {
        $before = Get-LabKeyLines
        $bytes = [byte[]](1..80)
        $b64 = [Convert]::ToBase64String($bytes)
        $records = Set-HaproxyTlsKey -Reference $lab.TicketKeys -KeyBytes $bytes -Verbose 4>&1
        $after = Get-LabKeyLines
        $after[2] | Should -BeExactly $b64
        $after[0..1] | Should -BeExactly $before[1..2]
        Get-CliLines $records | Should -BeExactly @("[$($session.Name)] set ssl tls-key $($lab.TicketKeys) ****")
        ((Get-VerboseLines $records) -join "`n") | Should -Not -BeLike "*$b64*"
        $whatIf = Get-WhatIfLines { Set-HaproxyTlsKey -Reference $lab.TicketKeys -Key (ConvertTo-SecureString $b64 -AsPlainText -Force) -WhatIf }
        $whatIf | Should -BeExactly @("What if: Performing the operation `"Set TLS ticket key ('set ssl tls-key $($lab.TicketKeys) ****')`" on target `"$($lab.TicketKeys)`".")
        Get-LabKeyLines | Should -BeExactly $after
    }

    It 'copies the keys of one reference onto another by the pipeline (SecureString -Key)' {
        $keys = (Get-HaproxyTlsKey -IncludeKey).Keys
        $keys | Set-HaproxyTlsKey -PassThru | ForEach-Object File | Select-Object -Unique | Should -BeExactly $lab.TicketKeys
        @(Get-LabKeyLines) | Should -BeExactly @($keys | ForEach-Object { ConvertFrom-Secure $_.Key })
    }

    It 'refuses a key of a size HAProxy never takes before sending, and HAProxy refuses the other size' {
        $e = Get-ThrownError { Set-HaproxyTlsKey -Reference $lab.TicketKeys -KeyBytes ([byte[]]::new(50)) -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $e = Get-ThrownError { Set-HaproxyTlsKey -Reference $lab.TicketKeys -KeyBytes ([byte[]]::new(48)) -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $e.Exception.Message | Should -BeLike '*wrong size*'
        $e.Exception.Message | Should -BeLike '******'
        $e = Get-ThrownError { Set-HaproxyTlsKey -Reference $lab.TicketKeys -Key (ConvertTo-SecureString 'not base64!' -AsPlainText -Force) -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }

    It 'an unknown reference is HaproxyObjectNotFound; an operator socket is denied' {
        $e = Get-ThrownError { Set-HaproxyTlsKey -Reference '/nosuch.keys' -KeyBytes ([byte[]]::new(80)) -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $e = Get-ThrownError { Get-HaproxyTlsKey -Session $operator -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
    }
}

Describe 'Get-HaproxySslSni' {
    It 'lists the SNIs of every bind line as HAProxy does, with the certificate and its validity' {
        $snis = @(Get-HaproxySslSni)
        $raw = @(Get-LabLines 'show ssl sni' | Where-Object { $_ -notlike '# *' })
        $snis | Should -HaveCount $raw.Count
        @($snis | ForEach-Object Sni) | Should -BeExactly @($raw | ForEach-Object { ($_ -split "`t")[1] })
        $snis[0].Frontend | Should -BeExactly 'tls-stores'
        $snis[0].Bind | Should -BeLike '*haproxy.cfg:*'
        $snis[0].Certificate | Should -BeExactly $lab.Certificate
        $snis[0].KeyType | Should -BeExactly 'rsa'
        $snis[0].NotAfter | Should -Be $lab.LeafCertificate.NotAfter.ToUniversalTime()
        @($snis | ForEach-Object Sni) | Should -Contain '*'
    }

    It 'filters by frontend and by expiry' {
        @(Get-HaproxySslSni -Frontend tls-stores | ForEach-Object Sni) | Should -BeExactly @('lab.example', 'www.lab.example', '*')
        @(Get-HaproxySslSni -Frontend tls-ocsp-update | ForEach-Object Sni) | Should -Contain 'ocsp.lab.example'
        Get-HaproxySslSni -Expired | Should -BeNullOrEmpty
        Get-HaproxySslSni -ExpiresWithin '30d' | Should -BeNullOrEmpty
        @(Get-HaproxySslSni -ExpiresWithin '100d').Count | Should -Be @(Get-HaproxySslSni).Count -Because 'the leaf expires in 90 days'
        $records = Get-HaproxySslSni -ExpiresWithin '100d' -Verbose 4>&1
        Get-CliLines $records | Should -Be "[$($session.Name)] show ssl sni -A -t 8640000s"
    }

    It 'an unknown frontend is HaproxyObjectNotFound' {
        $e = Get-ThrownError { Get-HaproxySslSni -Frontend nosuch -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'OCSP responses' {
    It 'lists the responses with their certificate id, the one under automatic update too' {
        $list = @(Get-HaproxyOcspResponse)
        @($list | ForEach-Object Path) | Should -BeExactly @($lab.Certificate, $lab.OcspUpdateCertificate)
        $list[0].SerialNumber | Should -BeExactly '100A'
        $list[1].SerialNumber | Should -BeExactly '200B'
        @($list | ForEach-Object CertificateId) | Should -BeExactly @((Get-LabLines 'show ssl ocsp-response' | Where-Object { $_ -like 'Certificate ID key : *' }) -replace '^Certificate ID key : ', '')
    }

    It 'reads the entry that has no response yet as one without content' {
        $none = Get-HaproxyOcspResponse -Id $lab.OcspUpdateCertificate
        $none.Path | Should -BeExactly $lab.OcspUpdateCertificate
        $none.ResponseStatus | Should -BeNullOrEmpty
        $none.Text | Should -BeNullOrEmpty
    }

    It 'reads a response by certificate file or by id: status, validity, the whole text' {
        $byPath = Get-HaproxyOcspResponse -Id $lab.Certificate
        $byPath.ResponseStatus | Should -BeExactly 'successful (0x0)'
        $byPath.CertificateStatus | Should -BeExactly 'good'
        $byPath.NextUpdate | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(6))
        $byPath.Text | Should -Contain 'OCSP Response Data:'
        $byId = Get-HaproxyOcspResponse -Id $byPath.CertificateId
        $byId.ThisUpdate | Should -Be $byPath.ThisUpdate
        $e = Get-ThrownError { Get-HaproxyOcspResponse -Id '/nosuch.pem' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'Invoke-HaproxyCommand reads the base64 form, whose answer HAProxy 3.4 ends without its line end, and the session goes on' {
        $b64 = @(Invoke-HaproxyCommand "show ssl ocsp-response base64 $($byPathId = (Get-HaproxyOcspResponse -Id $lab.Certificate).CertificateId; $byPathId)" -ErrorAction Stop)
        $b64 | Should -HaveCount 1
        [Convert]::FromBase64String($b64[0]).Length | Should -BeGreaterThan 100
        (Get-HaproxyInfo).ProcessId | Should -Be $lab.ProcessId
    }

    It 'replaces the stapled response (DER bytes, a file, base64) and HAProxy refuses what is no response' {
        $next = [DateTimeOffset]::UtcNow.AddDays(3)
        $der = New-LabOcspResponse -Leaf $lab.LeafCertificate -Issuer $lab.CaCertificate -IssuerKey $lab.CaKey -NextUpdate $next
        $records = Set-HaproxyOcspResponse -Response $der -Verbose 4>&1
        Get-CliLines $records | Should -Be "[$($session.Name)] set ssl ocsp-response << (10 lines, 622 bytes)"
        (Get-LabLines "show ssl ocsp-response $($lab.Certificate)" | Where-Object { $_ -like '*Next Update:*' }) | Should -BeLike "*$($next.UtcDateTime.ToString('yyyy', [cultureinfo]::InvariantCulture)) GMT"
        (Get-HaproxyOcspResponse -Id $lab.Certificate).NextUpdate | Should -BeLessThan ([datetime]::UtcNow.AddDays(4))
        $file = Join-Path $lab.TlsDirectory 'next.ocsp'
        [IO.File]::WriteAllBytes($file, (New-LabOcspResponse -Leaf $lab.LeafCertificate -Issuer $lab.CaCertificate -IssuerKey $lab.CaKey -NextUpdate ([DateTimeOffset]::UtcNow.AddDays(5))))
        Set-HaproxyOcspResponse -Path $file
        (Get-HaproxyOcspResponse -Id $lab.Certificate).NextUpdate | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(4))
        Set-HaproxyOcspResponse -Base64 ([Convert]::ToBase64String($der))
        (Get-HaproxyOcspResponse -Id $lab.Certificate).NextUpdate | Should -BeLessThan ([datetime]::UtcNow.AddDays(4))
        $e = Get-ThrownError { Set-HaproxyOcspResponse -Response ([byte[]](1, 2, 3)) -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $expired = New-LabOcspResponse -Leaf $lab.LeafCertificate -Issuer $lab.CaCertificate -IssuerKey $lab.CaKey -ThisUpdate ([DateTimeOffset]::UtcNow.AddDays(-3)) -NextUpdate ([DateTimeOffset]::UtcNow.AddDays(-1))
        $e = Get-ThrownError { Set-HaproxyOcspResponse -Response $expired -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $e.Exception.Message | Should -BeLike '*OCSP single response*'
    }

    It 'schedules an update of a certificate''s response; an unknown certificate is HaproxyObjectNotFound' {
        $records = Update-HaproxyOcspResponse -Certificate $lab.Certificate -Verbose 4>&1
        Get-CliLines $records | Should -Be "[$($session.Name)] update ssl ocsp-response $($lab.Certificate)"
        $e = Get-ThrownError { Update-HaproxyOcspResponse -Certificate '/nosuch.pem' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        Get-HaproxyOcspResponse | Update-HaproxyOcspResponse -WhatIf
    }

    It 'Get-HaproxyOcspUpdate reads the automatic updates: the lab''s responder answers 404' {
        $updates = @(Get-HaproxyOcspUpdate)
        $updates | Should -HaveCount 1
        $updates[0].Path | Should -BeExactly $lab.OcspUpdateCertificate
        $updates[0].CertificateId | Should -BeExactly (Get-HaproxyOcspResponse | Where-Object Path -EQ $lab.OcspUpdateCertificate).CertificateId
        $updates[0].NextUpdate | Should -BeOfType [datetime]
        $updates[0].LastUpdateStatusText | Should -BeIn @('Unknown', 'HTTP error')
        $raw = @(Get-LabLines 'show ssl ocsp-updates')[1] -split ' \| '
        $updates[0].Failures | Should -BeGreaterOrEqual ([long]$raw[5])
        $e = Get-ThrownError { Get-HaproxyOcspUpdate -Session $operator -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
    }
}
