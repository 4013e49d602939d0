# Starts and stops throw-away HAProxy 3.4 instances on loopback for the Pester tests and the demo.
# Everything listens on 127.0.0.1 ports picked free at start, or on Unix sockets in a temporary folder; the instance is
# stopped by its PID. Nothing here sends traffic anywhere but loopback.
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
    Finds a HAProxy >= 3.4: $env:HAPROXY_BIN, else `haproxy` on PATH, else installs 3.4 from Debian's packages into a
    cache folder outside the clone (build/install-haproxy.sh).
    #>
    [CmdletBinding()]
    param()
    $candidates = @()
    if ($env:HAPROXY_BIN) { $candidates += $env:HAPROXY_BIN }
    $onPath = Get-Command haproxy -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $candidates += $onPath.Source }
    foreach ($candidate in $candidates) {
        if (Test-HaproxyVersion $candidate) { return $candidate }
        if ($candidate -eq $env:HAPROXY_BIN) { throw "HAPROXY_BIN='$candidate' is not a HAProxy 3.4 or later." }
        Write-Verbose "Ignoring $candidate on PATH: not HAProxy 3.4 or later."
    }
    $installer = Join-Path $PSScriptRoot 'install-haproxy.sh'
    $output = & bash $installer
    if ($LASTEXITCODE -ne 0) { throw "Installing HAProxy 3.4 failed (exit $LASTEXITCODE)." }
    $path = @($output)[-1]
    if (-not (Test-HaproxyVersion $path)) { throw "The installed HAProxy at '$path' is not 3.4 or later." }
    $path
}

function Test-HaproxyVersion([string] $Path) {
    if (-not $Path -or -not (Test-Path $Path)) { return $false }
    $line = (& $Path -v 2>$null | Select-Object -First 1)
    if ($line -notmatch '^HAProxy version (\d+)\.(\d+)') { return $false }
    $major = [int]$Matches[1]; $minor = [int]$Matches[2]
    ($major -gt 3) -or ($major -eq 3 -and $minor -ge 4)
}

function Start-HaproxyLab {
    <#
    .SYNOPSIS
    Starts a HAProxy with the seed's configuration on free loopback ports.
    .DESCRIPTION
    Sockets: an admin TCP socket, an admin Unix socket, an operator Unix socket and a user Unix socket.
    Frontend 'myfrontend1' routes with use_backend %[path,map_beg(virt@paths.map)], default backend 'webservers'.
    Two tiny HTTP "applications" are HAProxy frontends that answer with a fixed body: 'app-default' (behind
    webservers/web1) and 'app-dynamic' (the target the seed's health-checked dynamic server points at).
    With -Reuse, starts a new HAProxy for a lab whose HAProxy was stopped (Stop-HaproxyLab) or killed: the same TCP
    ports, Unix socket paths, folder and configuration (its -ExtraGlobal/-ExtraConfig/-MasterWorker), so clients that
    knew the old instance find the new one where it was. The lab object is updated in place (new ProcessId) and
    returned.
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
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("haproxylab-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $lab = [pscustomobject]@{
        PSTypeName       = 'HaproxyLab'
        Directory        = $dir
        HaproxyPath      = $HaproxyPath
        AdminPort        = Get-FreeTcpPort
        FrontendPort     = Get-FreeTcpPort
        DefaultAppPort   = Get-FreeTcpPort
        DynamicAppPort   = Get-FreeTcpPort
        AdminSocket      = Join-Path $dir 'admin.sock'
        OperatorSocket   = Join-Path $dir 'operator.sock'
        UserSocket       = Join-Path $dir 'user.sock'
        MasterSocket     = if ($MasterWorker) { Join-Path $dir 'master.sock' } else { $null }
        ConfigPath       = Join-Path $dir 'haproxy.cfg'
        PidFile          = Join-Path $dir 'haproxy.pid'
        ProcessId        = 0
        AdminEndpoint    = $null
        FrontendUrl      = $null
        ExtraGlobal      = $ExtraGlobal
        ExtraConfig      = $ExtraConfig
    }
    $lab.AdminEndpoint = "tcp://127.0.0.1:$($lab.AdminPort)"
    $lab.FrontendUrl = "http://127.0.0.1:$($lab.FrontendPort)"
    Start-LabProcess $lab
    $lab
}

function Start-LabProcess {
    <# Writes the lab's configuration, starts HAProxy on it and waits for its pid file and admin socket. #>
    param($Lab)
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
    use_backend %[path,map_beg(virt@paths.map)]
    default_backend webservers

backend webservers
    server web1 127.0.0.1:$($lab.DefaultAppPort)

frontend app-default
    bind 127.0.0.1:$($lab.DefaultAppPort)
    http-request return status 200 content-type text/plain string "served by webservers"

frontend app-dynamic
    bind 127.0.0.1:$($lab.DynamicAppPort)
    http-request return status 200 content-type text/plain string "served by mybackend1"
$($lab.ExtraConfig)
"@
    Set-Content -Path $lab.ConfigPath -Value $config -Encoding ascii
    $check = & $lab.HaproxyPath -c -q -f $lab.ConfigPath 2>&1
    if ($LASTEXITCODE -ne 0) { throw "HAProxy rejected the lab configuration: $check" }
    $modeArgs = if ($lab.MasterSocket) { @('-W', '-S', $lab.MasterSocket) } else { @() }
    $startOutput = & $lab.HaproxyPath @modeArgs -D -p $lab.PidFile -f $lab.ConfigPath 2>&1
    if ($LASTEXITCODE -ne 0) { throw "HAProxy did not start: $startOutput" }
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while (-not ((Test-Path $lab.PidFile) -and (Test-Path $lab.AdminSocket))) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "HAProxy did not create its pid file and sockets within 10 s." }
        Start-Sleep -Milliseconds 20
    }
    $lab.ProcessId = [int](Get-Content $lab.PidFile | Select-Object -First 1)
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
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Command, [string] $Socket = $Lab.AdminSocket)
    $client = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
    try {
        $client.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($Socket))
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($Command + "`n")
        $null = $client.Send($bytes)
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

Export-ModuleMember -Function Get-FreeTcpPort, Resolve-HaproxyBinary, Test-HaproxyVersion, Start-HaproxyLab, Stop-HaproxyLab, Invoke-LabSocket, Invoke-LabRequest
