# The Runtime API coverage map (docs/runtime-api-coverage.md) stays true:
#   - each row says who sends its command: exported cmdlets, 'raw only: <reason>' or 'planned: observe|operate';
#   - its rows are the stored command list (build/haproxy-3.4-cli-commands.txt, from HAProxy's management guide), in
#     order, no more, no less;
#   - every CLI command an exported cmdlet really sends (run against a lab, read from its -Verbose lines) is in a row
#     that names that cmdlet. A new cmdlet adds one line to $invocations below (the test fails until it does).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $exported = @(Get-Command -Module HaproxyRuntime -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $listPath = Join-Path $repoRoot 'build/haproxy-3.4-cli-commands.txt'
    $mapPath = Join-Path $repoRoot 'docs/runtime-api-coverage.md'
    $exportedNames = @(Get-Command -Module HaproxyRuntime -CommandType Cmdlet | ForEach-Object Name)

    function Read-CommandList {
        <# The stored list: '[<section>]' lines and command forms, each form as @{ Section; Form }; comments skipped. #>
        $section = $null
        foreach ($line in Get-Content -LiteralPath $listPath) {
            if (-not $line.Trim() -or $line.StartsWith('#')) { continue }
            if ($line -match '^\[(.+)\]$') { $section = $Matches[1]; continue }
            [pscustomobject]@{ Section = $section; Form = $line }
        }
    }

    function Split-TableCells([string] $Row) {
        <# The cells of a markdown table row: split on '|' not escaped with '\'; '\|' in a cell is a '|'. #>
        $cells = [regex]::Split($Row.Trim(), '(?<!\\)\|')
        @($cells[1..($cells.Count - 2)] | ForEach-Object { $_.Trim().Replace('\|', '|') })
    }

    function ConvertFrom-SentBy([string] $Text) {
        <# A 'Sent by' cell: Kind Cmdlets (with Cmdlets), RawOnly (with Reason), Planned (with Issue), or Malformed. #>
        if ($Text -match '^raw only:\s*(\S.*)$') { return [pscustomobject]@{ Kind = 'RawOnly'; Reason = $Matches[1]; Cmdlets = @(); Issue = $null } }
        if ($Text -cmatch '^planned: (observe|operate)$') { return [pscustomobject]@{ Kind = 'Planned'; Issue = $Matches[1]; Cmdlets = @(); Reason = $null } }
        $names = @($Text -split ',' | ForEach-Object { $_.Trim() })
        if ($Text -and -not @($names | Where-Object { $_ -cnotmatch '^[A-Z][a-z]+-Haproxy[A-Za-z]*$' })) {
            return [pscustomobject]@{ Kind = 'Cmdlets'; Cmdlets = $names; Reason = $null; Issue = $null }
        }
        [pscustomobject]@{ Kind = 'Malformed'; Cmdlets = @(); Reason = $null; Issue = $null }
    }

    function Read-CoverageMap {
        <# The map's table rows, each @{ Section (the '## ' heading above it); Form; SentByText; SentBy; Line }. #>
        $section = $null
        $n = 0
        foreach ($line in Get-Content -LiteralPath $mapPath) {
            $n++
            if ($line -match '^##\s+(.+?)\s*$') { $section = $Matches[1]; continue }
            if (-not $line.StartsWith('|') -or $line -match '^\|\s*-' -or $line -match '^\|\s*Command\s*\|') { continue }
            $cells = @(Split-TableCells $line)
            $form = if ($cells.Count -ge 1 -and $cells[0] -match '^`(.+)`$') { $Matches[1] } else { $null }
            $sentBy = if ($cells.Count -eq 2) { $cells[1] } else { $null }
            [pscustomobject]@{
                Section    = $section
                Form       = $form
                SentByText = $sentBy
                SentBy     = if ($form -and $null -ne $sentBy) { ConvertFrom-SentBy $sentBy } else { [pscustomobject]@{ Kind = 'Malformed'; Cmdlets = @() } }
                Line       = $n
                Text       = $line
            }
        }
    }

    function Split-Unescaped([string] $Text, [string] $Separators) {
        <# Splits on any of the separator characters that is not escaped with '\' (HAProxy's CLI rule for ';' and for
           the spaces between words); the escapes stay in the parts. Empty parts are dropped. #>
        $part = [System.Text.StringBuilder]::new()
        for ($i = 0; $i -lt $Text.Length; $i++) {
            $c = $Text[$i]
            if ($c -eq '\' -and $i + 1 -lt $Text.Length) { $null = $part.Append($c).Append($Text[$i + 1]); $i++; continue }
            if ($Separators.IndexOf($c) -ge 0) {
                if ($part.ToString().Trim()) { $part.ToString().Trim() }
                $null = $part.Clear()
                continue
            }
            $null = $part.Append($c)
        }
        if ($part.ToString().Trim()) { $part.ToString().Trim() }
    }

    function Split-FormWords([string] $Form) {
        <# A form's words: split on spaces outside '<...>' ('<ip4 or ip6 address>' is one placeholder). #>
        $depth = 0
        $word = [System.Text.StringBuilder]::new()
        foreach ($c in $Form.ToCharArray()) {
            if ($c -eq '<') { $depth++ } elseif ($c -eq '>' -and $depth -gt 0) { $depth-- }
            if ($c -eq ' ' -and $depth -eq 0) {
                if ($word.Length) { $word.ToString() }
                $null = $word.Clear()
                continue
            }
            $null = $word.Append($c)
        }
        if ($word.Length) { $word.ToString() }
    }

    function Get-FormMatch([string[]] $Words, [string[]] $FormWords) {
        <# How well a command's words fit a form's required words (those before its first '[', '{', '(' or '|'): each
           literal word must be equal, a placeholder takes any word that starts with its literal prefix ('@' of
           '@<ver>'). $null when they do not fit or no literal character matched; else the literal characters matched
           and the words used. Extra words of the command are its arguments. #>
        $literal = 0
        $used = 0
        foreach ($formWord in $FormWords) {
            if ($formWord -match '^[\[\{\(|]') { break }
            if ($used -ge $Words.Count) { return $null }
            $word = $Words[$used]
            $open = $formWord.IndexOf('<')
            if ($open -ge 0) {
                $prefix = $formWord.Substring(0, $open)
                if ($word.Length -le $prefix.Length -or -not $word.StartsWith($prefix, [StringComparison]::Ordinal)) { return $null }
                $literal += $prefix.Length
            }
            elseif ($word -cne $formWord) { return $null }
            else { $literal += $formWord.Length }
            $used++
        }
        if ($literal -eq 0) { return $null }
        [pscustomobject]@{ Literal = $literal; Used = $used }
    }

    function Find-CommandRows([string] $Command, $Rows) {
        <# The rows whose form fits the command best: the most literal characters matched (the longest literal
           words), then the most words used ('show table t' is 'show table <name>', 'show table' alone is 'show
           table'). Several rows when they tie ('add map' key/value and payload forms). #>
        $words = @(Split-Unescaped $Command " `t")
        $best = @()
        $bestScore = $null
        foreach ($row in $Rows) {
            $fit = Get-FormMatch $words @(Split-FormWords $row.Form)
            if (-not $fit) { continue }
            $score = $fit.Literal * 1000 + $fit.Used
            if ($null -eq $bestScore -or $score -gt $bestScore) { $bestScore = $score; $best = @($row) }
            elseif ($score -eq $bestScore) { $best += $row }
        }
        $best
    }

    function Get-SentCommands($Records) {
        <#
        The CLI commands in -Verbose records, each @{ Cmdlet (the module cmdlet that wrote the record); Command }.
        A request's line is '[<session name>] <line>'; a line may join several commands with ';' (a prelude such as
        'experimental-mode on' or 'set timeout cli', the request, a postlude), split here as HAProxy splits them. Not
        CLI lines, though written with the same prefix: a polled request's note and other sentences (they start with a
        capital; HAProxy's commands are lower case) and a replacement's 'committed version N of ...' summary.
        Connect-Haproxy says its handshake as 'Connecting to <endpoint>: <commands>' (there is no session name yet).
        A master CLI prefix ('@1 show info') counts as two commands: the prefix and the command it runs.
        #>
        foreach ($record in $Records) {
            if ($record -isnot [System.Management.Automation.VerboseRecord]) { continue }
            $cmdlet = $record.InvocationInfo.MyCommand.Name
            if ($cmdlet -notin $exportedNames) { continue }
            $message = $record.Message
            $line = $null
            if ($cmdlet -eq 'Connect-Haproxy' -and $message -match '^Connecting to ') { $line = $message.Substring($message.LastIndexOf(': ') + 2) }
            elseif ($message -match '^\[[^\]]+\] (.*)$') { $line = $Matches[1] }
            if (-not $line -or $line -cmatch '^[A-Z]' -or $line -match '^committed version \d+ of ') { continue }
            # A payload (after '<<') is not commands.
            foreach ($command in Split-Unescaped ($line -split "`n")[0] ';') {
                $words = @(Split-Unescaped $command " `t")
                if ($words.Count -gt 1 -and $words[0].StartsWith('@')) {
                    [pscustomobject]@{ Cmdlet = $cmdlet; Command = $words[0] }
                    $command = ($words | Select-Object -Skip 1) -join ' '
                }
                [pscustomobject]@{ Cmdlet = $cmdlet; Command = $command }
            }
        }
    }

    $list = @(Read-CommandList)
    $rows = @(Read-CoverageMap)
}

Describe 'the Runtime API coverage map' {
    BeforeAll {
        # Progress, once per run: no row may stay 'planned' at the end of the observe and operate issues, but until
        # then the count is reported, not failed.
        $of = { param($kind) @($rows | Where-Object { $_.SentBy.Kind -eq $kind }) }
        $planned = & $of Planned
        Write-Host ("Runtime API coverage (HAProxy 3.4, {0} command forms): {1} sent by cmdlets, {2} raw only, {3} planned ({4} observe, {5} operate)" -f
            $rows.Count, (& $of Cmdlets).Count, (& $of RawOnly).Count, $planned.Count,
            @($planned | Where-Object { $_.SentBy.Issue -eq 'observe' }).Count, @($planned | Where-Object { $_.SentBy.Issue -eq 'operate' }).Count)
    }

    It 'the stored command list names the HAProxy tag it was taken from, and has both sections' {
        (Get-Content -LiteralPath $listPath -TotalCount 1) | Should -Match '^# Source: HAProxy v\d+\.\d+\.\d+\b'
        @($list | ForEach-Object Section | Select-Object -Unique) | Should -Be @('Unix Socket commands', 'Master CLI commands')
        $list.Count | Should -BeGreaterThan 150
    }

    It 'every row says who sends its command: exported cmdlets, "raw only: …" with a reason, or "planned: observe|operate"' {
        $rows.Count | Should -BeGreaterThan 0
        $bad = foreach ($row in $rows) {
            switch ($row.SentBy.Kind) {
                'Malformed' { "line $($row.Line) ($($row.Text)): '$($row.SentByText)' is neither cmdlet names (comma separated), 'raw only: <reason>' nor 'planned: observe|operate' (or the row is not '| ``<form>`` | <Sent by> |')" }
                'Cmdlets' {
                    foreach ($name in $row.SentBy.Cmdlets | Where-Object { $_ -cnotin $exportedNames }) {
                        "line $($row.Line) ($($row.Form)): the module exports no cmdlet '$name'"
                    }
                }
            }
        }
        @($bad) -join "`n" | Should -BeNullOrEmpty
    }

    It 'its rows are the stored command list, in order (build/haproxy-3.4-cli-commands.txt)' {
        $want = @($list | ForEach-Object { "[$($_.Section)] $($_.Form)" })
        $have = @($rows | ForEach-Object { "[$($_.Section)] $($_.Form)" })
        $problems = [System.Collections.Generic.List[string]]::new()
        foreach ($missing in $want | Where-Object { $_ -cnotin $have }) { $problems.Add("missing row: $missing") }
        foreach ($extra in $have | Where-Object { $_ -cnotin $want }) { $problems.Add("row not in the list: $extra") }
        foreach ($twice in $have | Group-Object | Where-Object Count -GT 1) { $problems.Add("row given $($twice.Count) times: $($twice.Name)") }
        if ($problems.Count -eq 0) {
            for ($i = 0; $i -lt $want.Count; $i++) {
                if ($have[$i] -cne $want[$i]) { $problems.Add("out of order at row $($i + 1): '$($have[$i])' where the list has '$($want[$i])'"); break }
            }
        }
        $problems -join "`n" | Should -BeNullOrEmpty
    }
}

Describe 'what the cmdlets send is in the map' {
    BeforeAll {
        # fe-cov: a map and an ACL of the test's own (so clearing or replacing them touches nothing else), and a
        # frontend to disable and enable. covstatic: configured servers for what dynamic servers refuse (ssl) or lack
        # (an FQDN needs a resolvers section; its nameserver is loopback and nothing there answers).
        $covLogPort = Get-FreeTcpPort   # fe-covlog logs each request into ring covring (Get-HaproxyEvent)
        $lab = Start-HaproxyLab -StickTables -Tls -ExtraConfig @"

frontend fe-cov
    bind 127.0.0.1:$(Get-FreeTcpPort)
    acl covered src -f virt@cov.acl
    http-request set-var(txn.cov) path,map(virt@cov.map)
    http-request deny if covered
    http-request return status 200

resolvers covdns
    nameserver ns1 127.0.0.1:$(Get-FreeTcpPort)

ring covring
    size 32768

frontend fe-covlog
    bind 127.0.0.1:$covLogPort
    log ring@covring local0
    http-request return status 200

frontend fe-covstop
    bind 127.0.0.1:$(Get-FreeTcpPort)
    http-request return status 200

backend covstatic
    server st1 127.0.0.1:$(Get-FreeTcpPort) ssl verify none
    server st2 127.0.0.1:$(Get-FreeTcpPort) resolvers covdns init-addr none
"@
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -Name coverage
        # The master CLI's commands need a HAProxy in master-worker mode.
        $mlab = Start-HaproxyLab -MasterWorker
        $covMaster = Connect-Haproxy -Endpoint $mlab.MasterSocket -Timeout 10s -Name cov-master -NoDefault
        # The TLS stores (CA and CRL files, ticket keys, OCSP responses) live in a lab of their own.
        $tlab = Start-LabTlsStores
        $tls = Connect-Haproxy -Endpoint $tlab.AdminEndpoint -Timeout 5s -Name coverage-tls -NoDefault
        $app = $lab.DynamicAppPort
        # An invocation that fails does not measure what its cmdlet sends: every error of the module stops it.
        $PSDefaultParameterValues = @{ '*-Haproxy*:ErrorAction' = 'Stop'; '*-Haproxy*:WarningAction' = 'SilentlyContinue'; '*-Haproxy*:Confirm' = $false }

        # Set-up through the lab's own socket (not the module: what an invocation sends is its cmdlet's alone).
        function Invoke-CovSetup([string[]] $Command) {
            foreach ($c in $Command) {
                $answer = Invoke-LabSocket -Lab $lab -Command $c
                if ($answer -match '^\[[34]\]|^(Unknown|No such|Can''t|Permission)') { throw "Set-up '$c' failed: $answer" }
            }
        }
        function New-CovBackend([string] $Name, [string[]] $Server = @(), [switch] $Published) {
            <# A dynamic backend, with enabled servers pointing at the lab's app. #>
            Invoke-CovSetup "experimental-mode on;add backend $Name from mydefaults;experimental-mode off"
            foreach ($s in $Server) { Invoke-CovSetup "add server $Name/$s 127.0.0.1:$app", "enable server $Name/$s" }
            if ($Published) { Invoke-CovSetup "publish backend $Name" }
            if ($Name -notin @(Get-LabBackendNames -Lab $lab)) { throw "Set-up: backend $Name was not created." }
        }
        function New-CovServer([string] $Name, [switch] $Enabled, [switch] $Check, [switch] $Agent) {
            <# A dynamic server of webservers (in maintenance unless -Enabled), with a health check (-Check) or an agent
               check (-Agent) that never runs by itself (1h) on a port nothing listens on. #>
            $options = @()
            if ($Check) { $options += "check port $app inter 1h" }
            if ($Agent) { $options += "agent-check agent-port $(Get-FreeTcpPort) agent-inter 1h" }
            Invoke-CovSetup "add server webservers/$Name 127.0.0.1:$app $($options -join ' ')"
            if ($Enabled) { Invoke-CovSetup "enable server webservers/$Name" }
            if (-not (Get-LabServerRow -Lab $lab webservers $Name)) { throw "Set-up: server webservers/$Name was not created." }
        }
        function Get-CovRef([string] $Kind, [string] $Name, [int] $Index = 0) {
            <# The '#0x...' reference of an entry of a map or an ACL, as the lab reads it. #>
            $refs = if ($Kind -eq 'map') { Get-LabMapLines -Lab $lab $Name -Part Ref } else { Get-LabAclPatterns -Lab $lab $Name -Part Ref }
            "#$(@($refs)[$Index])"
        }

        # ---- one invocation per exported cmdlet -----------------------------------------------------------------
        # Each runs with -Verbose on, against the lab above, and must succeed. It should make its cmdlet send every
        # kind of command it can (-PassThru, the waits, the -Drain plans, each parameter that sends its own command).
        # Set-up goes through the lab socket (Invoke-CovSetup, New-CovBackend, New-CovServer); what another cmdlet
        # of the module sends during an invocation is checked against that cmdlet's rows.
        $invocations = [ordered]@{
            # sessions and the process
            'Connect-Haproxy'            = {
                Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -Name cov-connect -NoDefault | Disconnect-Haproxy
                Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -Name cov-connect-op -NoDefault -Level operator | Disconnect-Haproxy
                Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -Name cov-connect-user -NoDefault -Level user | Disconnect-Haproxy
            }
            'Disconnect-Haproxy'         = { Disconnect-Haproxy -Session (Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s -Name cov-disconnect -NoDefault) }
            'Get-HaproxySession'         = { Get-HaproxySession; Get-HaproxySession -Name coverage; Get-HaproxySession -Default }
            'Get-HaproxyInfo'            = { Get-HaproxyInfo }
            'Get-HaproxyStickTable'      = { Get-HaproxyStickTable }
            'Get-HaproxyStickTableEntry' = { Invoke-CovSetup 'set table st_ip key 127.0.0.9 data.gpc0 1'; Get-HaproxyStickTableEntry -Table st_ip; Get-HaproxyStickTableEntry -Table st_ip -Key 127.0.0.9; Get-HaproxyStickTableEntry -Table st_ip -Filter 'gpc0 gt 0'; Get-HaproxyStickTableEntry -Table st_ip -Pointer (Get-LabStickEntries -Lab $lab st_ip -Key 127.0.0.9).Pointer }
            'Set-HaproxyStickTableEntry' = { Set-HaproxyStickTableEntry -Table st_ip -Key 127.0.0.8 -Data @{ gpc0 = 2 } -PassThru; Set-HaproxyStickTableEntry -Table st_ip -Pointer (Get-LabStickEntries -Lab $lab st_ip -Key 127.0.0.8).Pointer -Data @{ gpc0 = 3 } -PassThru }
            'Clear-HaproxyStickTableEntry' = { Clear-HaproxyStickTableEntry -Table st_ip -Key 127.0.0.8; Invoke-CovSetup 'set table st_ip key 127.0.0.7 data.gpc0 1'; Clear-HaproxyStickTableEntry -Table st_ip -Pointer (Get-LabStickEntries -Lab $lab st_ip -Key 127.0.0.7).Pointer; Clear-HaproxyStickTableEntry -Table st_ip -Filter 'gpc0 gt 5'; Clear-HaproxyStickTableEntry -Table st_int -All }
            'Get-HaproxyStat'            = { Get-HaproxyStat; Get-HaproxyStat -Name webservers -Type Server }
            'Clear-HaproxyCounter'       = { Clear-HaproxyCounter; Clear-HaproxyCounter -All -Confirm:$false }
            'Set-HaproxyGlobal'          = { Set-HaproxyGlobal -MaxConn 0 -ConnectionRateLimit 0 -SessionRateLimit 0 -SslSessionRateLimit 0 -CompressionRateLimit 0 -PassThru }
            # observation
            'Get-HaproxyResolver'        = { Get-HaproxyResolver; Get-HaproxyResolver -Resolvers covdns }
            'Get-HaproxyPeer'            = { Get-HaproxyPeer }
            'Get-HaproxyCache'           = { Get-HaproxyCache }
            'Get-HaproxyVariable'        = { Invoke-CovSetup 'experimental-mode on;set var proc.cov str(x)'; Get-HaproxyVariable proc.cov }
            'Set-HaproxyVariable'        = { Set-HaproxyVariable proc.cov -Value 'a b' -PassThru; Set-HaproxyVariable proc.cov -Expression 'int(1)' }
            'Get-HaproxyEvent'           = {
                $null = Invoke-LabRequest -Lab $lab -Port $covLogPort -TimeoutSec 3 -StatusCode
                Get-HaproxyEvent; Get-HaproxyEvent -Sink covring; Get-HaproxyEvent -Sink covring -Wait | Select-Object -First 1
            }
            'Get-HaproxyStartupLog'      = { Get-HaproxyStartupLog; Get-HaproxyStartupLog -Master -Session $covMaster }
            # the master CLI (a lab in master-worker mode)
            'Get-HaproxyProcess'         = { Get-HaproxyProcess -Session $covMaster }
            'Invoke-HaproxyReload'       = {
                Invoke-HaproxyReload -Session $covMaster -PassThru -WarningAction SilentlyContinue
                Invoke-HaproxyReload -Session $covMaster -Hard -Confirm:$false -WarningAction SilentlyContinue
            }
            # backends
            'Add-HaproxyBackend'         = { Add-HaproxyBackend -Name cov-add -From mydefaults -Mode http -PassThru }
            'Get-HaproxyBackend'         = { Get-HaproxyBackend; Get-HaproxyBackend -Name webservers }
            'Publish-HaproxyBackend'     = { New-CovBackend cov-pub -Server s1; Publish-HaproxyBackend -Name cov-pub -WaitHealthy -Timeout 5s -PassThru }
            'Unpublish-HaproxyBackend'   = { New-CovBackend cov-unpub -Published; Unpublish-HaproxyBackend -Name cov-unpub -PassThru }
            'Remove-HaproxyBackend'      = {
                New-CovBackend cov-rm1
                Remove-HaproxyBackend -Name cov-rm1
                New-CovBackend cov-rm2 -Server s1 -Published
                Invoke-CovSetup 'add map virt@cov.map /cov-rm2 cov-rm2'
                Remove-HaproxyBackend -Name cov-rm2 -Drain -Force -Timeout 5s -Map virt@cov.map
            }
            # servers
            'Add-HaproxyServer'          = { Add-HaproxyServer -Backend webservers -Name cov-add -Address 127.0.0.1 -Port $app -Check -CheckPort $app -Weight 5 -InitState Up -Option 'inter', '1h' -PassThru }
            'Get-HaproxyServer'          = { Get-HaproxyServer; Get-HaproxyServer -Backend webservers -Name web1 }
            'Enable-HaproxyServer'       = { New-CovServer cov-en; Enable-HaproxyServer -Backend webservers -Name cov-en -PassThru }
            'Disable-HaproxyServer'      = { New-CovServer cov-dis -Enabled; Disable-HaproxyServer -Backend webservers -Name cov-dis -PassThru }
            'Set-HaproxyServerState'     = { New-CovServer cov-state -Enabled; 'Drain', 'Maint', 'Ready' | ForEach-Object { Set-HaproxyServerState -Backend webservers -Name cov-state -State $_ -PassThru } }
            'Enable-HaproxyHealthCheck'  = { New-CovServer cov-hc -Check; Enable-HaproxyHealthCheck -Backend webservers -Name cov-hc -PassThru }
            'Disable-HaproxyHealthCheck' = { New-CovServer cov-hcd -Check; Disable-HaproxyHealthCheck -Backend webservers -Name cov-hcd -PassThru }
            'Enable-HaproxyAgentCheck'   = { New-CovServer cov-ag -Agent; Enable-HaproxyAgentCheck -Backend webservers -Name cov-ag -PassThru }
            'Disable-HaproxyAgentCheck'  = { New-CovServer cov-agd -Agent; Disable-HaproxyAgentCheck -Backend webservers -Name cov-agd -PassThru }
            'Set-HaproxyServer'          = {
                New-CovServer cov-set -Check -Agent
                Invoke-CovSetup 'enable health webservers/cov-set', 'enable agent webservers/cov-set'
                Set-HaproxyServer -Backend webservers -Name cov-set -CheckPort $app -AgentAddress 127.0.0.1 -AgentPort $app -AgentSend cov -Health Down -Agent Up
                # HAProxy 3.4.7 refuses every 'set server … check-addr' ("invalid addr", whatever the address): sent all the same.
                Set-HaproxyServer -Backend webservers -Name cov-set -CheckAddress 127.0.0.1 -ErrorAction SilentlyContinue
                Set-HaproxyServer -Backend webservers -Name cov-set -Address 127.0.0.2 -Port 8081 -Weight 50% -MaxConn 10 -PassThru
                Set-HaproxyServer -Backend covstatic -Name st1 -Ssl On
                Set-HaproxyServer -Backend covstatic -Name st2 -Fqdn app.example.invalid -PassThru
            }
            'Stop-HaproxyServerStreams'  = { New-CovServer cov-stop -Enabled; Stop-HaproxyServerStreams -Backend webservers -Name cov-stop -PassThru }
            # streams and captured errors
            'Get-HaproxyStream'          = { Get-HaproxyStream -Suspicious -IncludeUri; Get-HaproxyStream -Frontend GLOBAL | Select-Object -First 1 | Get-HaproxyStream }
            'Stop-HaproxyStream'         = {
                $held = New-HeldConnection -Lab $lab -Backend cov-stream -Server h1
                try { Get-HaproxyStream -Backend cov-stream | Stop-HaproxyStream -Confirm:$false }
                finally { Close-HeldConnection $held -RemoveBackend }
            }
            'Get-HaproxyError'           = { $null = Send-LabInvalidRequest -Lab $lab; Get-HaproxyError; Get-HaproxyError -Proxy myfrontend1 -Direction Request }
            'Remove-HaproxyServer'       = {
                New-CovServer cov-rm1
                Remove-HaproxyServer -Backend webservers -Name cov-rm1
                New-CovServer cov-rm2 -Enabled
                Remove-HaproxyServer -Backend webservers -Name cov-rm2 -Drain -Force -DrainFor 10ms -Timeout 5s
            }
            'Wait-HaproxyRemovable'      = {
                New-CovServer cov-wr
                Wait-HaproxyRemovable -Backend webservers -Server cov-wr -Timeout 2s -PassThru
                New-CovBackend cov-wrb
                Wait-HaproxyRemovable -Backend cov-wrb -Timeout 2s -PassThru
            }
            'Wait-HaproxyServer'         = { Wait-HaproxyServer -Backend webservers -Name web1 -Timeout 2s -PassThru }
            # maps
            'Get-HaproxyMap'             = { Get-HaproxyMap; Get-HaproxyMap -Name virt@cov.map }
            'Get-HaproxyMapEntry'        = {
                Reset-LabMap -Lab $lab virt@cov.map '/k1 v1'
                Get-HaproxyMapEntry -Map virt@cov.map
                Get-HaproxyMapEntry -Map virt@cov.map -Key /k1
                Get-HaproxyMapEntry -Map virt@cov.map -Match /k1
            }
            'Add-HaproxyMapEntry'        = {
                Reset-LabMap -Lab $lab virt@cov.map
                Add-HaproxyMapEntry -Map virt@cov.map -Key /a -Value a -PassThru
                Add-HaproxyMapEntry -Map virt@cov.map -Entry @{ '/b' = 'b'; '/c' = 'c' }
                Add-HaproxyMapEntry -Map virt@cov.map -Key /a -Value again -AllowDuplicate
            }
            'Set-HaproxyMapEntry'        = {
                Reset-LabMap -Lab $lab virt@cov.map '/k1 v1', '/k2 v2'
                Set-HaproxyMapEntry -Map virt@cov.map -Key /k1 -Value x -PassThru
                Set-HaproxyMapEntry -Map virt@cov.map -Ref (Get-CovRef map virt@cov.map 1) -Value y
            }
            'Remove-HaproxyMapEntry'     = {
                Reset-LabMap -Lab $lab virt@cov.map '/k1 v1', '/k2 v2'
                Remove-HaproxyMapEntry -Map virt@cov.map -Key /k1
                Remove-HaproxyMapEntry -Map virt@cov.map -Ref (Get-CovRef map virt@cov.map)
            }
            'Clear-HaproxyMap'           = { Reset-LabMap -Lab $lab virt@cov.map '/k1 v1'; Clear-HaproxyMap -Map virt@cov.map -PassThru }
            'Update-HaproxyMap'          = { Update-HaproxyMap -Map virt@cov.map -Entry @{ '/u1' = 'a'; '/u2' = 'b' } -PassThru }
            'Compare-HaproxyMap'         = { Compare-HaproxyMap -Map virt@cov.map -Entry @{ '/u1' = 'a'; '/u3' = 'c' } }
            # ACLs
            'Get-HaproxyAcl'             = { Get-HaproxyAcl; Get-HaproxyAcl -Name virt@cov.acl }
            'Get-HaproxyAclEntry'        = { Reset-LabAcl -Lab $lab virt@cov.acl 10.0.0.1; Get-HaproxyAclEntry -Acl virt@cov.acl; Get-HaproxyAclEntry -Acl virt@cov.acl -Pattern 10.0.0.1 }
            'Add-HaproxyAclEntry'        = { Reset-LabAcl -Lab $lab virt@cov.acl; Add-HaproxyAclEntry -Acl virt@cov.acl -Pattern 10.0.0.1, 10.0.0.2 -PassThru }
            'Remove-HaproxyAclEntry'     = {
                Reset-LabAcl -Lab $lab virt@cov.acl 10.0.0.1, 10.0.0.2
                Remove-HaproxyAclEntry -Acl virt@cov.acl -Pattern 10.0.0.1
                Remove-HaproxyAclEntry -Acl virt@cov.acl -Ref (Get-CovRef acl virt@cov.acl)
            }
            'Clear-HaproxyAcl'           = { Reset-LabAcl -Lab $lab virt@cov.acl 10.0.0.1; Clear-HaproxyAcl -Acl virt@cov.acl -PassThru }
            'Update-HaproxyAcl'          = { Update-HaproxyAcl -Acl virt@cov.acl -Pattern 10.0.0.3, 10.0.0.4 -PassThru }
            'Compare-HaproxyAcl'         = { Compare-HaproxyAcl -Acl virt@cov.acl -Pattern 10.0.0.3, 10.0.0.9 }
            'Test-HaproxyAcl'            = { Reset-LabAcl -Lab $lab virt@cov.acl 10.0.0.0/8; Test-HaproxyAcl -Acl virt@cov.acl -Sample 10.1.2.3, 192.0.2.1 }
            # frontends
            'Get-HaproxyFrontend'        = { Get-HaproxyFrontend; Get-HaproxyFrontend -Name fe-cov }
            'Enable-HaproxyFrontend'     = { Invoke-CovSetup 'disable frontend fe-cov'; Enable-HaproxyFrontend -Name fe-cov -PassThru }
            'Disable-HaproxyFrontend'    = { Disable-HaproxyFrontend -Name fe-cov -PassThru; Invoke-CovSetup 'enable frontend fe-cov' }
            'Set-HaproxyFrontend'        = { Set-HaproxyFrontend -Name fe-cov -MaxConn 100 -PassThru }
            'Stop-HaproxyFrontend'       = { Stop-HaproxyFrontend -Name fe-covstop -PassThru }
            'Set-HaproxyBackend'         = {
                Set-HaproxyBackend -Name covstatic -DynamicCookieKey (ConvertTo-SecureString 'cov' -AsPlainText -Force) -DynamicCookie $true -PassThru
                Set-HaproxyBackend -Name covstatic -DynamicCookie $false
            }
            # certificates and crt-lists (the lab's -Tls listeners)
            'Get-HaproxyCertificate'     = { Get-HaproxyCertificate }
            'Set-HaproxyCertificate'     = {
                Set-HaproxyCertificate -Name $lab.TlsCertificate -Pem (New-LabCertificate -Subject 'CN=cov.lab').Pem -PassThru
                # A refused one is aborted.
                Set-HaproxyCertificate -Name $lab.TlsCertificate -Pem "not`na certificate" -ErrorAction SilentlyContinue
            }
            'New-HaproxyCertificate'     = {
                New-HaproxyCertificate -Name cov-new.pem -Pem (New-LabCertificate -Subject 'CN=cov-new.lab').Pem -PassThru
                New-HaproxyCertificate -Name cov-bad.pem -Pem "not`na certificate" -ErrorAction SilentlyContinue
            }
            'Remove-HaproxyCertificate'  = { Invoke-CovSetup 'new ssl cert cov-del.pem'; Remove-HaproxyCertificate -Name cov-del.pem }
            'Get-HaproxyCrtListEntry'    = { Get-HaproxyCrtListEntry; Get-HaproxyCrtListEntry -CrtList $lab.CrtList }
            'Add-HaproxyCrtListEntry'    = {
                Add-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate $lab.TlsCertificate
                Add-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate $lab.TlsCertificate -SniFilter cov.lab -Option 'alpn h2' -PassThru
            }
            'Remove-HaproxyCrtListEntry' = { Get-HaproxyCrtListEntry -CrtList $lab.CrtList -Certificate $lab.TlsCertificate | Remove-HaproxyCrtListEntry }
            # TLS stores (the TLS lab); a refused payload makes the transaction's abort show
            'Get-HaproxyCaFile'          = { Get-HaproxyCaFile -Session $tls; Get-HaproxyCaFile -Name $tlab.CaFile -Session $tls }
            'New-HaproxyCaFile'          = { New-HaproxyCaFile -Name /cov/ca.pem -PassThru -Session $tls }
            'Set-HaproxyCaFile'          = {
                Set-HaproxyCaFile -Name $tlab.CaFile -Certificate $tlab.CaCertificate -PassThru -Session $tls
                Set-HaproxyCaFile -Name $tlab.CaFile -Certificate $tlab.Ca2Certificate -Append -Session $tls
                try { Set-HaproxyCaFile -Name $tlab.CaFile -Pem 'not a certificate' -Session $tls } catch { }
            }
            'Remove-HaproxyCaFile'       = { Invoke-LabSocket -Lab $tlab -Command 'new ssl ca-file /cov/old-ca.pem' | Out-Null; Remove-HaproxyCaFile -Name /cov/old-ca.pem -Session $tls }
            'Get-HaproxyCrlFile'         = { Get-HaproxyCrlFile -Session $tls; Get-HaproxyCrlFile -Name $tlab.CrlFile -Session $tls }
            'New-HaproxyCrlFile'         = { New-HaproxyCrlFile -Name /cov/new.crl -PassThru -Session $tls }
            'Set-HaproxyCrlFile'         = {
                Set-HaproxyCrlFile -Name $tlab.CrlFile -Pem (New-LabCrl -Lab $tlab -Serial '0BAD') -PassThru -Session $tls
                try { Set-HaproxyCrlFile -Name $tlab.CrlFile -Pem 'not a CRL' -Session $tls } catch { }
            }
            'Remove-HaproxyCrlFile'      = { Invoke-LabSocket -Lab $tlab -Command 'new ssl crl-file /cov/old.crl' | Out-Null; Remove-HaproxyCrlFile -Name /cov/old.crl -Session $tls }
            'Get-HaproxyTlsKey'          = { Get-HaproxyTlsKey -Session $tls; Get-HaproxyTlsKey -IncludeKey -Session $tls }
            'Set-HaproxyTlsKey'          = { Set-HaproxyTlsKey -Reference $tlab.TicketKeys -KeyBytes ([byte[]](1..80)) -PassThru -Session $tls }
            'Get-HaproxySslSni'          = { Get-HaproxySslSni -Session $tls; Get-HaproxySslSni -Frontend tls-stores -ExpiresWithin '30d' -Session $tls }
            'Get-HaproxyOcspResponse'    = { Get-HaproxyOcspResponse -Id $tlab.Certificate -Session $tls }
            'Get-HaproxyOcspUpdate'      = { Get-HaproxyOcspUpdate -Session $tls }
            'Set-HaproxyOcspResponse'    = { Set-HaproxyOcspResponse -Response (New-LabOcspResponse -Leaf $tlab.LeafCertificate -Issuer $tlab.CaCertificate -IssuerKey $tlab.CaKey) -Session $tls }
            'Update-HaproxyOcspResponse' = { Update-HaproxyOcspResponse -Certificate $tlab.OcspUpdateCertificate -Session $tls }
        }
        # Invoke-HaproxyCommand sends whatever its user writes: no row is its own, and every 'raw only' row is sent
        # by it implicitly. It is not measured here.
        $notMeasured = @('Invoke-HaproxyCommand')
        # Local bookkeeping: these send nothing to HAProxy (every other invocation must send something).
        $sendsNothing = @('Disconnect-Haproxy', 'Get-HaproxySession')
    }

    AfterAll {
        Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
        if ($lab) { Stop-HaproxyLab -Lab $lab }
        if ($mlab) { Stop-HaproxyLab -Lab $mlab }
        if ($tlab) { Stop-HaproxyLab -Lab $tlab }
    }

    It 'every exported cmdlet has an invocation here' {
        $missing = @($exportedNames | Where-Object { -not $invocations.Contains($_) -and $_ -notin $notMeasured })
        $missing -join ', ' | Should -BeNullOrEmpty -Because "each exported cmdlet needs one line in `$invocations (tests/Pester/Coverage.Tests.ps1) that makes it send what it sends"
        @($invocations.Keys | Where-Object { $_ -notin $exportedNames }) -join ', ' | Should -BeNullOrEmpty -Because 'an invocation names a cmdlet the module exports'
    }

    It '<_> sends only commands whose row names it' -ForEach ($exported | Where-Object { $_ -ne 'Invoke-HaproxyCommand' }) {
        $cmdlet = $_
        $invocations.Contains($cmdlet) | Should -BeTrue -Because "$cmdlet needs an invocation in `$invocations (tests/Pester/Coverage.Tests.ps1)"
        $invocation = $invocations[$cmdlet]
        $records = & { $VerbosePreference = 'Continue'; $null = & $invocation } 4>&1
        $sent = @(Get-SentCommands $records)
        if ($cmdlet -notin $sendsNothing) {
            @($sent | Where-Object Cmdlet -EQ $cmdlet).Count | Should -BeGreaterThan 0 -Because "the invocation of $cmdlet must make it send its commands"
        }
        $unmapped = foreach ($s in $sent | Sort-Object Cmdlet, Command -Unique) {
            $found = @(Find-CommandRows $s.Command $rows)
            if (-not $found) { "$($s.Cmdlet) sends '$($s.Command)', which fits no row of the map"; continue }
            if (-not @($found | Where-Object { $s.Cmdlet -cin $_.SentBy.Cmdlets })) {
                "$($s.Cmdlet) sends '$($s.Command)': its row ($(@($found | ForEach-Object { "'$($_.Form)' says '$($_.SentByText)'" }) -join ' or ')) does not name $($s.Cmdlet)"
            }
        }
        @($unmapped) -join "`n" | Should -BeNullOrEmpty
    }
}
