# Dot-sourced by every *.Tests.ps1 in BeforeAll: loads the built module and the HAProxy lab helpers.
# The module under test is the one build.ps1 laid out ($env:HAPROXYRUNTIME_MODULE), never a copy from elsewhere.
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:HAPROXYRUNTIME_MODULE) { $env:HAPROXYRUNTIME_MODULE } else { Join-Path $repoRoot 'out/HaproxyRuntime/HaproxyRuntime.psd1' }
if (-not (Test-Path $modulePath)) { throw "The module is not built: $modulePath. Run ./build.ps1 Build first." }
Import-Module $modulePath -Force
Import-Module (Join-Path $repoRoot 'build/HaproxyLab.psm1') -Force
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }

function Get-LabServerState {
    <# Independent view of a server through the lab's own socket (not through the module): the admin-state and
       operational-state columns of 'show servers state', or $null when the server does not exist. #>
    param($Lab, [string] $Backend, [string] $Server)
    $text = Invoke-LabSocket -Lab $Lab -Command "show servers state $Backend"
    foreach ($line in $text -split "`n") {
        $f = $line -split ' '
        if ($f.Count -gt 6 -and $f[1] -eq $Backend -and $f[3] -eq $Server) {
            return [pscustomobject]@{ Address = $f[4]; OpState = [int]$f[5]; AdminState = [int]$f[6]; Weight = [int]$f[7]; CheckState = [int]$f[13]; Port = $f[18] }
        }
    }
    $null
}

function Get-LabBackendNames {
    param($Lab)
    (Invoke-LabSocket -Lab $Lab -Command 'show backend') -split "`n" | Where-Object { $_ -and $_ -notlike '#*' }
}

function Get-LabMapLines {
    <# 'show map <map>' lines without the reference column: "key value". #>
    param($Lab, [string] $Map)
    (Invoke-LabSocket -Lab $Lab -Command "show map $Map") -split "`n" | Where-Object { $_ } | ForEach-Object { $_.Substring($_.IndexOf(' ') + 1) }
}

# ---- shared helpers (one definition each; every lab read takes the lab explicitly) ----------------------------------

function Get-ThrownError {
    <# Runs the block (whose cmdlet uses -ErrorAction Stop) and returns the ErrorRecord it threw, or $null. #>
    param([scriptblock] $Script)
    try { $null = & $Script; $null } catch { $_ }
}

function Get-VerboseLines { param($Records) @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message }) }

function Get-WhatIfLines {
    <# The "What if:" lines a script block writes. ShouldProcess writes them to the host, not to a stream that can be
       redirected, so they are captured with a transcript (a temporary file, removed afterwards). #>
    param([scriptblock] $Script)
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("haproxyruntime-whatif-" + [guid]::NewGuid().ToString('n') + '.txt')
    $null = Start-Transcript -Path $path -UseMinimalHeader
    try { $null = & $Script } finally { $null = Stop-Transcript }
    try { @(Get-Content -Path $path | Where-Object { $_ -like 'What if:*' }) } finally { Remove-Item -Force -Path $path -ErrorAction SilentlyContinue }
}

function ConvertTo-LabCliWord {
    <# The test's own escaping for a lab command such as 'get map' (HAProxy's rules: backslash before \ ; space tab <). #>
    param([string] $Text)
    [regex]::Replace($Text, '[\\; \t<]', { param($m) '\' + $m.Value })
}

function Get-LabInfo {
    <# 'show info' as a hashtable (Pid, Maxconn, Hard_maxconn, ConnRateLimit, SessRateLimit...). #>
    param([Parameter(Mandatory)] $Lab)
    $info = @{}
    foreach ($line in (Invoke-LabSocket -Lab $Lab -Command 'show info') -split "`n") {
        $i = $line.IndexOf(': ')
        if ($i -gt 0) { $info[$line.Substring(0, $i)] = $line.Substring($i + 2) }
    }
    $info
}

function Get-LabStat {
    <# One row of 'show stat' keyed by column name (status, slim, scur, stot, check_status...), or $null. -Service is a
       server name, FRONTEND or BACKEND. Unfiltered 'show stat': with '-1 <type> -1' HAProxy first looks '-1' up as a
       proxy name. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Proxy, [Parameter(Position = 1)] [string] $Service)
    $lines = (Invoke-LabSocket -Lab $Lab -Command 'show stat') -split "`n"
    $header = $lines[0].Substring(2) -split ','
    foreach ($line in $lines) {
        $f = $line -split ','
        if ($f[0] -eq $Proxy -and $f[1] -eq $Service) {
            $row = @{}
            for ($i = 0; $i -lt $header.Count -and $i -lt $f.Count; $i++) { $row[$header[$i]] = $f[$i] }
            return $row
        }
    }
    $null
}

function Get-LabBackendStatus {
    <# The status of a backend's BACKEND row in 'show stat' ('UP', 'UP (UNPUB)'...), or $null when there is no such backend. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Name)
    $row = Get-LabStat -Lab $Lab $Name BACKEND
    if ($row) { $row.status } else { $null }
}

function Get-LabServerCurrentSessions {
    <# scur of one server in 'show stat' (the lab's own view of the streams attached to it), or $null. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server)
    $row = Get-LabStat -Lab $Lab $Backend $Server
    if ($row) { [int]$row.scur } else { $null }
}

function Get-LabServerRow {
    <# One 'show servers state' row keyed by the header's column names (srv_admin_state, srv_check_port...), or $null. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server)
    $lines = (Invoke-LabSocket -Lab $Lab -Command "show servers state $Backend") -split "`n"
    $headers = @($lines | Where-Object { $_ -like '# *' })
    if (-not $headers) { return $null }
    $header = $headers[0].Substring(2) -split ' '
    foreach ($line in $lines) {
        if ($line -like '#*' -or -not $line.Contains(' ')) { continue }
        $f = $line -split ' '
        if ($f[1] -eq $Backend -and $f[3] -eq $Server) {
            $row = [ordered]@{}
            for ($i = 0; $i -lt $header.Count -and $i -lt $f.Count; $i++) { $row[$header[$i]] = $f[$i] }
            return [pscustomobject]$row
        }
    }
    $null
}

# ---- a client connection held on a server -------------------------------------------------------------------------

function New-HeldConnection {
    <#
    Routes '/<Backend>' (virt@paths.map) to a new published backend whose only server <Server> (no check) is a loopback
    TcpListener owned by the test, then sends one request through the lab's frontend. The listener accepts HAProxy's
    connection and never answers, so HAProxy keeps one stream attached to the server (and the client connection to the
    frontend established) until the test closes it. The setup goes through the module (-Session, else the default
    session); returns when the lab shows the stream on the server. Close with Close-HeldConnection.
    #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Backend, [string] $Server = 'h1', $Session)
    $on = @{}
    if ($Session) { $on.Session = $Session }
    $held = [pscustomobject]@{ Lab = $Lab; Listener = $null; Client = $null; Accepted = $null; Backend = $Backend; Server = $Server; Path = "/$Backend" }
    $held.Listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $held.Listener.Start()
    $port = $held.Listener.LocalEndpoint.Port
    Add-HaproxyBackend -Name $Backend -From mydefaults @on
    Add-HaproxyServer -Backend $Backend -Name $Server -Address 127.0.0.1 -Port $port @on
    Enable-HaproxyServer -Backend $Backend -Name $Server @on
    Publish-HaproxyBackend -Name $Backend @on
    Add-HaproxyMapEntry -Map virt@paths.map -Key $held.Path -Value $Backend @on
    $held.Client = [System.Net.Sockets.TcpClient]::new()
    $held.Client.Connect([System.Net.IPAddress]::Loopback, $Lab.FrontendPort)
    $bytes = [System.Text.Encoding]::ASCII.GetBytes("GET $($held.Path) HTTP/1.1`r`nHost: x`r`n`r`n")
    $held.Client.GetStream().Write($bytes, 0, $bytes.Length)
    $accept = $held.Listener.AcceptTcpClientAsync()
    if (-not $accept.Wait(5000)) { throw "HAProxy did not connect to the holding listener on port $port." }
    $held.Accepted = $accept.Result
    $deadline = [DateTime]::UtcNow.AddSeconds(5)
    while ((Get-LabServerCurrentSessions -Lab $Lab $Backend $Server) -ne 1) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "No stream attached to $Backend/$Server." }
        Start-Sleep -Milliseconds 50
    }
    $held
}

function Close-HeldConnection {
    <# Closes the held connection's sockets. -RemoveRoute also deletes its virt@paths.map entry; -RemoveBackend removes
       the route, the server and the backend too (Remove-HeldBackend). Safe on $null. #>
    param($Held, [switch] $RemoveRoute, [switch] $RemoveBackend)
    if (-not $Held) { return }
    if ($Held.Client) { $Held.Client.Dispose() }
    if ($Held.Accepted) { $Held.Accepted.Dispose() }
    if ($Held.Listener) { $Held.Listener.Stop() }
    if ($RemoveBackend) { Remove-HeldBackend $Held }
    elseif ($RemoveRoute) { $null = Invoke-LabSocket -Lab $Held.Lab -Command "del map virt@paths.map $($Held.Path)" }
}

function Remove-HeldBackend {
    <# Best-effort clean-up through the lab socket once the held connection is closed: route, server, backend. #>
    param($Held)
    if (-not $Held) { return }
    $lab = $Held.Lab
    $null = Invoke-LabSocket -Lab $lab -Command "del map virt@paths.map $($Held.Path)"
    $null = Invoke-LabSocket -Lab $lab -Command "set server $($Held.Backend)/$($Held.Server) state maint"
    $null = Invoke-LabSocket -Lab $lab -Command "unpublish backend $($Held.Backend)"
    $deadline = [DateTime]::UtcNow.AddSeconds(5)
    while ((Invoke-LabSocket -Lab $lab -Command "del server $($Held.Backend)/$($Held.Server)") -notmatch 'Server deleted|No such' -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 100
    }
    $null = Invoke-LabSocket -Lab $lab -Command "wait 2s be-removable $($Held.Backend)"
    $null = Invoke-LabSocket -Lab $lab -Command "del backend $($Held.Backend)"
}

function Test-SocketClosed {
    <# True when the peer closes the connection (end of stream or reset) within the timeout, false when it is still
       open then. Data the peer sends before closing is read and ignored. Polls, so an open socket stays usable. #>
    param([System.Net.Sockets.TcpClient] $Client, [int] $TimeoutMs = 3000)
    $socket = $Client.Client
    $deadline = [DateTime]::UtcNow.AddMilliseconds($TimeoutMs)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($socket.Poll(50000, [System.Net.Sockets.SelectMode]::SelectRead)) {
            if ($socket.Available -eq 0) { return $true }
            try { $null = $socket.Receive([byte[]]::new($socket.Available)) } catch { return $true }
        }
    }
    $false
}
