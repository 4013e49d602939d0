# Dot-sourced (after TestSetup.ps1) by the fuzz tests, Fuzz.Tests.ps1 and FuzzEveryParameter.Tests.ps1: one definition of
# the seeded generator of hostile strings, of what the module is documented to refuse before sending, of the typed
# refusals a fuzzed value may get, and of the fuzz snapshot of the lab (key -> text, compared with allowed keys), built
# on the lab readers of HaproxyTestLab.psm1 (through the lab's own socket, never through the module). Escaping for the
# lab socket is HaproxyTestLab.psm1's ConvertTo-LabCliWord, clean-up its Remove-LabBackend / Remove-LabServer.
#
# The snapshot reads $lab and $session from the calling test's scope, as the tests using it always have one lab and
# one session; Assert-NoViolations reads $Seed the same way (the Describe's -ForEach data).

function Get-FuzzRun {
    <# The run's seed and string count: HAPROXYRUNTIME_FUZZ_SEED (else a random one, printed by the tests so a failure
       can be replayed) and HAPROXYRUNTIME_FUZZ_COUNT (else the file's default). #>
    param([Parameter(Mandatory)] [int] $DefaultCount)
    @{
        Seed  = if ($env:HAPROXYRUNTIME_FUZZ_SEED) { [int] $env:HAPROXYRUNTIME_FUZZ_SEED } else { Get-Random -Minimum 1 -Maximum ([int]::MaxValue) }
        Count = if ($env:HAPROXYRUNTIME_FUZZ_COUNT) { [int] $env:HAPROXYRUNTIME_FUZZ_COUNT } else { $DefaultCount }
    }
}

function Get-FuzzTargetParameters {
    <#
    Every parameter of the module's changing cmdlets (those with -WhatIf, as in WhatIf.Tests.ps1, except
    Disconnect-Haproxy, which only forgets a session) that can carry text the user typed, from the module itself: so a
    new cmdlet or parameter is listed here without anyone adding it. Wait-HaproxyRemovable is added: it changes
    nothing, but puts -Backend/-Server into a command. Common parameters, -Session and -Worker are left out, and so are
    switches and integers (the module formats those itself); every other type takes text: strings, arrays and
    dictionaries of them, objects, enums (converted from their names), TimeSpans read by a transformation, and the
    backend/frontend objects PowerShell builds from a piped string.
    #>
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $notText = @([System.Management.Automation.SwitchParameter], [int], [Nullable[int]])
    # Invoke-HaproxyReload is the master CLI's (the fuzz lab is a worker socket, which refuses it before reading any
    # argument); its one text parameter, -Timeout, is the DurationTransformation fuzzed through the other -Timeouts.
    # -Worker, like -Session, routes the call: Master.Tests.ps1 fuzzes it against a master CLI.
    $commands = Get-Command -Module HaproxyRuntime | Where-Object {
        ($_.Parameters.ContainsKey('WhatIf') -and $_.Name -notin 'Disconnect-Haproxy', 'Invoke-HaproxyReload') -or $_.Name -eq 'Wait-HaproxyRemovable'
    } | Sort-Object Name
    foreach ($command in $commands) {
        foreach ($p in $command.Parameters.Values | Sort-Object Name) {
            if ($p.Name -in $common -or $p.Name -in 'Session', 'Worker' -or $p.ParameterType -in $notText) { continue }
            @{ Cmdlet = $command.Name; Parameter = $p.Name; Type = $p.ParameterType.Name }
        }
    }
}

# ---- the lab: canaries (a map entry, an ACL pattern, a backend with a server) and the fuzz lists ------------------
# Each file appends its own fuzz targets. The seed configuration's frontends (myfrontend1, app-default, app-dynamic)
# are the canary frontends: Get-LabSnapshot records their maxconn and status.
$FuzzLabConfig = @'
backend fuzzrefs
    http-request set-var(txn.m) path,map_str(virt@fuzz.map)
    http-request set-var(txn.c) path,map_str(virt@canary.map)
    acl fz path -m str -f virt@fuzz.acl
    acl cz path -m str -f virt@canary.acl
    http-request deny if fz || cz

backend canary
    server c1 127.0.0.1:9 weight 17 maxconn 33
'@

function Start-FuzzLab {
    <# Prints the run's seed and count (to replay it), starts a lab with the configuration, fills the canary map and ACL
       (through the lab socket) and connects a session that is not the default one. Returns the lab and the session. #>
    param([Parameter(Mandatory)] [string] $Config, [int] $Seed, [int] $Count)
    Write-Host "    HAPROXYRUNTIME_FUZZ_SEED=$Seed HAPROXYRUNTIME_FUZZ_COUNT=$Count"
    $lab = Start-HaproxyLab -ExtraConfig $Config
    try {
        $null = Invoke-LabSocket -Lab $lab -Command 'add map virt@canary.map /canary canaryval'
        $null = Invoke-LabSocket -Lab $lab -Command 'add acl virt@canary.acl /canary-acl'
        $lab, (Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 10s -NoDefault)
    }
    catch { Stop-HaproxyLab -Lab $lab; throw }
}

function Assert-CanariesIntact {
    param([Parameter(Mandatory)] $Snapshot)
    $Snapshot['canary-map'] | Should -BeExactly '/canary canaryval'
    $Snapshot['canary-acl'] | Should -BeExactly '/canary-acl'
    $Snapshot['server:canary/c1'] | Should -Match '^be_id=\d+ be_name=canary srv_id=\d+ srv_name=c1 srv_addr=127\.0\.0\.1 ' -Because 'the canary server is there, at its address'
}

# Server keywords that could make HAProxy connect somewhere (or track another server): never sent as -Option.
$UnsafeServerKeyword = '^(check|agent-check|addr|agent-addr|agent-port|source|usesrc|socks4|resolvers|resolve-prefer|resolve-net|init-addr|track|namespace|redir|ssl|sni|set-proxy-v2-tlv-fmt|check-sni|no-check|disabled|enabled)$'

# ---- the generator -------------------------------------------------------------------------------------------
$script:Pool = @(
    'a', 'b', 'z', 'Q', 'k', '0', '7', '9', '-', '_', '.', ':', '/', '@', '%', '+', '=', ',', '!', '?', '*', '&', '$',
    '(', ')', '[', ']', '{', '}', '|', '^', '~', '`', '"', "'", ';', ';', "`n", "`r", "`r`n", "`0", '#', ' ', ' ', "`t",
    '\', '\\', '\;', '\n', '<<', '<', '>', '<<EOF', '-', '%[path]', '${HOME}',
    'é', 'ß', 'Ω', '日本', '😀', '👩‍💻', [string][char]0x202E, [string][char]0x200B, [string][char]0xFEFF,
    [string][char]0x0085, [string][char]0x2028, [string][char]0x00A0, [string][char]0x01, [string][char]0x1B,
    [string][char]0x7F, [string][char]0x08,
    'show version', 'show info', 'clear map virt@canary.map', 'del backend canary', 'quit', 'prompt', 'help',
    'changed', 'nothing changed', 'Done.', 'New server registered.', 'Backend deleted.', '[3]: ', '[6]: ',
    'Unknown command', 'already', 'virt@canary.map', 'canary', 'c1', '/canary'
)
$script:NameChars = 'abcxyzABCXYZ0129-_.:'.ToCharArray()

function Get-Piece([System.Random] $R) { $script:Pool[$R.Next($script:Pool.Count)] }

function New-Mixed([System.Random] $R, [int] $Pieces) {
    $sb = [System.Text.StringBuilder]::new()
    for ($i = 0; $i -lt $Pieces; $i++) { $null = $sb.Append((Get-Piece $R)) }
    $sb.ToString()
}

function New-FuzzString([System.Random] $R) {
    $mode = $R.Next(100)
    $s = if ($mode -lt 4) { '' }
    elseif ($mode -lt 16) {
        # Only characters HAProxy allows in names: these reach HAProxy through every parameter.
        $len = if ($R.Next(12) -eq 0) { $R.Next(100, 9001) } else { $R.Next(1, 40) }
        -join (1..$len | ForEach-Object { $script:NameChars[$R.Next($script:NameChars.Length)] })
    }
    elseif ($mode -lt 26) {
        # Address-like: valid loopback literals, near misses, prefixes, ports, scopes.
        $n = $R.Next(0, 256)
        @("127.0.0.$n", "127.$($R.Next(256)).$($R.Next(256)).$n", '::1', '[::1]', "::ffff:127.0.0.$n", "127.0.0.1:$($R.Next(70000))",
          '127.1', '0x7f.1', "999.0.0.$n", '1.2.3', '127.0.0.1%lo', 'fe80::1%lo', "abns@x$n", "unix@/tmp/fz$n", "ipv4@127.0.0.$n",
          "ipv6@::1", 'localhost', "fz$n.invalid", '127.0.0.1 ', ' 127.0.0.1', '127.0.0.1;show info', '::', '0.0.0.0', '-', '*')[$R.Next(25)]
    }
    elseif ($mode -lt 36) {
        # Weight-like: numbers, percentages and near misses.
        $n = $R.Next(0, 400)
        @("$n", "$n%", "-$n", "+$n", " $n", "$n ", "0x1$n", '1e2', '256', '257', '00256', "$($R.Next())%", '2147483648%', '99999999999',
          '50%%', '%', [string][char]0x0663, "$n.5", "$n%x", '0%', '100%', '25600%', '25601%', "0$n")[$R.Next(23)]
    }
    elseif ($mode -lt 48) {
        # Injection shapes around a short word.
        $w = New-Mixed $R ($R.Next(1, 4))
        @("$w;show version", "$w`nshow info", "$w`r`nquit", "$w<<", '<<', "$w <<", "#$w", "$w\", "$w\;del backend canary",
          "$w;clear map virt@canary.map", "$w`0del map virt@canary.map /canary", "$w -", '-', "$w`ndel backend canary`n",
          "$w;;", "$w\`n", "$w <<EOF`nclear map virt@canary.map`nEOF", "$w # comment", "  $w  ", "`t$w")[$R.Next(20)]
    }
    elseif ($mode -lt 56) { New-Mixed $R ($R.Next(200, 3000)) }                        # long: up to ~9,000 chars
    else { New-Mixed $R ($R.Next(1, 12)) }
    if ($s.Length -gt 0 -and $R.Next(10) -eq 0) { $s = '#' + $s }                     # '#' at the start
    if ($s.Length -gt 9000) { $s = $s.Substring(0, 9000) }
    # No lone surrogates (a cut emoji): see the regression test in Fuzz.Tests.ps1. A cut at 9,000 may split a pair: drop its half.
    if ($s.Length -gt 0 -and [char]::IsHighSurrogate($s[$s.Length - 1])) { $s = $s.Substring(0, $s.Length - 1) }
    $s
}

function Format-Fuzz([string] $Value) {
    if ($null -eq $Value) { return '<null>' }
    $sb = [System.Text.StringBuilder]::new()
    foreach ($c in $Value.ToCharArray()) {
        if ($sb.Length -gt 70) { $null = $sb.Append('…'); break }
        if ([char]::IsControl($c) -or [char]::IsSurrogate($c) -or [int]$c -ge 0x2000) { $null = $sb.AppendFormat('\u{0:x4}', [int]$c) } else { $null = $sb.Append($c) }
    }
    "'$sb' (len $($Value.Length))"
}

function New-FuzzStrings {
    <# $Count strings from the seeded generator: the same seed always gives the same strings. #>
    param([Parameter(Mandatory)] [int] $Seed, [Parameter(Mandatory)] [int] $Count)
    $rng = [System.Random]::new($Seed)
    $strings = [string[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) { $strings[$i] = New-FuzzString $rng }
    , $strings
}

function Write-FuzzStringSummary([string[]] $Strings) {
    Write-Host ("    generated {0} strings: {1} empty, {2} with LF/CR/NUL, {3} over 1,000 chars (max {4}), {5} name-safe" -f $Strings.Count,
        @($Strings | Where-Object { $_.Length -eq 0 }).Count, @($Strings | Where-Object { $_.IndexOfAny([char[]]@("`n", "`r", "`0")) -ge 0 }).Count,
        @($Strings | Where-Object { $_.Length -gt 1000 }).Count, ($Strings | ForEach-Object Length | Measure-Object -Maximum).Maximum,
        @($Strings | Where-Object { -not (Test-BadName $_) }).Count)
}

function Write-FuzzErrorSummary([System.Diagnostics.Stopwatch] $Clock) {
    if ($Clock) { Write-Host "    fuzz run: $([int]$Clock.Elapsed.TotalSeconds) s; errors seen by id: $(($script:ErrorStats.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ', ')" }
    $script:UnclassifiedSamples | ForEach-Object { Write-Host "    unclassified HAProxy refusal (HaproxyCommandFailed): $_" }
}

# ---- what the module is documented to refuse before sending (README "Safety", CliArgument) --------------------
function Test-Unsendable([string] $Value) {
    [string]::IsNullOrEmpty($Value) -or $Value.Length -gt 8192 -or $Value.IndexOfAny([char[]]@("`n", "`r", "`0")) -ge 0
}
function Test-BadSslName([string] $Value, [switch] $Shown) {
    <# HaproxyRequests.SslName: a CA/CRL file or certificate name may not start with '*' or '\' (HAProxy's transaction
       marker and its escape); one that must be shown later (New-: show ssl ca-file) may not hold ':' either. #>
    (Test-Unsendable $Value) -or $Value.StartsWith('*', [StringComparison]::Ordinal) -or $Value.StartsWith('\', [StringComparison]::Ordinal) -or
    ($Shown -and $Value.Contains(':'))
}
function Test-BadTlsReference([string] $Value) {
    <# HaproxyRequests.TlsKeyReference: a keys file, or '#' and ASCII digits (HAProxy reads a leading '#' as an id). #>
    (Test-Unsendable $Value) -or ($Value.StartsWith('#', [StringComparison]::Ordinal) -and $Value -cnotmatch '\A#[0-9]+\z')
}
function Test-BadName([string] $Value) { (Test-Unsendable $Value) -or $Value -cnotmatch '\A[A-Za-z0-9._:-]+\z' }
function Test-BadWord([string] $Value) {
    if (Test-Unsendable $Value) { return $true }
    foreach ($c in $Value.ToCharArray()) { if ($c -eq '\' -or $c -eq ';' -or $c -eq ' ' -or $c -eq "`t" -or $c -eq '<' -or [char]::IsControl($c)) { return $true } }
    $false
}
function Test-BadCrtListWord([string] $Value, [switch] $NoSpace) {
    <# HaproxyRequests.CrtListWord: a word of a crt-list payload line, read without escapes: no control character, no
       '#', and (filters) no space or tab. #>
    if (Test-Unsendable $Value) { return $true }
    foreach ($c in $Value.ToCharArray()) { if ([char]::IsControl($c) -or $c -eq '#' -or ($NoSpace -and ($c -eq ' ' -or $c -eq "`t"))) { return $true } }
    $false
}
function Test-BadPayload([string] $Value) {
    <# CliPayload.FromText: refuses an empty payload (also after its final line end), a NUL and a CR outside a CRLF. #>
    if ([string]::IsNullOrEmpty($Value)) { return $true }
    $n = $Value.Replace("`r`n", "`n")
    if ($n.EndsWith("`n", [StringComparison]::Ordinal)) { $n = $n.Substring(0, $n.Length - 1) }
    $n.Length -eq 0 -or $n.IndexOfAny([char[]]@("`0", "`r")) -ge 0
}
function Test-IdReference([string] $Value) {
    <# HAProxy reads a map/ACL name '#<n>' (strtol: optional sign, digits) as the list with id n, so '#1' may be the
       canary on purpose; '#' alone is id 0 (regression test in Fuzz.Tests.ps1). Such names are not sent by the 'no change' tests. #>
    $Value -cmatch '\A#[+-]?[0-9]*\z'
}
function Test-BadStreamId([string] $Value) {
    <# A stream id (HaproxyRequests.StreamId): '0x' and 1 to 16 hexadecimal digits, or the same pointer in decimal
       digits (not 0, at most 20 digits, within 64 bits), which the module sends in hexadecimal. #>
    if ($Value -cmatch '\A0[xX][0-9a-fA-F]{1,16}\z') { return $false }
    $n = [uint64]0
    -not ($Value -cmatch '\A[0-9]{1,20}\z' -and [uint64]::TryParse($Value, [System.Globalization.NumberStyles]::None, [cultureinfo]::InvariantCulture, [ref] $n) -and $n -ne 0)
}
function Test-LineTooLong([string] $Line) { [System.Text.Encoding]::UTF8.GetByteCount($Line) -ge 16000 }

# Stick tables (HaproxyRequests.StickTables.cs, StickTableFilter.cs): a key of an ip table is a dotted IPv4 address
# (0-255, no leading zeros); a data name is lowercase letters, digits and '_' (a leading 'data.' dropped, lowered
# invariantly) with an optional index '[<1-9 digits>]'; a filter is three words: a data name, eq/ne/le/ge/lt/gt (one
# leading '-' and any case allowed), and a whole number in Int64.
function Test-DottedIPv4([string] $Value) {
    $Value -cmatch '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z'
}
function ConvertTo-StickDataName([string] $Value) {
    <# The data name the module sends for -Data / -Filter, or $null when it must refuse it. #>
    if (Test-Unsendable $Value) { return $null }
    $n = if ($Value.StartsWith('data.', [StringComparison]::OrdinalIgnoreCase)) { $Value.Substring(5) } else { $Value }
    $n = $n.ToLowerInvariant()
    if ($n -cmatch '\A([a-z][a-z0-9_]*)(\[[0-9]{1,9}\])?\z' -and $Matches[1].Length -le 64) { return $n }
    $null
}
function ConvertTo-StickFilter([string] $Value) {
    <# The filter the module sends ('data.<name> <op> <value>' with the name, op and value as parsed), or $null when it must refuse it. #>
    if (Test-Unsendable $Value) { return $null }
    $words = @($Value.Split([char[]]@(' ', "`t"), [StringSplitOptions]::RemoveEmptyEntries))
    if ($words.Count -ne 3) { return $null }
    $name = ConvertTo-StickDataName $words[0]
    $op = $words[1]; if ($op.StartsWith('-', [StringComparison]::Ordinal)) { $op = $op.Substring(1) }
    $op = $op.ToLowerInvariant()
    $value = [long]0
    if (-not $name -or $op -cnotin 'eq', 'ne', 'le', 'ge', 'lt', 'gt' -or
        -not [long]::TryParse($words[2], [System.Globalization.NumberStyles]::AllowLeadingSign, [CultureInfo]::InvariantCulture, [ref] $value)) { return $null }
    [pscustomobject]@{ Name = $name; Op = $op; Value = $value }
}
function ConvertTo-DumpText([byte[]] $Bytes) {
    <# HAProxy's dump_text (tools.c): how 'show table' prints a string key's bytes. #>
    $sb = [System.Text.StringBuilder]::new()
    foreach ($b in $Bytes) {
        if ($b -eq 0) { break }
        switch ($b) {
            9 { $null = $sb.Append('\t') } 10 { $null = $sb.Append('\n') } 13 { $null = $sb.Append('\r') } 27 { $null = $sb.Append('\e') }
            32 { $null = $sb.Append('\ ') } 61 { $null = $sb.Append('\=') } 92 { $null = $sb.Append('\\') }
            default { if ($b -ge 0x20 -and $b -lt 0x7f) { $null = $sb.Append([char]$b) } else { $null = $sb.AppendFormat('\x{0:X2}', $b) } }
        }
    }
    $sb.ToString()
}

# ---- errors -----------------------------------------------------------------------------------------------------
# A typed refusal: the module's own (InvalidHaproxyArgument, nothing sent) or HAProxy's, classified. Never
# HaproxyUnexpectedResponse, a protocol, connection, timeout or outcome-unknown error, nor an untyped one.
$script:TypedRefusal = '^(InvalidHaproxyArgument|HaproxyInvalidCommand|HaproxyObjectNotFound|HaproxyObjectExists|HaproxyInvalidOperation|HaproxyObjectNotRemovable|HaproxyWaitTimeout|HaproxyCommandFailed),'
$script:BinderEmpty = '^ParameterArgumentValidationErrorEmptyStringNotAllowed,'
$script:ErrorStats = @{}
$script:UnclassifiedSamples = [System.Collections.Generic.HashSet[string]]::new()
function Test-TypedRefusal {
    <# True when the error is a typed refusal; with -ModuleRefusal, only a refusal before anything was sent: the
       module's InvalidHaproxyArgument, or PowerShell's binder refusing the value (an empty string for a mandatory
       parameter, or one of -BinderIds: what the fuzzed parameter's declaration adds, such as a ValidateSet). Counts
       every error by id for the run's summary. #>
    param($Record, [switch] $ModuleRefusal, [string[]] $BinderIds = @())
    $id = $Record.FullyQualifiedErrorId
    $short = ($id -split ',')[0]
    $script:ErrorStats[$short] = 1 + [int]$script:ErrorStats[$short]
    if ($short -eq 'HaproxyCommandFailed' -and $script:UnclassifiedSamples.Count -lt 5) { $null = $script:UnclassifiedSamples.Add(($Record.Exception.Message -replace '\s+', ' ').Substring(0, [Math]::Min(160, $Record.Exception.Message.Length))) }
    $binder = $id -match $script:BinderEmpty -or $BinderIds -contains $short
    if ($ModuleRefusal) { return ($id -like 'InvalidHaproxyArgument,*' -or $binder) }
    ($id -match $script:TypedRefusal -or $binder)
}
# PowerShell's -eq/-ceq/-contains on strings are culture-aware and ignore NUL, DEL, U+200B, U+FEFF...
# ("`0`u{7f}z" -ceq 'z' is True), so every comparison of fuzzed text here is ordinal.
function Test-Same([string] $A, [string] $B) { [string]::Equals($A, $B, [StringComparison]::Ordinal) }
function New-OrdinalSet([string[]] $Items) { , [System.Collections.Generic.HashSet[string]]::new([string[]]@($Items | Where-Object { $null -ne $_ }), [System.StringComparer]::Ordinal) }
function Find-Row($Rows, [string] $Name) { $Rows | Where-Object { Test-Same $_.Name $Name } | Select-Object -First 1 }
function Format-Error($Record) { "$($Record.FullyQualifiedErrorId): $($Record.Exception.Message -replace '\s+', ' ')" }

# ---- the lab's independent view ---------------------------------------------------------------------------------
function Get-LabSnapshot {
    <# Everything that must not change unless intended, as key -> text; the canaries in full. A server's text is its
       'show servers state' row as "column=value" pairs (Format-LabServerRow; read one back with Get-LabRowField) and
       its maxconn. #>
    $snap = [System.Collections.Generic.Dictionary[string, string]]::new([System.StringComparer]::Ordinal)
    foreach ($name in Get-LabBackendNames -Lab $lab) { $snap["backend:$name"] = 'present' }
    foreach ($list in Get-LabMapState -Lab $lab) { $snap["map:$($list.Id):$($list.Name)"] = $list.Description }
    foreach ($list in Get-LabAclState -Lab $lab) { $snap["acl:$($list.Id):$($list.Name)"] = $list.Description }
    foreach ($row in Get-LabServerRows -Lab $lab) {
        # Without srv_time_since_last_change, and the health-check result/state columns: t2's check (127.0.0.1:9,
        # loopback) may run when enabled; what is compared is the configuration-like state (address, admin, weights...).
        $snap["server:$($row.be_name)/$($row.srv_name)"] = Format-LabServerRow $row -Exclude srv_time_since_last_change, srv_check_status, srv_check_result, srv_check_health, srv_check_state
    }
    # CA and CRL files (show ssl ca-file|crl-file): a fuzzed name must neither create nor delete one unnoticed.
    foreach ($kind in 'ca-file', 'crl-file') {
        foreach ($line in (Invoke-LabSocket -Lab $lab -Command "show ssl $kind") -split "`n") {
            if ($line -and $line -cne '# filename' -and $line -cne '# transaction') { $snap["${kind}:$($line -replace ' - \d+ certificate\(s\)$', '')"] = 'present' }
        }
    }
    # Unfiltered (Get-LabStatRows): a fuzzed backend named '-1' would turn 'show stat -1 1 -1' into a lookup of that proxy.
    foreach ($row in Get-LabStatRows -Lab $lab -Column status, slim, mode) {
        if ($row.svname -eq 'FRONTEND') { $snap["frontend:$($row.pxname)"] = "slim=$($row.slim) status=$($row.status)" }
        elseif ($row.svname -eq 'BACKEND') {
            # Published or not, and the mode: not the UP/DOWN status, which follows the servers' health and weights.
            $key = "backend:$($row.pxname)"
            if ($snap.ContainsKey($key)) { $snap[$key] = "$(if ($row.status -like '*(UNPUB)*') { 'unpublished' } else { 'published' }) mode=$($row.mode)" }
        }
        else {
            $key = "server:$($row.pxname)/$($row.svname)"
            if ($snap.ContainsKey($key)) { $snap[$key] += " maxconn=$($row.slim)" }
        }
    }
    $info = Get-LabInfo -Lab $lab
    $snap['global'] = @(foreach ($field in 'Pid', 'Maxconn', 'Hard_maxconn', 'MaxConnRate', 'MaxSessRate', 'Stopping') { "${field}: $($info[$field])" }) -join ';'
    # The session's connection is never dropped by a fuzzed value (HAProxy closes it on a line it cannot take).
    $snap['session'] = "reconnects=$($session.Reconnects) reloads=$($session.ReloadsDetected)"
    $snap['canary-map'] = (Get-LabMapLines -Lab $lab -Map virt@canary.map) -join "`n"
    $snap['canary-acl'] = (Get-LabAclPatterns -Lab $lab virt@canary.acl) -join "`n"
    $snap
}

function Compare-LabSnapshot {
    <# Differences outside the keys matching -Allow (wildcards), as readable strings. #>
    param($Before, $After, [string[]] $Allow = @())
    $diffs = [System.Collections.Generic.List[string]]::new()
    $keys = [System.Collections.Generic.HashSet[string]]::new([string[]]$Before.Keys, [System.StringComparer]::Ordinal)
    $keys.UnionWith([string[]]$After.Keys)
    foreach ($key in $keys) {
        $allowed = $false
        foreach ($pattern in $Allow) { if ($key -clike $pattern) { $allowed = $true; break } }
        if ($allowed) { continue }
        $b = $null; $a = $null
        $hasB = $Before.TryGetValue($key, [ref] $b); $hasA = $After.TryGetValue($key, [ref] $a)
        if ($hasB -ne $hasA -or -not (Test-Same $b $a)) { $diffs.Add("$key changed: [$b] -> [$a]") }
    }
    $diffs
}

function Get-NewKeys {
    <# Keys of $After with the prefix that are not in $Before (names of created backends/servers). #>
    param($Before, $After, [string] $Prefix)
    @($After.Keys | Where-Object { $_.StartsWith($Prefix, [StringComparison]::Ordinal) -and -not $Before.ContainsKey($_) } | ForEach-Object { $_.Substring($Prefix.Length) })
}

function Get-ExistingNames {
    <# Names of existing objects of a kind in a snapshot ('map', 'acl': list file names; 'backend', 'frontend'). A
       fuzzed string equal to one (the pool holds 'canary', 'virt@canary.map'...) names it on purpose: the "no
       change" tests do not send it. #>
    param($Snapshot, [string] $Kind)
    $names = foreach ($key in $Snapshot.Keys) {
        if ($Kind -in 'map', 'acl') { if ($key -match "^${Kind}:\d+:(.+)$") { $Matches[1] } }
        elseif ($key.StartsWith("${Kind}:", [StringComparison]::Ordinal)) { $key.Substring($Kind.Length + 1) }
    }
    New-OrdinalSet @($names)
}

function Format-Diff([string[]] $Expected, [string[]] $Actual) {
    $eSet = New-OrdinalSet $Expected; $aSet = New-OrdinalSet $Actual
    $missing = @($Expected | Where-Object { -not $aSet.Contains($_) }); $extra = @($Actual | Where-Object { -not $eSet.Contains($_) })
    "missing $($missing.Count) e.g. $(Format-Fuzz ($missing | Select-Object -First 1)); unexpected $($extra.Count) e.g. $(Format-Fuzz ($extra | Select-Object -First 1))"
}

function Get-SortedOrdinal([string[]] $Items) {
    $copy = [string[]]@($Items)
    [Array]::Sort($copy, [System.StringComparer]::Ordinal)
    , $copy
}

function Assert-NoViolations {
    param([System.Collections.Generic.List[string]] $Violations, [string] $What)
    if ($Violations.Count -gt 0) {
        Write-Host "    $What`: $($Violations.Count) violation(s) (seed $Seed):"
        $Violations | Select-Object -First 15 | ForEach-Object { Write-Host "      $_" }
    }
    $Violations | Select-Object -First 5 | Should -BeNullOrEmpty -Because "seed $Seed, $What"
}
