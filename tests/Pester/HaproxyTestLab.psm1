# The Pester tests' lab helpers, in one module (imported by TestSetup.ps1): the HAProxy lab process and its traffic
# (build/HaproxyLab.psm1, which the demo and the benchmark also use, re-exported from here), the tests' independent
# view of HAProxy's state read over the lab's own socket (never through the module under test), a client connection
# held on a server, the clean-up of backends with their servers, and a few generic test helpers.
#
# Every lab read or write takes the lab explicitly (-Lab): a module function does not see the test's variables.
# Each of HAProxy's text formats is parsed in one place here, by the names its header gives the columns:
#   'show servers state'   ConvertFrom-LabServersState
#   'show stat'            ConvertFrom-LabStat
#   'show map' / 'show acl' without a name (the lists, versions, entry counts)   ConvertFrom-LabListState
#   'show map <map>' / 'show acl <acl>' (the entries: "<ref> <key> <value>" / "<ref> <pattern>")   Select-LabEntryPart
#   'show info'            Get-LabInfo
#   'show sess'            Get-LabCliClients (the CLI clients over TCP), Get-LabStreams (every stream: id, fe, be, srv)
#   'show errors'          Get-LabErrorEvents (the captures' headers)
#   'show table [<t>]'     ConvertFrom-LabStickTable (the tables' headers and their entries)
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../../build/HaproxyLab.psm1') -Force

# ---- parsers: the one place each answer format is read -----------------------------------------------------------

function ConvertFrom-LabServersState {
    <#
    The rows of a 'show servers state' answer (text, or its lines) as objects whose properties are the columns its
    header names ('# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ...'), every
    value a string. -Backend and -Server keep only the rows of that backend / server. Nothing (no header) for an
    answer such as "Can't find backend.".
    #>
    param(
        [Parameter(Mandatory, Position = 0)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Text,
        [string] $Backend,
        [string] $Server
    )
    $lines = @($Text | ForEach-Object { $_ -split "`n" })
    $header = @($lines | Where-Object { $_.StartsWith('# ') }) | Select-Object -First 1
    if (-not $header) { return }
    $names = $header.Substring(2).Split(' ')
    $beName = [array]::IndexOf($names, 'be_name')
    $srvName = [array]::IndexOf($names, 'srv_name')
    foreach ($line in $lines) {
        if ($line.StartsWith('#') -or -not $line.Contains(' ')) { continue }   # the header, and the format version line
        $f = $line.Split(' ')
        if ($Backend -and $f[$beName] -ne $Backend) { continue }
        if ($Server -and $f[$srvName] -ne $Server) { continue }
        $row = [ordered]@{}
        for ($i = 0; $i -lt $names.Count -and $i -lt $f.Count; $i++) { $row[$names[$i]] = $f[$i] }
        [pscustomobject]$row
    }
}

function ConvertFrom-LabStat {
    <#
    The rows of a 'show stat' answer as objects whose properties are the columns its header names ('# pxname,svname,
    qcur,qmax,scur,smax,slim,stot,...,status,weight,...'), every value a string. -Proxy and -Service (a server name,
    FRONTEND or BACKEND) keep only those rows; -Column keeps only those columns besides pxname and svname (the full
    row has some 300).
    #>
    param(
        [Parameter(Mandatory, Position = 0)] [AllowEmptyString()] [string] $Text,
        [string] $Proxy,
        [string] $Service,
        [string[]] $Column
    )
    $lines = $Text.Split("`n")
    if (-not $lines[0].StartsWith('# ')) { return }
    $names = $lines[0].Substring(2).Split(',')
    $index = @{}
    for ($i = 0; $i -lt $names.Count; $i++) { if ($names[$i] -and -not $index.ContainsKey($names[$i])) { $index[$names[$i]] = $i } }
    $wanted = if ($Column) { @('pxname', 'svname') + @($Column | Where-Object { $_ -notin 'pxname', 'svname' }) } else { @($names | Where-Object { $_ }) }
    foreach ($name in $wanted) { if (-not $index.ContainsKey($name)) { throw "'show stat' has no column '$name'." } }
    foreach ($line in $lines) {
        if (-not $line -or $line.StartsWith('#')) { continue }
        $f = $line.Split(',')
        if ($Proxy -and $f[$index.pxname] -ne $Proxy) { continue }
        if ($Service -and $f[$index.svname] -ne $Service) { continue }
        $row = [ordered]@{}
        foreach ($name in $wanted) { $row[$name] = if ($index[$name] -lt $f.Count) { $f[$index[$name]] } else { $null } }
        [pscustomobject]$row
    }
}

function ConvertFrom-LabListState {
    <# The lines of 'show map' / 'show acl' without a name ("<id> (<name>) <description> curr_ver=<n> next_ver=<n>
       entry_cnt=<n>") as objects: Id, Name (the file, empty for an inline ACL), Description (all after the name),
       CurrentVersion, NextVersion, EntryCount. #>
    param([Parameter(Mandatory, Position = 0)] [AllowEmptyString()] [string] $Text)
    foreach ($line in $Text.Split("`n")) {
        if ($line -notmatch '^(\d+) \((.*?)\) (.*)$') { continue }
        $state = [pscustomobject]@{ Id = [int]$Matches[1]; Name = $Matches[2]; Description = $Matches[3]; CurrentVersion = $null; NextVersion = $null; EntryCount = $null }
        if ($state.Description -match 'curr_ver=(\d+) next_ver=(\d+) entry_cnt=(\d+)') {
            $state.CurrentVersion = [int]$Matches[1]; $state.NextVersion = [int]$Matches[2]; $state.EntryCount = [decimal]$Matches[3]
        }
        $state
    }
}

function Select-LabEntryPart {
    <# The entry lines of 'show map <map>' / 'show acl <acl>' ("<ref> <key> <value>" / "<ref> <pattern>"): each whole
       (Row), its reference (Ref, '0x...'), or all after the reference (Entry: "key value" / "pattern"). #>
    param([AllowEmptyString()] [string] $Text, [ValidateSet('Row', 'Ref', 'Entry')] [string] $Part)
    if (-not $Text) { return }
    foreach ($row in $Text.Split("`n")) {
        if (-not $row) { continue }
        $space = $row.IndexOf(' ')
        if ($Part -eq 'Row') { $row }
        elseif ($Part -eq 'Ref') { if ($space -lt 0) { $row } else { $row.Substring(0, $space) } }
        else { $row.Substring($space + 1) }
    }
}

function Format-LabServerRow {
    <# A server row (ConvertFrom-LabServersState) as one line of "column=value" pairs, without the -Exclude columns
       (for example srv_time_since_last_change, which moves with the clock): for comparing rows as text. #>
    param([Parameter(Mandatory, Position = 0)] $Row, [string[]] $Exclude = @())
    ($Row.PSObject.Properties | Where-Object { $Exclude -notcontains $_.Name } | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
}

function Get-LabRowField {
    <# One column's value read back from a Format-LabServerRow line, or $null when the line does not have it. #>
    param([Parameter(Mandatory, Position = 0)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory, Position = 1)] [string] $Column)
    if ($Text -cmatch "(?:^| )$([regex]::Escape($Column))=(\S*)") { $Matches[1] } else { $null }
}

# ---- servers ------------------------------------------------------------------------------------------------------

function Get-LabServerRows {
    <# Every server row of 'show servers state' (of one backend with -Backend), keyed by column name. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend)
    ConvertFrom-LabServersState (Invoke-LabSocket -Lab $Lab -Command "show servers state $Backend") -Backend $Backend
}

function Get-LabServerRow {
    <# One 'show servers state' row keyed by the header's column names (srv_admin_state, srv_check_port...), or $null. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server)
    $row = @(ConvertFrom-LabServersState (Invoke-LabSocket -Lab $Lab -Command "show servers state $Backend") -Backend $Backend -Server $Server)
    if ($row) { $row[0] } else { $null }
}

function Get-LabServerState {
    <# The main columns of a server's 'show servers state' row as numbers where they are numbers (Address, OpState,
       AdminState, Weight = srv_uweight, CheckState, Port), or $null when the server does not exist. #>
    param([Parameter(Mandatory)] $Lab, [string] $Backend, [string] $Server)
    $row = Get-LabServerRow -Lab $Lab $Backend $Server
    if (-not $row) { return $null }
    [pscustomobject]@{
        Address    = $row.srv_addr
        OpState    = [int]$row.srv_op_state
        AdminState = [int]$row.srv_admin_state
        Weight     = [int]$row.srv_uweight
        CheckState = [int]$row.srv_check_state
        Port       = $row.srv_port
    }
}

function Get-LabServerNames {
    <# The names of a backend's servers, in the order 'show servers state' lists them (the order -Drain removes them in). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Backend)
    @(Get-LabServerRows -Lab $Lab $Backend | ForEach-Object srv_name)
}

function Get-LabWeight {
    <# HAProxy's 'get weight <backend>/<server>' answer: "<current> (initial <initial>)". #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server)
    Invoke-LabSocket -Lab $Lab -Command "get weight $Backend/$Server"
}

function Wait-LabServerUp {
    <# Waits until the server's srv_op_state is 2 (running), or throws after -Seconds. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server, [int] $Seconds = 15)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ((Get-LabServerRow -Lab $Lab $Backend $Server).srv_op_state -ne '2') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "$Backend/$Server did not come up within $Seconds s." }
        Start-Sleep -Milliseconds 100
    }
}

# ---- show stat, show backend, show info ---------------------------------------------------------------------------

function Get-LabStatRows {
    <# Every row of 'show stat' keyed by column name; -Column keeps only those columns (and pxname, svname). Unfiltered
       'show stat': with '-1 <type> -1' HAProxy first looks '-1' up as a proxy name. #>
    param([Parameter(Mandatory)] $Lab, [string[]] $Column)
    ConvertFrom-LabStat (Invoke-LabSocket -Lab $Lab -Command 'show stat') -Column $Column
}

function Get-LabStat {
    <# One row of 'show stat' keyed by column name (status, slim, scur, stot, check_status...), or $null. -Service is a
       server name, FRONTEND or BACKEND. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Proxy, [Parameter(Position = 1)] [string] $Service)
    $row = @(ConvertFrom-LabStat (Invoke-LabSocket -Lab $Lab -Command 'show stat') -Proxy $Proxy -Service $Service)
    if ($row) { $row[0] } else { $null }
}

function Get-LabBackendStatus {
    <# The status of a backend's BACKEND row in 'show stat' ('UP', 'UP (UNPUB)'...), or $null when there is no such backend. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Name)
    $row = Get-LabStat -Lab $Lab $Name BACKEND
    if ($row) { $row.status } else { $null }
}

function Test-LabPublished {
    <# True when the backend is published (its 'show stat' status is not '... (UNPUB)'); throws when it does not exist. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend)
    $status = Get-LabBackendStatus -Lab $Lab $Backend
    if ($null -eq $status) { throw "Backend $Backend does not exist." }
    $status -notlike '*UNPUB*'
}

function Get-LabServerCurrentSessions {
    <# scur of one server in 'show stat' (the lab's own view of the streams attached to it), or $null. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string] $Server)
    $row = Get-LabStat -Lab $Lab $Backend $Server
    if ($row) { [int]$row.scur } else { $null }
}

function Get-LabBackendNames {
    <# The backends 'show backend' lists. #>
    param([Parameter(Mandatory)] $Lab)
    (Invoke-LabSocket -Lab $Lab -Command 'show backend') -split "`n" | Where-Object { $_ -and $_ -notlike '#*' }
}

function Get-LabFrontendNames {
    <# The frontends, in the order of their FRONTEND rows in 'show stat'. #>
    param([Parameter(Mandatory)] $Lab)
    @(Get-LabStatRows -Lab $Lab -Column svname | Where-Object svname -EQ 'FRONTEND' | ForEach-Object pxname)
}

function Get-LabCliClients {
    <# The sources ('127.0.0.1:<port>') of the clients connected to the lab's TCP admin socket, from 'show sess' (a CLI
       connection is a stream of frontend GLOBAL; the lab's own reads come over the Unix socket and are not listed). #>
    param([Parameter(Mandatory)] $Lab)
    foreach ($line in (Invoke-LabSocket -Lab $Lab -Command 'show sess') -split "`n") {
        if ($line -match ' src=(127\.0\.0\.1:\d+) fe=GLOBAL ') { $Matches[1] }
    }
}

function Get-LabStreams {
    <# Every stream of 'show sess' (one line each, stream.c): Id (the pointer), Frontend, Backend, Server as printed
       ('<NONE>', '<none>' kept), and the line. #>
    param([Parameter(Mandatory)] $Lab)
    foreach ($line in (Invoke-LabSocket -Lab $Lab -Command 'show sess') -split "`n") {
        if ($line -match '^(0x[0-9a-f]+): ') {
            $id = $Matches[1]
            $field = @{}
            foreach ($name in 'fe', 'be', 'srv', 'src') { if ($line -match " $name=(\S+)") { $field[$name] = $Matches[1] } }
            [pscustomobject]@{ Id = $id; Frontend = $field.fe; Backend = $field.be; Server = $field.srv; Source = $field.src; Line = $line }
        }
    }
}

function Get-LabErrorEvents {
    <# The captures of 'show errors' (proxy.c): one object per capture header line, Proxy, ProxyId, Direction
       (request/response), Time (as printed), with the header line. #>
    param([Parameter(Mandatory)] $Lab)
    foreach ($line in (Invoke-LabSocket -Lab $Lab -Command 'show errors') -split "`n") {
        if ($line -match '^\[([^\]]+)\] (?:frontend|backend) (\S+) \(#(\d+)\): invalid (request|response)$') {
            [pscustomobject]@{ Time = $Matches[1]; Proxy = $Matches[2]; ProxyId = [int]$Matches[3]; Direction = $Matches[4]; Line = $line }
        }
    }
}

function Get-LabInfo {
    <# 'show info' as a hashtable (Pid, Version, Maxconn, Hard_maxconn, ConnRateLimit, SessRateLimit...). #>
    param([Parameter(Mandatory)] $Lab)
    $info = @{}
    foreach ($line in (Invoke-LabSocket -Lab $Lab -Command 'show info') -split "`n") {
        $i = $line.IndexOf(': ')
        if ($i -gt 0) { $info[$line.Substring(0, $i)] = $line.Substring($i + 2) }
    }
    $info
}

# ---- stick tables -------------------------------------------------------------------------------------------------

function ConvertFrom-LabStickTable {
    <# A 'show table' answer: each '# table: <name>, type: <t>, size:<n>, used:<n>' header as a table (Kind 'Table':
       Name, Type, Size, Used), each '<ptr>: key=<k> use=<n> exp=<ms> [shard=<n>] <name>=<value>...' line as an entry
       (Kind 'Entry': Table, Pointer, Key exactly as HAProxy prints it, escapes included, Use, Exp, Shard, Data: the
       columns in order by the name HAProxy prints, a rate's period included ('http_req_rate(10000)'), values as
       text; Line). #>
    param([AllowEmptyString()] [string] $Text)
    $table = $null
    foreach ($line in $Text -split "`n") {
        if ($line -cmatch '^# table: (.+), type: (\S+), size:(\d+), used:(\d+)$') {
            $table = $Matches[1]
            [pscustomobject]@{ Kind = 'Table'; Name = $Matches[1]; Type = $Matches[2]; Size = [long]$Matches[3]; Used = [long]$Matches[4] }
        }
        elseif ($line -cmatch '^(\S+): key=((?:\\.|[^ \\])*) (.*)$') {
            $entry = [ordered]@{ Kind = 'Entry'; Table = $table; Pointer = $Matches[1]; Key = $Matches[2]; Use = $null; Exp = $null; Shard = $null; Data = [ordered]@{}; Line = $line }
            foreach ($word in $Matches[3] -split ' ') {
                $name, $value = $word -split '=', 2
                $field = @{ use = 'Use'; exp = 'Exp'; shard = 'Shard' }[$name]
                if ($field) { $entry[$field] = [long]$value }
                else { $entry.Data[$name] = $value }
            }
            [pscustomobject]$entry
        }
    }
}

function Get-LabStickTables {
    <# The stick tables of 'show table': Name, Type (HAProxy's word), Size, Used. #>
    param([Parameter(Mandatory)] $Lab)
    @(ConvertFrom-LabStickTable (Invoke-LabSocket -Lab $Lab -Command 'show table') | Where-Object Kind -EQ 'Table')
}

function Get-LabStickEntries {
    <# The entries of 'show table <table>' (see ConvertFrom-LabStickTable), all of them or, with -Key, the one HAProxy
       finds for that key ('show table <t> key <k>'; the key is escaped here). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Table, [string] $Key)
    $command = if ($PSBoundParameters.ContainsKey('Key')) { "show table $Table key $(ConvertTo-LabCliWord $Key)" } else { "show table $Table" }
    @(ConvertFrom-LabStickTable (Invoke-LabSocket -Lab $Lab -Command $command) | Where-Object Kind -EQ 'Entry')
}

function Send-LabTrackedRequest {
    <# -Count HTTP GETs of -Path to the lab's stick-table frontend (Start-HaproxyLab -StickTables, loopback), each on a
       connection of its own, with -Header; returns how many were answered 200 "tracked". #>
    param([Parameter(Mandatory)] $Lab, [string] $Path = '/', [int] $Count = 1, [hashtable] $Header = @{})
    if (-not $Lab.TrackedPort) { throw 'The lab has no stick tables: start it with Start-HaproxyLab -StickTables.' }
    $ok = 0
    for ($i = 0; $i -lt $Count; $i++) {
        $response = Invoke-WebRequest -Uri "http://127.0.0.1:$($Lab.TrackedPort)$Path" -Headers $Header -UseBasicParsing -TimeoutSec 5 -DisableKeepAlive
        if ($response.StatusCode -eq 200 -and $response.Content.Trim() -ceq 'tracked') { $ok++ }
    }
    $ok
}

# ---- maps and ACLs ------------------------------------------------------------------------------------------------
# A map or ACL name is sent as given: escape it with ConvertTo-LabCliWord where it holds what the CLI reads specially.

function Get-LabServedCertificate {
    <# The certificate a real TLS client is served on -Port (loopback; the lab's TlsPort by default), any certificate
       accepted, with -ServerName as SNI: the X509Certificate2 HAProxy presented. #>
    param([Parameter(Mandatory)] $Lab, [int] $Port = $Lab.TlsPort, [string] $ServerName = 'site.lab')
    $tcp = [System.Net.Sockets.TcpClient]::new()
    try {
        $tcp.Connect('127.0.0.1', $Port)
        $tcp.ReceiveTimeout = 5000; $tcp.SendTimeout = 5000
        $ssl = [System.Net.Security.SslStream]::new($tcp.GetStream(), $false, { $true })
        try {
            $ssl.AuthenticateAsClient($ServerName)
            [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($ssl.RemoteCertificate)
        }
        finally { $ssl.Dispose() }
    }
    finally { $tcp.Dispose() }
}

function Get-LabSslTransaction {
    <# The name an open 'ssl cert' (or -Kind ca-file / crl-file) transaction is about, from 'show ssl <kind>', or $null. #>
    param([Parameter(Mandatory)] $Lab, [string] $Kind = 'cert')
    $lines = @((Invoke-LabSocket -Lab $Lab -Command "show ssl $Kind") -split "`n")
    $i = [array]::IndexOf($lines, '# transaction')
    if ($i -lt 0) { return $null }
    ($lines[$i + 1] -replace '^\*', '') -replace ' - \d+ certificate\(s\)$', ''
}

function Get-LabCertificateNames {
    <# The committed certificate stores ('show ssl cert', '# filename' section). #>
    param([Parameter(Mandatory)] $Lab)
    $lines = @((Invoke-LabSocket -Lab $Lab -Command 'show ssl cert') -split "`n")
    $i = [array]::IndexOf($lines, '# filename')
    if ($i -lt 0) { return @() }
    @($lines | Select-Object -Skip ($i + 1) | Where-Object { $_ })
}

function Get-LabCrtListLines {
    <# The entries of a crt-list as 'show ssl crt-list -n' prints them ("<cert>:<line> [options] filters"). #>
    param([Parameter(Mandatory)] $Lab, [string] $CrtList = $Lab.CrtList)
    @((Invoke-LabSocket -Lab $Lab -Command "show ssl crt-list -n $CrtList") -split "`n" | Where-Object { $_ -and -not $_.StartsWith('# ') })
}

function Get-LabListState {
    param($Lab, [string] $Kind, [string] $Name)
    $states = @(ConvertFrom-LabListState (Invoke-LabSocket -Lab $Lab -Command "show $Kind"))
    if (-not $Name) { return $states }
    $match = @($states | Where-Object { [string]::Equals($_.Name, $Name, [StringComparison]::Ordinal) })
    if ($match.Count -ne 1) { throw "'show $Kind' has $($match.Count) lines for $Name (expected one)." }
    $match[0]
}

function Get-LabMapState {
    <# The maps of 'show map' (Id, Name, Description, CurrentVersion, NextVersion, EntryCount: HAProxy's counter over
       all versions); with -Map, that map's (exactly one, else it throws). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Map)
    Get-LabListState $Lab map $Map
}

function Get-LabAclState {
    <# The ACL pattern lists of 'show acl' (as Get-LabMapState), inline ones with an empty Name; with -Acl, that
       list's (exactly one, else it throws). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string] $Acl)
    Get-LabListState $Lab acl $Acl
}

function Get-LabEntryPart {
    param($Lab, [string] $Kind, [string] $Name, [string] $Version, [string] $Part)
    $command = if ($Version) { "show $Kind @$Version $Name" } else { "show $Kind $Name" }
    Select-LabEntryPart (Invoke-LabSocket -Lab $Lab -Command $command) -Part $Part
}

function Get-LabMapLines {
    <# The entries of 'show map <map>' (of version -Version with it), in order: without the reference column ("key
       value"), or with -Part Ref their references ('0x...'), with -Part Row the lines as they are ("0x... key value"). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Map, [string] $Version, [ValidateSet('Entry', 'Ref', 'Row')] [string] $Part = 'Entry')
    @(Get-LabEntryPart $Lab map $Map $Version $Part)
}

function Get-LabAclPatterns {
    <# The patterns of 'show acl <acl>' (of version -Version with it), in order: without the reference column, or with
       -Part Ref their references ('0x...'), with -Part Row the lines as they are ("0x... pattern"). #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Acl, [string] $Version, [ValidateSet('Entry', 'Ref', 'Row')] [string] $Part = 'Entry')
    @(Get-LabEntryPart $Lab acl $Acl $Version $Part)
}

function Get-LabMapMatch {
    <# HAProxy's 'get map <map> <key>' answer (the key escaped here): 'found=yes, idx=..., key="...", value="..."' of
       the entry HAProxy's own matching finds. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Map, [Parameter(Mandatory, Position = 1)] [AllowEmptyString()] [string] $Key)
    Invoke-LabSocket -Lab $Lab -Command "get map $Map $(ConvertTo-LabCliWord $Key)"
}

function Reset-LabMap {
    <# Empties a map and adds the "key value" lines, through the lab socket. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Map, [Parameter(Position = 1)] [string[]] $Line = @())
    $null = Invoke-LabSocket -Lab $Lab -Command "clear map $Map"
    foreach ($l in $Line) { $null = Invoke-LabSocket -Lab $Lab -Command "add map $Map $l" }
}

function Reset-LabAcl {
    <# Empties an ACL and adds the patterns, through the lab socket. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Acl, [Parameter(Position = 1)] [string[]] $Pattern = @())
    $null = Invoke-LabSocket -Lab $Lab -Command "clear acl $Acl"
    foreach ($p in $Pattern) { $null = Invoke-LabSocket -Lab $Lab -Command "add acl $Acl $p" }
}

function ConvertTo-LabCliWord {
    <# The test's own escaping for a word of a lab command such as 'get map' (HAProxy's rules: a backslash before \ ;
       space tab <). #>
    param([AllowEmptyString()] [string] $Text)
    [regex]::Replace($Text, '[\\; \t<]', { param($m) '\' + $m.Value })
}

# ---- changes and clean-up through the lab socket ------------------------------------------------------------------

function Invoke-LabCommandBatch {
    <# Sends the commands ';'-joined, on as few lines as stay under 15,000 bytes (HAProxy's CLI line limit is ~16 kB),
       each line starting with -Prefix if given (for example 'set timeout cli 30s', for a line that waits); the answers
       are ignored. Each command must already be escaped. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Position = 0)] [string[]] $Command = @(), [string] $Prefix)
    $line = [System.Text.StringBuilder]::new(); $bytes = 0
    foreach ($c in $Command) {
        $n = [System.Text.Encoding]::UTF8.GetByteCount($c) + 1
        if ($bytes -gt 0 -and $bytes + $n -ge 15000) { $null = Invoke-LabSocket -Lab $Lab -Command $line.ToString(); $null = $line.Clear(); $bytes = 0 }
        if ($bytes -eq 0 -and $Prefix) { $null = $line.Append($Prefix); $bytes = [System.Text.Encoding]::UTF8.GetByteCount($Prefix) }
        if ($bytes -gt 0) { $null = $line.Append(';') }
        $null = $line.Append($c); $bytes += $n
    }
    if ($bytes -gt 0) { $null = Invoke-LabSocket -Lab $Lab -Command $line.ToString() }
}

function Get-LabServerRemoval {
    param([string] $Backend, [string[]] $Name)
    foreach ($n in $Name) { "set server $Backend/$n state maint"; "wait 5s srv-removable $Backend/$n"; "del server $Backend/$n" }
}

function Remove-LabServer {
    <# Best-effort clean-up of servers through the lab socket: each to maintenance, waited for until removable (up to
       5 s: a stream that was just closed), then deleted; the answers are ignored. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Backend, [Parameter(Position = 1)] [string[]] $Name = @())
    Invoke-LabCommandBatch -Lab $Lab @(Get-LabServerRemoval $Backend $Name) -Prefix 'set timeout cli 30s'
}

function Remove-LabBackend {
    <# Best-effort clean-up of backends through the lab socket: with -Route the virt@paths.map entry '/<name>' routing
       to it (as New-HeldConnection adds), every server (as Remove-LabServer), then unpublished, waited for until
       removable and deleted; the answers are ignored. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [AllowEmptyCollection()] [string[]] $Name, [switch] $Route)
    Invoke-LabCommandBatch -Lab $Lab @(foreach ($n in $Name) {
            if ($Route) { "del map virt@paths.map /$n" }
            Get-LabServerRemoval $n (Get-LabServerNames -Lab $Lab $n)
            "unpublish backend $n"; "wait 5s be-removable $n"; "del backend $n"
        }) -Prefix 'set timeout cli 30s'
}

# ---- a text view of everything a change could touch ------------------------------------------------------------------

function Get-LabStateText {
    <# HAProxy's state that a change could touch, as one text to compare before and after: the backends, every server
       row (without srv_time_since_last_change, which moves with the clock), the -StatColumn columns of every 'show
       stat' row, the -InfoField fields of 'show info', the entries of each -Map and -Acl with their references, and
       the entries of each -StickTable (key, use and counters: not the time left or the rates, which move with the
       clock). #>
    param(
        [Parameter(Mandatory)] $Lab,
        [string[]] $Map = @(),
        [string[]] $Acl = @(),
        [string[]] $StickTable = @(),
        [ValidateNotNullOrEmpty()] [string[]] $StatColumn = @('slim', 'status'),
        [string[]] $InfoField = @('Maxconn', 'ConnRateLimit', 'SessRateLimit')
    )
    $info = Get-LabInfo -Lab $Lab
    @(
        'backends: ' + (@(Get-LabBackendNames -Lab $Lab) -join ',')
        Get-LabServerRows -Lab $Lab | ForEach-Object { Format-LabServerRow $_ -Exclude srv_time_since_last_change }
        Get-LabStatRows -Lab $Lab -Column $StatColumn | ForEach-Object { @($_.PSObject.Properties.Value) -join ',' }
        foreach ($field in $InfoField) { "${field}: $($info[$field])" }
        foreach ($m in $Map) { "map ${m}: " + (@(Get-LabMapLines -Lab $Lab $m -Part Row) -join ';') }
        foreach ($a in $Acl) { "acl ${a}: " + (@(Get-LabAclPatterns -Lab $Lab $a -Part Row) -join ';') }
        foreach ($t in $StickTable) {
            "table ${t}: " + (@(Get-LabStickEntries -Lab $Lab $t | ForEach-Object {
                        "$($_.Key) use=$($_.Use) " + (@($_.Data.GetEnumerator() | Where-Object { $_.Key -notmatch '\(' } | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ' ')
                    } | Sort-Object) -join ';')
        }
    ) -join "`n"
}

# ---- a client connection held on a server -------------------------------------------------------------------------

function New-HeldConnection {
    <#
    Routes '/<Backend>' (the lab's PathsMap) to a new published backend (or a configured one) whose only server <Server> (no check) is a loopback
    TcpListener owned by the test, then sends one request through the lab's frontend. The listener accepts HAProxy's
    connection and never answers, so HAProxy keeps one stream attached to the server (and the client connection to the
    frontend established) until the test closes it. The setup goes through the module (-Session, else the default
    session); returns when the lab shows the stream on the server. Close with Close-HeldConnection.
    With -FrontendPort (HAProxy before 3.4: no dynamic backends), <Backend> is an existing backend, the default backend
    of a frontend of the lab's listening on that loopback port: only the server is added, and the request goes there.
    #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Backend, [string] $Server = 'h1', $Session, [int] $FrontendPort)
    $on = @{}
    if ($Session) { $on.Session = $Session }
    $held = [pscustomobject]@{ Lab = $Lab; Listener = $null; Client = $null; Accepted = $null; Backend = $Backend; Server = $Server; Path = "/$Backend" }
    $held.Listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $held.Listener.Start()
    $port = $held.Listener.LocalEndpoint.Port
    if (-not $FrontendPort) { Add-HaproxyBackend -Name $Backend -From mydefaults @on }
    Add-HaproxyServer -Backend $Backend -Name $Server -Address 127.0.0.1 -Port $port @on
    Enable-HaproxyServer -Backend $Backend -Name $Server @on
    if (-not $FrontendPort) {
        Publish-HaproxyBackend -Name $Backend @on
        Add-HaproxyMapEntry -Map $Lab.PathsMap -Key $held.Path -Value $Backend @on
    }
    $held.Client = [System.Net.Sockets.TcpClient]::new()
    $held.Client.Connect([System.Net.IPAddress]::Loopback, $(if ($FrontendPort) { $FrontendPort } else { $Lab.FrontendPort }))
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
       the route, the server and the backend too (Remove-LabBackend -Route). Safe on $null. #>
    param($Held, [switch] $RemoveRoute, [switch] $RemoveBackend)
    if (-not $Held) { return }
    if ($Held.Client) { $Held.Client.Dispose() }
    if ($Held.Accepted) { $Held.Accepted.Dispose() }
    if ($Held.Listener) { $Held.Listener.Stop() }
    if ($RemoveBackend) { Remove-LabBackend -Lab $Held.Lab $Held.Backend -Route }
    elseif ($RemoveRoute) { $null = Invoke-LabSocket -Lab $Held.Lab -Command "del map $($Held.Lab.PathsMap) $($Held.Path)" }
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

function Send-LabInvalidRequest {
    <# Sends one HTTP request HAProxy refuses (a '<' in a header name, which HAProxy's HTTP/1 parser rejects) to the lab's
       frontend over a raw loopback socket, and returns when HAProxy answered (its 400): the frontend has then captured
       it, for 'show errors'. Returns HAProxy's status line. #>
    param([Parameter(Mandatory)] $Lab, [int] $Port = $Lab.FrontendPort, [string] $Request = "GET / HTTP/1.1`r`nBad<name: x`r`n`r`n")
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        $client.ReceiveTimeout = 3000
        $client.Connect([System.Net.IPAddress]::Loopback, $Port)
        $bytes = [System.Text.Encoding]::Latin1.GetBytes($Request)
        $client.GetStream().Write($bytes, 0, $bytes.Length)
        $buffer = [byte[]]::new(1024)
        $read = $client.GetStream().Read($buffer, 0, $buffer.Length)
        ([System.Text.Encoding]::ASCII.GetString($buffer, 0, $read) -split "`r`n")[0]
    }
    finally { $client.Dispose() }
}

# ---- the observation lab: resolvers, peers, a cache ---------------------------------------------------------------

function Start-LabObserve {
    <#
    .SYNOPSIS
    A lab with what the observation cmdlets read: resolvers section 'dns1' (nameservers ns1, ns2 on loopback UDP ports
    nothing answers on), peers section 'mypeers' (the local peer 'lab1', named by 'localpeer', and 'remote1' on a
    loopback port nobody listens on) with a table, cache 'c1' used by frontend 'cached' (CachePort) in front of an
    application answering with max-age=60, and ring 'evring' (RFC 5424) where frontend 'logged' (LogPort) logs each
    request. The lab object gets CachePort and LogPort.
    #>
    [CmdletBinding()]
    param([string] $HaproxyPath)
    $ports = 1..7 | ForEach-Object { Get-FreeTcpPort }
    $extraConfig = @"

resolvers dns1
    nameserver ns1 127.0.0.1:$($ports[0])
    nameserver ns2 127.0.0.1:$($ports[1])

peers mypeers
    peer lab1 127.0.0.1:$($ports[2])
    peer remote1 127.0.0.1:$($ports[3])
    table sessions type string size 10

cache c1
    total-max-size 4
    max-age 60

frontend cached
    bind 127.0.0.1:$($ports[4])
    http-request cache-use c1
    http-response cache-store c1
    default_backend cacheapp

backend cacheapp
    server app1 127.0.0.1:$($ports[5])

frontend cacheable-app
    bind 127.0.0.1:$($ports[5])
    http-request return status 200 content-type text/plain string "cacheable" hdr cache-control "max-age=60"

ring evring
    format rfc5424
    size 65536

frontend logged
    bind 127.0.0.1:$($ports[6])
    log ring@evring local0
    option httplog
    http-request return status 200 content-type text/plain string "logged"
"@
    $start = @{ ExtraGlobal = '    localpeer lab1'; ExtraConfig = $extraConfig }
    if ($HaproxyPath) { $start.HaproxyPath = $HaproxyPath }
    $lab = Start-HaproxyLab @start
    $lab | Add-Member -NotePropertyName CachePort -NotePropertyValue $ports[4]
    $lab | Add-Member -NotePropertyName LogPort -NotePropertyValue $ports[6]
    $lab
}

function Start-LabBackendSettings {
    <#
    .SYNOPSIS
    A lab with what the backend and server settings act on, besides the seed configuration: frontend 'cookie-front'
    (CookiePort) in front of backend 'cookies', which inserts dynamic cookies (cookie SRVID insert dynamic, key
    'labkey1') for its one server c1, the lab application 'cookie-app' (CookieAppPort); and backend 'agented' whose server
    a1 runs an agent check every 100 ms against AgentPort, where nothing listens until a test does
    (Receive-LabAgentCheck). The lab object gets CookiePort, CookieAppPort and AgentPort.
    #>
    [CmdletBinding()]
    param([string] $HaproxyPath)
    $ports = 1..3 | ForEach-Object { Get-FreeTcpPort }
    $extraConfig = @"

frontend cookie-front
    bind 127.0.0.1:$($ports[0])
    default_backend cookies

backend cookies
    cookie SRVID insert dynamic
    dynamic-cookie-key labkey1
    server c1 127.0.0.1:$($ports[1])

frontend cookie-app
    bind 127.0.0.1:$($ports[1])
    http-request return status 200 content-type text/plain string "served by cookies"

backend agented
    server a1 127.0.0.1:$($ports[1]) agent-check agent-port $($ports[2]) agent-inter 100ms
"@
    $start = @{ ExtraConfig = $extraConfig }
    if ($HaproxyPath) { $start.HaproxyPath = $HaproxyPath }
    $lab = Start-HaproxyLab @start
    $lab | Add-Member -NotePropertyName CookiePort -NotePropertyValue $ports[0]
    $lab | Add-Member -NotePropertyName CookieAppPort -NotePropertyValue $ports[1]
    $lab | Add-Member -NotePropertyName AgentPort -NotePropertyValue $ports[2]
    $lab
}

function Get-LabSetCookie {
    <# The Set-Cookie header of one HTTP GET to a lab listener (loopback), or $null when the response has none. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [int] $Port, [string] $Path = '/')
    $response = Invoke-WebRequest -Uri "http://127.0.0.1:$Port$Path" -UseBasicParsing -TimeoutSec 5
    $value = $response.Headers['Set-Cookie']
    if ($null -eq $value) { return $null }
    @($value) -join "`n"
}

function Receive-LabAgentCheck {
    <#
    Plays the agent of an agent check for one connection: listens on 127.0.0.1:<Port>, takes the first connection HAProxy
    makes within -TimeoutSec, reads what it sends (the agent-send string), answers 'up' and closes. Returns the text
    received; throws when no check came.
    #>
    param([Parameter(Mandatory)] [int] $Port, [int] $TimeoutSec = 5)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
    $listener.Start()
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while (-not $listener.Pending()) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "No agent check reached 127.0.0.1:$Port within $TimeoutSec s." }
            Start-Sleep -Milliseconds 20
        }
        $client = $listener.AcceptTcpClient()
        try {
            $stream = $client.GetStream()
            $stream.ReadTimeout = 2000
            $buffer = [byte[]]::new(4096)
            $text = [System.Text.StringBuilder]::new()
            # HAProxy sends the string at once, then waits for the answer: read until a pause.
            do {
                $n = try { $stream.Read($buffer, 0, $buffer.Length) } catch { 0 }
                if ($n -gt 0) { $null = $text.Append([System.Text.Encoding]::UTF8.GetString($buffer, 0, $n)) }
                $stream.ReadTimeout = 200
            } while ($n -gt 0)
            $reply = [System.Text.Encoding]::ASCII.GetBytes("up`n")
            try { $stream.Write($reply, 0, $reply.Length) } catch { }
            $text.ToString()
        }
        finally { $client.Dispose() }
    }
    finally { $listener.Stop() }
}

function Get-LabVariable {
    <# 'get var <name>' through the lab socket: the value between its angle brackets, or $null when not found. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory, Position = 0)] [string] $Name)
    $answer = (Invoke-LabSocket -Lab $Lab -Command "get var $Name").Trim()
    if ($answer -match '^\S+: type=(\S+) value=<(.*)>$') { [pscustomobject]@{ Type = $Matches[1]; Value = $Matches[2] } }
}

# ---- generic test helpers -----------------------------------------------------------------------------------------

function Get-ThrownError {
    <# Runs the block (whose cmdlet uses -ErrorAction Stop) and returns the ErrorRecord it threw, or $null. #>
    param([scriptblock] $Script)
    try { $null = & $Script; $null } catch { $_ }
}

function Get-VerboseLines {
    <# The messages of the VerboseRecords among the records (a '4>&1' capture). #>
    param($Records)
    @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
}

function Get-WhatIfLines {
    <# The "What if:" lines a script block writes. ShouldProcess writes them to the host, not to a stream that can be
       redirected, so they are captured with a transcript (a temporary file, removed afterwards). #>
    param([scriptblock] $Script)
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("haproxyruntime-whatif-" + [guid]::NewGuid().ToString('n') + '.txt')
    $null = Start-Transcript -Path $path -UseMinimalHeader
    try { $null = & $Script } finally { $null = Stop-Transcript }
    try { @(Get-Content -Path $path | Where-Object { $_ -like 'What if:*' }) } finally { Remove-Item -Force -Path $path -ErrorAction SilentlyContinue }
}

# ---- a stopped HAProxy -------------------------------------------------------------------------------------------
# SIGSTOP freezes the worker (the lab runs without -W, so its pid file holds the worker's PID): the kernel still accepts
# connections and buffers what is written, but nothing is answered until SIGCONT. Resume in a finally block, and use
# the lab socket only while HAProxy runs (it has no timeout).

function Get-LabProcessRunState {
    <# The state letter of /proc/<pid>/stat: 'T' when stopped, 'S'/'R' when running. #>
    param([Parameter(Mandatory)] [int] $ProcessId)
    $stat = Get-Content -Raw "/proc/$ProcessId/stat"
    $stat.Substring($stat.LastIndexOf(')') + 2, 1)
}

function Send-LabSignal {
    <# kill -STOP or -CONT to the lab's HAProxy; returns once the kernel reports it stopped ('T') or running again. #>
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [ValidateSet('STOP', 'CONT')] [string] $Signal)
    $kill = (Get-Command kill -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    & $kill "-$Signal" $Lab.ProcessId
    $deadline = [DateTime]::UtcNow.AddSeconds(2)
    while (((Get-LabProcessRunState $Lab.ProcessId) -eq 'T') -ne ($Signal -eq 'STOP')) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "HAProxy $($Lab.ProcessId) did not take SIG$Signal." }
        Start-Sleep -Milliseconds 10
    }
}

function Suspend-LabProcess {
    <# SIGSTOP to the lab's HAProxy; returns once it is stopped. #>
    param([Parameter(Mandatory)] $Lab)
    Send-LabSignal -Lab $Lab -Signal STOP
}

function Resume-LabProcess {
    <# SIGCONT to the lab's HAProxy; returns once it runs again. #>
    param([Parameter(Mandatory)] $Lab)
    Send-LabSignal -Lab $Lab -Signal CONT
}

# ---- TLS stores (CA and CRL files, TLS ticket keys, OCSP) -------------------------------------------------------

function New-LabOcspResponse {
    <#
    .SYNOPSIS
    A DER-encoded OCSP response (RFC 6960, status successful, one SingleResponse 'good') for $Leaf issued by $Issuer,
    signed with $IssuerKey, built with System.Formats.Asn1: .NET has no OCSP builder and the tests use no openssl.
    The certificate id is the one OpenSSL computes (OCSP_cert_to_id: SHA-1 of the issuer's name and key), so HAProxy
    finds the certificate from it.
    #>
    param(
        [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Leaf,
        [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Issuer,
        [Parameter(Mandatory)] [System.Security.Cryptography.RSA] $IssuerKey,
        [DateTimeOffset] $ThisUpdate = [DateTimeOffset]::UtcNow.AddMinutes(-5),
        [DateTimeOffset] $NextUpdate = [DateTimeOffset]::UtcNow.AddDays(7)
    )
    $sha1 = [System.Security.Cryptography.SHA1]
    $der = [System.Formats.Asn1.AsnEncodingRules]::DER
    $keyHash = $sha1::HashData($Issuer.PublicKey.EncodedKeyValue.RawData)
    $tag = { param($n, $constructed) [System.Formats.Asn1.Asn1Tag]::new([System.Formats.Asn1.TagClass]::ContextSpecific, $n, $constructed) }

    $tbs = [System.Formats.Asn1.AsnWriter]::new($der)
    $null = $tbs.PushSequence()
    $t2 = & $tag 2 $true; $null = $tbs.PushSequence($t2); $tbs.WriteOctetString($keyHash); $tbs.PopSequence($t2)   # responderID byKey
    $tbs.WriteGeneralizedTime([DateTimeOffset]::UtcNow.AddMinutes(-1), $true)                                    # producedAt
    $null = $tbs.PushSequence()                                                                                     # responses
    $null = $tbs.PushSequence()                                                                                     # SingleResponse
    $null = $tbs.PushSequence()                                                                                     # CertID
    $null = $tbs.PushSequence(); $tbs.WriteObjectIdentifier('1.3.14.3.2.26'); $tbs.WriteNull(); $tbs.PopSequence()
    $tbs.WriteOctetString($sha1::HashData($Issuer.SubjectName.RawData))
    $tbs.WriteOctetString($keyHash)
    $tbs.WriteIntegerUnsigned([byte[]]$Leaf.SerialNumberBytes.ToArray())
    $tbs.PopSequence()
    $tbs.WriteNull((& $tag 0 $false))                                                                             # certStatus good
    $tbs.WriteGeneralizedTime($ThisUpdate, $true)
    $t0 = & $tag 0 $true; $null = $tbs.PushSequence($t0); $tbs.WriteGeneralizedTime($NextUpdate, $true); $tbs.PopSequence($t0)
    $tbs.PopSequence(); $tbs.PopSequence(); $tbs.PopSequence()
    $tbsBytes = $tbs.Encode()
    $signature = $IssuerKey.SignData($tbsBytes, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)

    $basic = [System.Formats.Asn1.AsnWriter]::new($der)
    $null = $basic.PushSequence()
    $basic.WriteEncodedValue($tbsBytes)
    $null = $basic.PushSequence(); $basic.WriteObjectIdentifier('1.2.840.113549.1.1.11'); $basic.WriteNull(); $basic.PopSequence()
    $basic.WriteBitString($signature)
    $basic.PopSequence()

    $resp = [System.Formats.Asn1.AsnWriter]::new($der)
    $null = $resp.PushSequence()
    $resp.WriteEncodedValue([byte[]](0x0A, 0x01, 0x00))                                               # successful
    $t0 = & $tag 0 $true; $null = $resp.PushSequence($t0)
    $null = $resp.PushSequence(); $resp.WriteObjectIdentifier('1.3.6.1.5.5.7.48.1.1'); $resp.WriteOctetString($basic.Encode()); $resp.PopSequence()
    $resp.PopSequence($t0)
    $resp.PopSequence()
    , $resp.Encode()
}

function ConvertTo-LabPem {
    param([string] $Label, [byte[]] $Der)
    $b64 = [Convert]::ToBase64String($Der)
    $lines = for ($i = 0; $i -lt $b64.Length; $i += 64) { $b64.Substring($i, [Math]::Min(64, $b64.Length - $i)) }
    "-----BEGIN $Label-----`n$($lines -join "`n")`n-----END $Label-----`n"
}

function Start-LabTlsStores {
    <#
    .SYNOPSIS
    A lab with the TLS stores HAProxy keeps besides certificates, all generated here with .NET (no openssl): a root CA
    'Lab Root CA' (ca.pem) and a second CA 'Lab Other CA' (ca2.pem, unused); a CRL of the root that revokes serials
    0x0BAD and 0x0BAE (crl.pem); a leaf 'lab.example' (serial 0x100A, SAN lab.example and www.lab.example) with its
    chain in lab.pem and a valid OCSP response beside it (lab.pem.ocsp, so HAProxy staples it); and three 256-bit TLS
    ticket keys (ticket.keys). From 3.0, a second leaf 'ocsp.lab.example' (ocsp-site.pem, OcspUpdateCertificate) is under
    automatic OCSP update (a crt-list with 'ocsp-update on'; its responder, frontend 'ocsp-responder', answers 404).
    Frontend 'tls-stores' binds the first on loopback (TlsPort) with 'ca-file … crl-file …
    verify optional tls-ticket-keys …'. The lab object gets TlsPort, TlsDirectory, CaFile, Ca2File, CrlFile, Certificate, TicketKeys (the keys file) and, for tests that build
    more, CaCertificate, Ca2Certificate, CaKey, LeafCertificate. HAProxy knows the files by these paths; once it has
    read them they are moved into the lab's folder (TlsDirectory: ca.pem, ca2.pem, crl.pem, lab.pem, lab.pem.ocsp,
    ticket.keys), which Stop-HaproxyLab removes.
    #>
    [CmdletBinding()]
    param([string] $HaproxyPath)
    $X = 'System.Security.Cryptography.X509Certificates'
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("hrt-tls-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $now = [DateTimeOffset]::UtcNow
    $sha256 = [System.Security.Cryptography.HashAlgorithmName]::SHA256
    $pkcs1 = [System.Security.Cryptography.RSASignaturePadding]::Pkcs1
    function New-Ca([string] $name) {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $req = New-Object "$X.CertificateRequest" "CN=$name, O=HaproxyRuntime Lab", $key, $sha256, $pkcs1
        $req.CertificateExtensions.Add((New-Object "$X.X509BasicConstraintsExtension" $true, $false, 0, $true))
        $req.CertificateExtensions.Add((New-Object "$X.X509KeyUsageExtension" ([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]'KeyCertSign, CrlSign'), $true))
        $req.CertificateExtensions.Add((New-Object "$X.X509SubjectKeyIdentifierExtension" $req.PublicKey, $false))
        @{ Key = $key; Cert = $req.CreateSelfSigned($now.AddDays(-1), $now.AddYears(5)) }
    }
    $ca = New-Ca 'Lab Root CA'
    $ca2 = New-Ca 'Lab Other CA'
    $leafKey = [System.Security.Cryptography.RSA]::Create(2048)
    $req = New-Object "$X.CertificateRequest" 'CN=lab.example', $leafKey, $sha256, $pkcs1
    $san = New-Object "$X.SubjectAlternativeNameBuilder"
    $san.AddDnsName('lab.example'); $san.AddDnsName('www.lab.example')
    $req.CertificateExtensions.Add($san.Build())
    $leaf = $req.Create($ca.Cert, $now.AddDays(-1), $now.AddDays(90), [byte[]](0x10, 0x0A))
    $crl = New-Object "$X.CertificateRevocationListBuilder"
    $crl.AddEntry([byte[]](0x0B, 0xAD), $now.AddHours(-2))
    $crl.AddEntry([byte[]](0x0B, 0xAE), $now.AddHours(-1))
    $crlDer = $crl.Build($ca.Cert, [System.Numerics.BigInteger]::One, $now.AddDays(30), $sha256, $pkcs1, $now.AddMinutes(-10))

    $caFile = Join-Path $dir 'ca.pem'; $ca2File = Join-Path $dir 'ca2.pem'; $crlFile = Join-Path $dir 'crl.pem'
    $certFile = Join-Path $dir 'lab.pem'; $keysFile = Join-Path $dir 'ticket.keys'
    [IO.File]::WriteAllText($caFile, (ConvertTo-LabPem 'CERTIFICATE' $ca.Cert.RawData))
    [IO.File]::WriteAllText($ca2File, (ConvertTo-LabPem 'CERTIFICATE' $ca2.Cert.RawData))
    [IO.File]::WriteAllText($crlFile, (ConvertTo-LabPem 'X509 CRL' $crlDer))
    [IO.File]::WriteAllText($certFile, (ConvertTo-LabPem 'CERTIFICATE' $leaf.RawData) + (ConvertTo-LabPem 'PRIVATE KEY' $leafKey.ExportPkcs8PrivateKey()) + (ConvertTo-LabPem 'CERTIFICATE' $ca.Cert.RawData))
    [IO.File]::WriteAllBytes("$certFile.ocsp", (New-LabOcspResponse -Leaf $leaf -Issuer $ca.Cert -IssuerKey $ca.Key))
    $keys = 1..3 | ForEach-Object { [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(80)) }
    [IO.File]::WriteAllText($keysFile, ($keys -join "`n") + "`n")

    # A second leaf under automatic OCSP update (2.8+): its AIA names a loopback responder that answers 404, so HAProxy
    # lists it in 'show ssl ocsp-updates' and its updates fail with "HTTP error".
    if (-not $HaproxyPath) { $HaproxyPath = Resolve-HaproxyBinary }
    $ocspUpdate = (Get-HaproxyVersion $HaproxyPath) -ge [version]'3.0'
    $responderPort = Get-FreeTcpPort
    if ($ocspUpdate) {
        $updKey = [System.Security.Cryptography.RSA]::Create(2048)
        $updReq = New-Object "$X.CertificateRequest" 'CN=ocsp.lab.example', $updKey, $sha256, $pkcs1
        $updSan = New-Object "$X.SubjectAlternativeNameBuilder"; $updSan.AddDnsName('ocsp.lab.example')
        $updReq.CertificateExtensions.Add($updSan.Build())
        $updReq.CertificateExtensions.Add((New-Object "$X.X509AuthorityInformationAccessExtension" ([string[]]@("http://127.0.0.1:$responderPort/")), ([string[]]@()), $false))
        $updLeaf = $updReq.Create($ca.Cert, $now.AddDays(-1), $now.AddDays(90), [byte[]](0x20, 0x0B))
        $updFile = Join-Path $dir 'ocsp-site.pem'
        [IO.File]::WriteAllText($updFile, (ConvertTo-LabPem 'CERTIFICATE' $updLeaf.RawData) + (ConvertTo-LabPem 'PRIVATE KEY' $updKey.ExportPkcs8PrivateKey()) + (ConvertTo-LabPem 'CERTIFICATE' $ca.Cert.RawData))
        [IO.File]::WriteAllText((Join-Path $dir 'ocsp.list'), "$updFile [ocsp-update on] ocsp.lab.example`n")
    }
    $port = Get-FreeTcpPort
    $extraConfig = @"

frontend tls-stores
    bind 127.0.0.1:${port} ssl crt $certFile ca-file $caFile crl-file $crlFile verify optional tls-ticket-keys $keysFile
    http-request return status 200 content-type text/plain string "tls"
"@
    # An unused CA file is only in HAProxy's tree when something loads it: a server line of an unused backend does.
    $extraConfig += @"

backend tls-other-ca
    server other 127.0.0.1:${port} ssl verify required ca-file $ca2File
"@
    if ($ocspUpdate) {
        $extraConfig += @"

frontend tls-ocsp-update
    bind 127.0.0.1:$(Get-FreeTcpPort) ssl crt-list $(Join-Path $dir 'ocsp.list')
    http-request return status 200 content-type text/plain string "tls"

frontend ocsp-responder
    bind 127.0.0.1:$responderPort
    http-request return status 404
"@
    }
    $start = @{ ExtraConfig = $extraConfig }
    if ($HaproxyPath) { $start.HaproxyPath = $HaproxyPath }
    try { $lab = Start-HaproxyLab @start }
    catch { Remove-Item -Recurse -Force -Path $dir -ErrorAction SilentlyContinue; throw }
    # HAProxy has read the files: from now on their paths are only names. The files go into the lab's folder, which
    # Stop-HaproxyLab removes.
    $tlsDirectory = Join-Path $lab.Directory 'tls'
    Move-Item -Path $dir -Destination $tlsDirectory
    $add = @{ TlsPort = $port; TlsDirectory = $tlsDirectory; CaFile = $caFile; Ca2File = $ca2File; CrlFile = $crlFile; Certificate = $certFile
              TicketKeys = $keysFile; OcspUpdateCertificate = $(if ($ocspUpdate) { $updFile } else { $null }); CaCertificate = $ca.Cert; Ca2Certificate = $ca2.Cert; CaKey = $ca.Key; LeafCertificate = $leaf }
    foreach ($k in $add.Keys) { $lab | Add-Member -NotePropertyName $k -NotePropertyValue $add[$k] }
    $lab
}

function New-LabCrl {
    <# A PEM CRL of the lab's root CA revoking the given serials (hex), valid for 30 days. #>
    param([Parameter(Mandatory)] $Lab, [string[]] $Serial = @(), [int] $Number = 2)
    $b = [System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder]::new()
    foreach ($s in $Serial) { $b.AddEntry([Convert]::FromHexString($s), [DateTimeOffset]::UtcNow.AddMinutes(-1)) }
    $der = $b.Build($Lab.CaCertificate, [System.Numerics.BigInteger]::new($Number), [DateTimeOffset]::UtcNow.AddDays(30),
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1, $null)
    ConvertTo-LabPem 'X509 CRL' $der
}

function Get-LabTlsSubstitution {
    <#
    .SYNOPSIS
    For help examples run against Start-LabTlsStores: the names the pages use (/etc/haproxy/…) mapped to the lab's,
    and the files they read (./root-ca.pem, ./partner-ca.pem, ./new-crl.pem, ./site.ocsp) written into the lab's
    folder, with the payload sizes -Verbose shows for them.
    #>
    param([Parameter(Mandatory)] $Lab)
    $dir = $Lab.TlsDirectory
    [IO.File]::WriteAllText((Join-Path $dir 'new-crl.pem'), (New-LabCrl -Lab $Lab -Serial '0BAD', '0BAE', '0BAF' -Number 3))
    [IO.File]::WriteAllBytes((Join-Path $dir 'site.ocsp'), (New-LabOcspResponse -Leaf $Lab.LeafCertificate -Issuer $Lab.CaCertificate -IssuerKey $Lab.CaKey))
    function Size([string] $Text) {
        # As CliPayload.Describe counts: LF line ends, without the last one; the bytes with one LF per line.
        $t = $Text.Replace("`r`n", "`n").TrimEnd("`n")
        "($(@($t -split "`n").Count) lines, $([Text.Encoding]::UTF8.GetByteCount($t) + 1) bytes)"
    }
    $ocspBase64 = [Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $dir 'site.ocsp')))
    $ocspLines = for ($i = 0; $i -lt $ocspBase64.Length; $i += 64) { $ocspBase64.Substring($i, [Math]::Min(64, $ocspBase64.Length - $i)) }
    [ordered]@{
        '/etc/haproxy/ca.pem'          = $Lab.CaFile
        '/etc/haproxy/partner-ca.pem'  = $Lab.Ca2File
        '/etc/haproxy/crl.pem'         = $Lab.CrlFile
        '/etc/haproxy/site.pem'        = $Lab.Certificate
        '/etc/haproxy/ocsp-site.pem'   = $Lab.OcspUpdateCertificate
        '/etc/haproxy/tls-ticket.keys' = $Lab.TicketKeys
        '/etc/haproxy/*'               = (Split-Path $Lab.CaFile) + '/*'
        './root-ca.pem'                = Join-Path $dir 'ca.pem'
        './partner-ca.pem'             = Join-Path $dir 'ca2.pem'
        './new-crl.pem'                = Join-Path $dir 'new-crl.pem'
        './site.ocsp'                  = Join-Path $dir 'site.ocsp'
        '(19 lines, 1159 bytes)'       = Size ([IO.File]::ReadAllText((Join-Path $dir 'ca.pem')))
        '(10 lines, 622 bytes)'        = Size ($ocspLines -join "`n")
    }
}

Export-ModuleMember -Function @(
    # the lab process (build/HaproxyLab.psm1)
    'Get-FreeTcpPort', 'Resolve-HaproxyBinary', 'Test-HaproxyVersion', 'Start-HaproxyLab', 'Stop-HaproxyLab', 'Invoke-LabSocket', 'Invoke-LabRequest'
    # TLS (Start-HaproxyLab -Tls; certificates made with .NET)
    'New-LabCertificate', 'Get-LabServedCertificate', 'Get-LabSslTransaction', 'Get-LabCertificateNames', 'Get-LabCrtListLines'
    # traffic through the lab (build/HaproxyLab.psm1, build/LoadClient.cs)
    'Start-LabTraffic', 'Set-LabTrafficPhase', 'Stop-LabTraffic', 'Format-LabTraffic', 'Start-LabHeldRequest', 'Start-LabHttpApp', 'Stop-LabHttpApp'
    # parsers
    'ConvertFrom-LabServersState', 'ConvertFrom-LabStat', 'ConvertFrom-LabListState', 'Format-LabServerRow', 'Get-LabRowField'
    # servers
    'Get-LabServerRows', 'Get-LabServerRow', 'Get-LabServerState', 'Get-LabServerNames', 'Get-LabWeight', 'Wait-LabServerUp'
    # show stat, show backend, show info
    'Get-LabStatRows', 'Get-LabStat', 'Get-LabBackendStatus', 'Test-LabPublished', 'Get-LabServerCurrentSessions', 'Get-LabBackendNames',
    'Get-LabFrontendNames', 'Get-LabCliClients', 'Get-LabInfo'
    # show sess, show errors
    'Get-LabStreams', 'Get-LabErrorEvents'
    # stick tables
    'ConvertFrom-LabStickTable', 'Get-LabStickTables', 'Get-LabStickEntries', 'Send-LabTrackedRequest'
    # maps and ACLs
    'Get-LabMapState', 'Get-LabAclState', 'Get-LabMapLines', 'Get-LabAclPatterns', 'Get-LabMapMatch', 'Reset-LabMap', 'Reset-LabAcl',
    'ConvertTo-LabCliWord'
    # everything a change could touch, as text
    'Get-LabStateText'
    # changes and clean-up
    'Invoke-LabCommandBatch', 'Remove-LabServer', 'Remove-LabBackend'
    # a stopped HAProxy (SIGSTOP / SIGCONT)
    'Get-LabProcessRunState', 'Suspend-LabProcess', 'Resume-LabProcess'
    # held connections
    'New-HeldConnection', 'Close-HeldConnection', 'Test-SocketClosed'
    # captured protocol errors
    'Send-LabInvalidRequest'
    # the observation lab
    'Start-LabObserve', 'Get-LabVariable'
    # the backend and server settings lab: dynamic cookies, an agent check
    'Start-LabBackendSettings', 'Get-LabSetCookie', 'Receive-LabAgentCheck'
    # the TLS stores lab
    'Start-LabTlsStores', 'New-LabOcspResponse', 'New-LabCrl', 'ConvertTo-LabPem', 'Get-LabTlsSubstitution'
    # generic
    'Get-ThrownError', 'Get-VerboseLines', 'Get-WhatIfLines'
)
