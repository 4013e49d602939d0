# Starts and stops throw-away HAProxy instances (3.4 by default; 3.2, 3.0 and 2.6 side by side for a version matrix) on
# loopback for the Pester tests and the demo.
# Everything listens on 127.0.0.1 ports picked free at start, or on Unix sockets in a temporary folder; the instance is
# stopped by its PID. Nothing here sends traffic anywhere but loopback: the load client and the slow application
# (build/LoadClient.cs, compiled on first use) refuse any address but 127.0.0.1 and ::1.
Set-StrictMode -Version Latest

# Every port Get-FreeTcpPort handed out in this process: none is handed out twice. Two listeners of one HAProxy on the
# same port both bind (HAProxy sets SO_REUSEPORT) and share its connections - a CLI client got an HTTP frontend's
# '400 Bad request' about half the time - so a lab's ports must be distinct even though each probe frees its port.
$script:HandedOutPorts = [System.Collections.Generic.HashSet[int]]::new()
$script:PortRandom = [System.Random]::new()
# Lab ports come from the 12,000 ports below the kernel's ephemeral range (read once; 32768 where there is no /proc).
$script:EphemeralLow = 32768
if (Test-Path '/proc/sys/net/ipv4/ip_local_port_range') {
    $script:EphemeralLow = [int]((Get-Content -Raw '/proc/sys/net/ipv4/ip_local_port_range').Trim() -split '\s+')[0]
}
$script:LabPortMin = [Math]::Max(1024, $script:EphemeralLow - 12000)

function Get-FreeTcpPort {
    <#
    .SYNOPSIS
    A loopback TCP port nothing listens on, for a lab listener. Taken at random below the kernel's ephemeral range
    (/proc/sys/net/ipv4/ip_local_port_range), so no outgoing connection can take it as its source port between this
    probe and HAProxy's bind, and never one this process handed out before.
    #>
    for ($try = 0; $try -lt 200; $try++) {
        $port = $script:PortRandom.Next($script:LabPortMin, $script:EphemeralLow)
        if ($script:HandedOutPorts.Contains($port)) { continue }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port)
        try { $listener.Start() } catch { continue }   # in use
        $listener.Stop()
        $null = $script:HandedOutPorts.Add($port)
        return $port
    }
    throw "No free loopback TCP port found between $($script:LabPortMin) and $($script:EphemeralLow)."
}

function Resolve-HaproxyBinary {
    <#
    .SYNOPSIS
    Finds a HAProxy for the lab. Without -Line: a HAProxy >= 3.4 - $env:HAPROXY_BIN, else `haproxy` on PATH, else 3.4
    installed from Debian's packages into a cache folder outside the clone (build/install-haproxy.sh).
    With -Line (e.g. 3.2): $env:HAPROXY_BIN if it is that line, else that line installed by build/install-haproxy.sh
    into its own cache folder (~/.cache/haproxyruntime/haproxy-<line>); lines side by side never replace each other.
    #>
    [CmdletBinding()]
    param(
        # A HAProxy line, major.minor: 3.4, 3.2, 3.0 or 2.6 (what build/install-haproxy.sh can install).
        [ValidatePattern('^\d+\.\d+$')]
        [string] $Line
    )
    $installer = Join-Path $PSScriptRoot 'install-haproxy.sh'
    if ($Line) {
        if ($env:HAPROXY_BIN) {
            if (Test-HaproxyVersion $env:HAPROXY_BIN -Line $Line) { return $env:HAPROXY_BIN }
            Write-Verbose "Ignoring HAPROXY_BIN='$($env:HAPROXY_BIN)': not HAProxy $Line."
        }
        $output = & bash $installer $Line
        if ($LASTEXITCODE -ne 0) {
            throw "Installing HAProxy $Line failed (exit $LASTEXITCODE; build/install-haproxy.sh said why above)."
        }
        $path = @($output)[-1]
        if (-not (Test-HaproxyVersion $path -Line $Line)) { throw "The installed HAProxy at '$path' is not $Line." }
        return $path
    }
    $candidates = @()
    if ($env:HAPROXY_BIN) { $candidates += $env:HAPROXY_BIN }
    $onPath = Get-Command haproxy -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $candidates += $onPath.Source }
    foreach ($candidate in $candidates) {
        if (Test-HaproxyVersion $candidate) { return $candidate }
        if ($candidate -eq $env:HAPROXY_BIN) { throw "HAPROXY_BIN='$candidate' is not a HAProxy 3.4 or later." }
        Write-Verbose "Ignoring $candidate on PATH: not HAProxy 3.4 or later."
    }
    $output = & bash $installer
    if ($LASTEXITCODE -ne 0) { throw "Installing HAProxy 3.4 failed (exit $LASTEXITCODE)." }
    $path = @($output)[-1]
    if (-not (Test-HaproxyVersion $path)) { throw "The installed HAProxy at '$path' is not 3.4 or later." }
    $path
}

function Get-HaproxyVersion {
    <#
    .SYNOPSIS
    The version a HAProxy binary reports on its first `-v` line ("HAProxy version 3.2.26-1 2026/10/14 - ..."), as a
    [version] major.minor.patch (3.2.26; a development build "3.5-dev3" is 3.5.0). Throws when the file is missing or
    does not answer as a HAProxy. Its line is "$($v.Major).$($v.Minor)".
    #>
    [CmdletBinding()]
    [OutputType([version])]
    param([Parameter(Mandatory, Position = 0)] [string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) { throw "No HAProxy at '$Path'." }
    $said = @(& $Path -v 2>&1 | ForEach-Object { "$_" })
    $first = @($said | Where-Object { $_ -match '^HAProxy version (\d+)\.(\d+)(?:\.(\d+))?' })
    if (-not $first) {
        throw "'$Path' is not a HAProxy: -v said '$($said | Select-Object -First 1)' (exit $LASTEXITCODE)."
    }
    $null = $first[0] -match '^HAProxy version (\d+)\.(\d+)(?:\.(\d+))?'
    [version]::new([int]$Matches[1], [int]$Matches[2], $(if ($Matches[3]) { [int]$Matches[3] } else { 0 }))
}

function Test-HaproxyVersion {
    <#
    .SYNOPSIS
    Whether -Path is a HAProxy of at least -Minimum (a line, major.minor; 3.4 when nothing is asked) or, with -Line,
    of exactly that line. False for a missing file or something that is not a HAProxy.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Minimum')]
    [OutputType([bool])]
    param(
        [Parameter(Position = 0)] [string] $Path,
        [Parameter(ParameterSetName = 'Minimum')] [ValidatePattern('^\d+\.\d+$')] [string] $Minimum = '3.4',
        [Parameter(Mandatory, ParameterSetName = 'Line')] [ValidatePattern('^\d+\.\d+$')] [string] $Line
    )
    if (-not $Path -or -not (Test-Path -LiteralPath $Path)) { return $false }
    try { $version = Get-HaproxyVersion $Path } catch { return $false }
    $reported = [version]::new($version.Major, $version.Minor)
    if ($PSCmdlet.ParameterSetName -eq 'Line') { return $reported -eq [version]$Line }
    $reported -ge [version]$Minimum
}

function New-LabCertificate {
    <#
    .SYNOPSIS
    A throw-away certificate made with .NET (no openssl): returns Certificate (an X509Certificate2 with its private
    key), Pem (the certificate, its chain and the PKCS#8 key, as HAProxy loads it) and Thumbprint.
    .DESCRIPTION
    -ChainLength N adds N CA certificates (an issuing chain, root last) signed in turn and sent after the leaf; they
    share one key of -KeySize bits, so a long chain (for payload sizes) costs one key generation, not N. -NotBefore and
    -NotAfter set the validity (an expired certificate: both in the past). -Ecdsa makes a P-256 key instead of RSA.
    #>
    [CmdletBinding()]
    param(
        [string] $Subject = 'CN=lab',
        [string[]] $DnsName = @(),
        [int] $KeySize = 2048,
        [datetime] $NotBefore = [datetime]::UtcNow.AddDays(-1),
        [datetime] $NotAfter = [datetime]::UtcNow.AddDays(30),
        [int] $ChainLength = 0,
        [switch] $Ecdsa
    )
    $sha = [System.Security.Cryptography.HashAlgorithmName]::SHA256
    $pss = [System.Security.Cryptography.RSASignaturePadding]::Pkcs1
    function New-Request($name, $key) {
        if ($key -is [System.Security.Cryptography.RSA]) { [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($name, $key, $sha, $pss) }
        else { [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($name, $key, $sha) }
    }
    $key = if ($Ecdsa) { [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256) } else { [System.Security.Cryptography.RSA]::Create($KeySize) }
    $chain = @()
    $issuer = $null
    if ($ChainLength -gt 0) {
        $caKey = [System.Security.Cryptography.RSA]::Create($KeySize)
        # Root first, then each intermediate signed by the one before; sent leaf-side first.
        for ($i = 0; $i -lt $ChainLength; $i++) {
            $request = New-Request "CN=lab-ca-$i" $caKey
            $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
            $ca = if ($null -eq $issuer) { $request.CreateSelfSigned($NotBefore.AddDays(-1), $NotAfter.AddDays(1)) }
                  else { $serial = [byte[]]::new(16); [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial); [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($request.Create($issuer, $NotBefore.AddDays(-1), $NotAfter.AddDays(1), $serial), $caKey) }
            $chain = @($ca) + $chain
            $issuer = $ca
        }
    }
    $request = New-Request $Subject $key
    if ($DnsName) {
        $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        foreach ($d in $DnsName) { $san.AddDnsName($d) }
        $request.CertificateExtensions.Add($san.Build())
    }
    $cert = if ($null -eq $issuer) { $request.CreateSelfSigned($NotBefore, $NotAfter) }
            else {
                $serial = [byte[]]::new(16); [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial)
                $signed = $request.Create($issuer, $NotBefore, $NotAfter, $serial)
                if ($Ecdsa) { [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($signed, $key) }
                else { [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($signed, $key) }
            }
    $pem = [System.Text.StringBuilder]::new()
    $null = $pem.Append($cert.ExportCertificatePem()).Append("`n")
    foreach ($c in $chain) { $null = $pem.Append($c.ExportCertificatePem()).Append("`n") }
    $null = $pem.Append($key.ExportPkcs8PrivateKeyPem()).Append("`n")
    [pscustomobject]@{ Certificate = $cert; Chain = $chain; Pem = $pem.ToString(); Thumbprint = $cert.Thumbprint }
}

function Start-HaproxyLab {
    <#
    .SYNOPSIS
    Starts a HAProxy with the seed's configuration on free loopback ports.
    .DESCRIPTION
    Sockets: an admin TCP socket, an admin Unix socket, an operator Unix socket and a user Unix socket.
    Frontend 'myfrontend1' routes with use_backend %[path,map_beg(<PathsMap>)], default backend 'webservers'.
    PathsMap is the virtual map 'virt@paths.map' (in memory, starts empty) on HAProxy 3.0 and later; older versions
    have no virtual maps (virt@ came with 3.0-dev1), so there it is an empty file in the lab's folder, named by its
    absolute path ('show map' and 'add map' take that name). The lab's HaproxyVersion is what -v reported.
    Two tiny HTTP "applications" are HAProxy frontends that answer with a fixed body: 'app-default' (behind
    webservers/web1) and 'app-dynamic' (the target the seed's health-checked dynamic server points at).
    With -StickTables, the lab also has stick tables of every key type (backends st_ip, st_ipv6, st_int, st_str,
    st_bin, which only hold the tables) and a frontend 'st-tracked' on $lab.TrackedPort that fills them with real
    traffic: every request tracks its client address in st_ip (st_ipv6 for paths under /v6), its path in st_str, a
    header x-bin in st_bin and a query parameter n in st_int; a path under /inc also increments gpc0 in st_ip and
    gpc1 in st_str. Every line from 2.6 on accepts it. TrackedPort is 0 without -StickTables.
    With -Tls, the lab also has a frontend 'tls-site' with two loopback TLS listeners: $lab.TlsPort serves the
    certificate file $lab.TlsCertificate ('bind … ssl crt', a self-signed RSA 2048 CN=site.lab made with .NET at start),
    and $lab.TlsListPort serves the crt-list $lab.CrtList, whose one entry is $lab.ListedCertificate (CN=listed.lab,
    SNI filter listed.lab). TlsPort and TlsListPort are 0 without -Tls.
    With -Reuse, starts a new HAProxy for a lab whose HAProxy was stopped (Stop-HaproxyLab) or killed: the same TCP
    ports, Unix socket paths, folder and configuration (its -ExtraGlobal/-ExtraConfig/-MasterWorker), so clients that
    knew the old instance find the new one where it was. The lab object is updated in place (new ProcessId) and
    returned.
    A configuration HAProxy rejects, or a start that fails, throws with HAProxy's own reason and leaves no folder or
    process behind.
    #>
    [CmdletBinding(DefaultParameterSetName = 'New')]
    param(
        [Parameter(ParameterSetName = 'New')]
        [string] $HaproxyPath,
        [Parameter(ParameterSetName = 'New')]
        [string] $ExtraGlobal = '',
        [Parameter(ParameterSetName = 'New')]
        [string] $ExtraConfig = '',
        # Master-worker mode (-W) with a master CLI socket, for reload tests. The pid file then holds the master's PID.
        [Parameter(ParameterSetName = 'New')]
        [switch] $MasterWorker,
        # Stick tables of every key type, and a frontend that fills them (see the description).
        [Parameter(ParameterSetName = 'New')]
        [switch] $StickTables,
        # TLS listeners with throw-away certificates (see the description).
        [Parameter(ParameterSetName = 'New')]
        [switch] $Tls,
        # A lab returned by an earlier Start-HaproxyLab whose HAProxy is no longer running.
        [Parameter(Mandatory, ParameterSetName = 'Reuse')]
        [ValidateNotNull()]
        [psobject] $Reuse
    )
    if ($PSCmdlet.ParameterSetName -eq 'Reuse') {
        $lab = $Reuse
        if ($lab.ProcessId -and (Get-Process -Id $lab.ProcessId -ErrorAction SilentlyContinue)) {
            throw "The lab's HAProxy (PID $($lab.ProcessId)) is still running; stop it first (Stop-HaproxyLab)."
        }
        if (-not (Test-Path $lab.Directory)) { New-Item -ItemType Directory -Path $lab.Directory | Out-Null }
        # Left behind by a killed instance: the start is detected by these files appearing.
        foreach ($stale in $lab.PidFile, $lab.AdminSocket) { Remove-Item -Force -Path $stale -ErrorAction SilentlyContinue }
        Start-LabProcess $lab
        return $lab
    }
    if (-not $HaproxyPath) { $HaproxyPath = Resolve-HaproxyBinary }
    $version = Get-HaproxyVersion $HaproxyPath
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("haproxylab-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $lab = $null
    try {
        $lab = [pscustomobject]@{
            PSTypeName       = 'HaproxyLab'
            Directory        = $dir
            HaproxyPath      = $HaproxyPath
            HaproxyVersion   = $version
            AdminPort        = Get-FreeTcpPort
            FrontendPort     = Get-FreeTcpPort
            DefaultAppPort   = Get-FreeTcpPort
            DynamicAppPort   = Get-FreeTcpPort
            TrackedPort      = if ($StickTables) { Get-FreeTcpPort } else { 0 }
            TlsPort          = if ($Tls) { Get-FreeTcpPort } else { 0 }
            TlsListPort      = if ($Tls) { Get-FreeTcpPort } else { 0 }
            TlsCertificate   = if ($Tls) { Join-Path $dir 'site.pem' } else { $null }
            ListedCertificate = if ($Tls) { Join-Path $dir 'listed.pem' } else { $null }
            CrtList          = if ($Tls) { Join-Path $dir 'sites.crtlist' } else { $null }
            AdminSocket      = Join-Path $dir 'admin.sock'
            OperatorSocket   = Join-Path $dir 'operator.sock'
            UserSocket       = Join-Path $dir 'user.sock'
            MasterSocket     = if ($MasterWorker) { Join-Path $dir 'master.sock' } else { $null }
            ConfigPath       = Join-Path $dir 'haproxy.cfg'
            PidFile          = Join-Path $dir 'haproxy.pid'
            PathsMap         = if ($version -ge [version]'3.0') { 'virt@paths.map' } else { Join-Path $dir 'paths.map' }
            ProcessId        = 0
            AdminEndpoint    = $null
            FrontendUrl      = $null
            ExtraGlobal      = $ExtraGlobal
            ExtraConfig      = $ExtraConfig
        }
        $lab.AdminEndpoint = "tcp://127.0.0.1:$($lab.AdminPort)"
        $lab.FrontendUrl = "http://127.0.0.1:$($lab.FrontendPort)"
        Start-LabProcess $lab
    }
    catch {
        if ($lab) { Stop-HaproxyLab $lab }   # whatever did start
        Remove-Item -Recurse -Force -LiteralPath $dir -ErrorAction SilentlyContinue
        throw
    }
    $lab
}

function Test-UnixListening {
    <# Whether something accepts connections on the Unix socket at -Path. #>
    param([string] $Path)
    if (-not (Test-Path $Path)) { return $false }
    $probe = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
    try { $probe.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($Path)); $true }
    catch { $false }
    finally { $probe.Dispose() }
}

function Start-LabProcess {
    <# Writes the lab's configuration, starts HAProxy on it and waits for its pid file and admin socket. #>
    param($Lab)
    if (-not $lab.PathsMap.StartsWith('virt@')) {
        # Before 3.0 a map is a file the configuration loads; it starts empty like the virtual one (and a lab started
        # again with -Reuse starts with an empty map, as a virtual map would).
        [System.IO.File]::WriteAllText($lab.PathsMap, '')
    }
    # Stick tables of each key type (in backends of their own, which hold nothing else) and the frontend that tracks
    # real requests into them: sc0 the client address, sc1 the path, sc2 a header (binary) or a query parameter
    # (integer). A track-sc rule is skipped when its counter is already tracked, so /v6 paths go to st_ipv6 only.
    $stickConfig = if (-not $lab.TrackedPort) { '' } else { @"

backend st_ip
    stick-table type ip size 10k expire 10m store gpc0,conn_cnt,http_req_cnt,http_req_rate(10s)

backend st_ipv6
    stick-table type ipv6 size 1k expire 10m store gpc0,http_req_cnt

backend st_int
    stick-table type integer size 1k expire 10m store gpt0,http_req_cnt

backend st_str
    stick-table type string len 32 size 1k expire 10m store gpc(2),gpc_rate(2,1m),http_req_cnt,server_id

backend st_bin
    stick-table type binary len 8 size 1k expire 10m store gpc0,http_req_cnt

frontend st-tracked
    bind 127.0.0.1:$($lab.TrackedPort)
    http-request track-sc0 src table st_ipv6 if { path_beg /v6 }
    http-request track-sc0 src table st_ip
    http-request track-sc1 path table st_str
    http-request track-sc2 req.hdr(x-bin) table st_bin if { req.hdr(x-bin) -m found }
    http-request track-sc2 url_param(n) table st_int if { url_param(n) -m found }
    http-request sc-inc-gpc0(0) if { path_beg /inc }
    http-request sc-inc-gpc(1,1) if { path_beg /inc }
    http-request return status 200 content-type text/plain string "tracked"
"@ }
    $tlsConfig = ''
    if ($lab.PSObject.Properties['TlsPort'] -and $lab.TlsPort) {
        if (-not (Test-Path $lab.TlsCertificate)) {
            [System.IO.File]::WriteAllText($lab.TlsCertificate, (New-LabCertificate -Subject 'CN=site.lab' -DnsName 'site.lab').Pem)
            [System.IO.File]::WriteAllText($lab.ListedCertificate, (New-LabCertificate -Subject 'CN=listed.lab' -DnsName 'listed.lab').Pem)
            [System.IO.File]::WriteAllText($lab.CrtList, "$($lab.ListedCertificate) listed.lab`n")
        }
        $tlsConfig = @"

frontend tls-site
    bind 127.0.0.1:$($lab.TlsPort) ssl crt $($lab.TlsCertificate)
    bind 127.0.0.1:$($lab.TlsListPort) ssl crt-list $($lab.CrtList)
    http-request return status 200 content-type text/plain string "tls"
"@
    }
    $config = @"
global
    stats socket ipv4@127.0.0.1:$($lab.AdminPort) level admin
    stats socket $($lab.AdminSocket) mode 600 level admin
    stats socket $($lab.OperatorSocket) mode 600 level operator
    stats socket $($lab.UserSocket) mode 600 level user
    stats timeout 30s
$($lab.ExtraGlobal)

defaults mydefaults
    log global
    mode http
    option httplog
    option dontlognull
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend myfrontend1
    bind 127.0.0.1:$($lab.FrontendPort)
    use_backend %[path,map_beg($($lab.PathsMap))]
    default_backend webservers

backend webservers
    server web1 127.0.0.1:$($lab.DefaultAppPort)

frontend app-default
    bind 127.0.0.1:$($lab.DefaultAppPort)
    http-request return status 200 content-type text/plain string "served by webservers"

frontend app-dynamic
    bind 127.0.0.1:$($lab.DynamicAppPort)
    http-request return status 200 content-type text/plain string "served by mybackend1"
$stickConfig
$tlsConfig
$($lab.ExtraConfig)
"@
    Set-Content -Path $lab.ConfigPath -Value $config -Encoding ascii
    # Not -q: with it, 2.6 says nothing at all about why it rejects a configuration.
    $check = @(& $lab.HaproxyPath -c -f $lab.ConfigPath 2>&1 | ForEach-Object { "$_" })
    if ($LASTEXITCODE -ne 0) {
        $reasons = @($check | Where-Object { $_ -match '\[ALERT\]' })
        if (-not $reasons) { $reasons = $check }
        throw "HAProxy $($lab.HaproxyVersion) rejected the lab configuration: $($reasons -join "`n")"
    }
    $modeArgs = if ($lab.MasterSocket) { @('-W', '-S', $lab.MasterSocket) } else { @() }
    $startOutput = & $lab.HaproxyPath @modeArgs -D -p $lab.PidFile -f $lab.ConfigPath 2>&1
    if ($LASTEXITCODE -ne 0) { throw "HAProxy did not start: $startOutput" }
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    # The master CLI socket file appears (before 3.2) a moment before the master listens on it: wait for a connection.
    while (-not ((Test-Path $lab.PidFile) -and (Test-Path $lab.AdminSocket) -and (-not $lab.MasterSocket -or (Test-UnixListening $lab.MasterSocket)))) {
        if ([DateTime]::UtcNow -gt $deadline) {
            # Stop-HaproxyLab finds a HAProxy that wrote its pid file but no socket.
            if (Test-Path $lab.PidFile) { $lab.ProcessId = [int](Get-Content $lab.PidFile | Select-Object -First 1) }
            throw "HAProxy did not create its pid file and sockets within 10 s."
        }
        Start-Sleep -Milliseconds 20
    }
    $lab.ProcessId = [int](Get-Content $lab.PidFile | Select-Object -First 1)
    if ($lab.MasterSocket) {
        $lastError = $null
        # Listening is not serving: a master still starting keeps connections in its backlog, and once that is full a
        # client's connect is refused (seen on 3.0 under load). Ready is when it answers 'show proc' with its worker.
        # A connection refused or reset meanwhile is the same "not yet" (seen on 3.2/3.0/2.6 right after the start).
        $listed = $false
        while (-not $listed) {
            try { $listed = (Invoke-LabSocket -Lab $lab -Command 'show proc' -Socket $lab.MasterSocket -HalfClose) -match '(?m)^# workers\s*\n\d+' }
            catch { $lastError = $_; $listed = $false }
            if ($listed) { break }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The master CLI did not list its worker within 10 s$(if ($lastError) { " (last: $lastError)" })." }
            Start-Sleep -Milliseconds 20
        }
    }
}

function Stop-HaproxyLab {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Lab)
    process {
        if ($Lab.ProcessId) {
            $process = Get-Process -Id $Lab.ProcessId -ErrorAction SilentlyContinue
            if ($process) {
                Stop-Process -Id $Lab.ProcessId -ErrorAction SilentlyContinue
                $null = $process.WaitForExit(5000)
            }
        }
        Remove-Item -Recurse -Force -Path $Lab.Directory -ErrorAction SilentlyContinue
    }
}

function Invoke-LabSocket {
    <#
    .SYNOPSIS
    Sends one line to a lab socket in non-interactive mode and returns the answer: the tests' independent view of
    HAProxy's state, deliberately not going through the module under test.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Command, [string] $Socket = $Lab.AdminSocket,
        # End the request with a half-close: the master CLI is interactive and answers, then closes, only after one.
        [switch] $HalfClose)
    $client = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
    try {
        $client.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($Socket))
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($Command + "`n")
        $null = $client.Send($bytes)
        if ($HalfClose) { $client.Shutdown([System.Net.Sockets.SocketShutdown]::Send) }
        $buffer = [byte[]]::new(65536)
        $stream = [System.IO.MemoryStream]::new()
        while (($n = $client.Receive($buffer)) -gt 0) { $stream.Write($buffer, 0, $n) }
        [System.Text.Encoding]::UTF8.GetString($stream.ToArray()).TrimEnd("`n")
    }
    finally { $client.Dispose() }
}

function Invoke-LabRequest {
    <#
    .SYNOPSIS
    One HTTP GET to the lab's frontend (loopback; -Port: another of the lab's loopback listeners), returning the body
    text, or "HTTP <code>" for an error status; with -StatusCode, the status code instead. Throws when no answer comes
    within -TimeoutSec (refused, reset, timed out).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [string] $Path = '/', [int] $Port = $Lab.FrontendPort, [int] $TimeoutSec = 5, [switch] $StatusCode)
    try {
        $response = Invoke-WebRequest -Uri "http://127.0.0.1:$Port$Path" -UseBasicParsing -TimeoutSec $TimeoutSec
        if ($StatusCode) { [int]$response.StatusCode } else { $response.Content.Trim() }
    }
    catch {
        $failed = $_.Exception.PSObject.Properties['Response']
        $status = if ($failed -and $failed.Value) { $failed.Value.StatusCode } else { $null }
        if (-not $status) { throw }
        if ($StatusCode) { [int]$status } else { "HTTP $([int]$status)" }
    }
}

# ---- traffic: a bounded load client and a slow application, both loopback only (build/LoadClient.cs) ---------------

function Import-LabLoadClient {
    <# Compiles build/LoadClient.cs once per process (Add-Type; a type cannot be loaded twice, so a second import of this
       module reuses the first compilation). #>
    if ('HaproxyLab.LoadClient' -as [type]) { return }
    Add-Type -Path (Join-Path $PSScriptRoot 'LoadClient.cs') -ErrorAction Stop
}

function ConvertTo-LabTimeSpan {
    <# A duration given as a TimeSpan, a number of seconds, or text such as '500ms', '10s', '2m'. #>
    param([Parameter(Mandatory)] $Value, [string] $Name = 'duration')
    if ($Value -is [timespan]) { return $Value }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [double]) { return [timespan]::FromSeconds($Value) }
    if ("$Value" -match '^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$') {
        $n = [double]$Matches[1]
        switch ($Matches[2]) { 'ms' { return [timespan]::FromMilliseconds($n) } 'm' { return [timespan]::FromMinutes($n) } default { return [timespan]::FromSeconds($n) } }
    }
    throw "The $Name '$Value' is not a duration such as 500ms, 10s or 2m."
}

function Start-LabTraffic {
    <#
    .SYNOPSIS
    Starts bounded HTTP traffic through the lab's frontend (or another loopback port): -Threads threads, each sending
    'GET -Path' on a new connection with 'Connection: close' and reading the answer, until Stop-LabTraffic, -Duration
    or -MaxRequests, whichever comes first. Returns the running client (a HaproxyLab.LoadClient): pass it to
    Set-LabTrafficPhase and Stop-LabTraffic.
    .DESCRIPTION
    Loopback only: -Address must be 127.0.0.1 or ::1, anything else throws. The client stops by itself at its
    deadline or budget even if Stop-LabTraffic is never called (its threads are background threads). A request without
    an answer within -RequestTimeout counts as a failure (no status). Results are counted per phase: the phase in force
    when a request was sent (-Phase names the first).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Lab,
        [string] $Path = '/',
        [int] $Port = $Lab.FrontendPort,
        [string] $Address = '127.0.0.1',
        [ValidateRange(1, 64)] [int] $Threads = 8,
        $Duration = '60s',
        [ValidateRange(1, [long]::MaxValue)] [long] $MaxRequests = 200000,
        $RequestTimeout = '5s',
        [string] $Phase = 'traffic'
    )
    Import-LabLoadClient
    $client = [HaproxyLab.LoadClient]::new($Address, $Port, $Path, $Threads, (ConvertTo-LabTimeSpan $Duration), $MaxRequests,
        (ConvertTo-LabTimeSpan $RequestTimeout -Name 'request timeout'), $Phase)
    $client.Start()
    $client
}

function Set-LabTrafficPhase {
    <# Requests sent from now on count in a new phase named -Name (Stop-LabTraffic returns one result per phase). Returns
       once the previous phase's requests are all answered (at most 5 s), so what the caller does next meets none of
       them: a change's effect is counted in the phase it belongs to. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] $Traffic, [Parameter(Mandatory, Position = 1)] [string] $Name)
    $ended = $Traffic.SetPhase($Name)
    $null = $Traffic.WaitForPhase($ended, [timespan]::FromSeconds(5))
}

function Stop-LabTraffic {
    <#
    .SYNOPSIS
    Stops the traffic (no new request; those in flight end within their timeout) and returns one
    HaproxyLab.TrafficPhase per phase, in order: Name, Requests, Succeeded (2xx), Failed (everything else), NoStatus
    (refused, reset, closed before a status line, timed out), Timeouts, Statuses (count per status code), Bodies (count
    per body text of the 2xx answers: which application answered), Errors (count per kind of failure without a status),
    Duration, RequestsPerSecond. Each one's ToString() is a one-line summary (Format-LabTraffic prints them). Calling it
    again returns the same phases.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] $Traffic)
    $Traffic.Stop()
}

function Format-LabTraffic {
    <# One line per phase: "<phase>: N requests, F failed (s, rate/s); 503xN, closed without status xN, 'body' xN". #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline, Position = 0)] [AllowEmptyCollection()] $Phase)
    process { foreach ($p in $Phase) { $p.ToString() } }
}

function Start-LabHeldRequest {
    <#
    .SYNOPSIS
    Sends -Count requests through the lab's frontend at once, each on its own connection and thread, and returns at
    once: a HaproxyLab.LoadClient whose budget is -Count requests. For long requests (a slow application behind the
    path): Stop-LabTraffic waits for their answers (up to -Timeout) and returns their counts (statuses, bodies, or no
    status when a connection was cut).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Lab,
        [Parameter(Mandatory)] [string] $Path,
        [ValidateRange(1, 64)] [int] $Count = 1,
        [int] $Port = $Lab.FrontendPort,
        $Timeout = '15s',
        [string] $Phase = 'held'
    )
    $timeSpan = ConvertTo-LabTimeSpan $Timeout -Name 'timeout'
    Start-LabTraffic -Lab $Lab -Path $Path -Port $Port -Threads $Count -MaxRequests $Count -Duration ($timeSpan + [timespan]::FromSeconds(5)) -RequestTimeout $timeSpan -Phase $Phase
}

function Start-LabHttpApp {
    <#
    .SYNOPSIS
    A tiny HTTP application on a free 127.0.0.1 port (or -Port; -Address ::1 for IPv6, nothing else): every request is answered 200 with -Body
    (text/plain, 'Connection: close') after -Delay. Connections that send nothing, as a TCP health check, are closed.
    Returns a HaproxyLab.LoopbackHttpApp (Port, Requests, Answered); stop it with Stop-LabHttpApp. It closes itself
    after -Lifetime in any case.
    #>
    [CmdletBinding()]
    param([string] $Body = 'served by the lab app', $Delay = '0s', [int] $Port = 0, $Lifetime = '10m', [string] $Address = '127.0.0.1')
    Import-LabLoadClient
    [HaproxyLab.LoopbackHttpApp]::new($Address, $Port, $Body, (ConvertTo-LabTimeSpan $Delay -Name 'delay'), (ConvertTo-LabTimeSpan $Lifetime -Name 'lifetime'))
}

function Stop-LabHttpApp {
    <# Closes a Start-LabHttpApp application's listener (answers already being written still go out). Safe on $null. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] $App)
    if ($App) { $App.Dispose() }
}

Export-ModuleMember -Function New-LabCertificate, Get-FreeTcpPort, Resolve-HaproxyBinary, Get-HaproxyVersion, Test-HaproxyVersion, Start-HaproxyLab, Stop-HaproxyLab, Invoke-LabSocket, Invoke-LabRequest,
    Start-LabTraffic, Set-LabTrafficPhase, Stop-LabTraffic, Format-LabTraffic, Start-LabHeldRequest, Start-LabHttpApp, Stop-LabHttpApp
