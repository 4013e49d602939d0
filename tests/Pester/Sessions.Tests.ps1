# Sessions: Connect-Haproxy / Get-HaproxySession / Disconnect-Haproxy, the runspace's default session, -Session across
# two HAProxy instances, connection failures, -Timeout spellings, transparent reconnection after HAProxy's idle close,
# and bounded failure once HAProxy is gone. Every HAProxy here is a real lab instance on loopback.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $labB = Start-HaproxyLab
    # Sessions that existed before this file ran (none, unless another file leaked one): left alone by AfterAll.
    $preexistingIds = @(Get-HaproxySession | ForEach-Object Id)
}

AfterAll {
    Get-HaproxySession | Where-Object { $preexistingIds -notcontains $_.Id } | Disconnect-Haproxy -Confirm:$false
    if ($lab) { Stop-HaproxyLab -Lab $lab }
    if ($labB) { Stop-HaproxyLab -Lab $labB }
}

Describe 'Connect-Haproxy endpoint forms' {
    It 'connects over <Form> and reports the lab''s version, PID and endpoint' -ForEach @(
        @{ Form = 'tcp://127.0.0.1:port' }
        @{ Form = '127.0.0.1:port' }
        @{ Form = 'unix:///path' }
        @{ Form = 'a bare socket path' }
    ) {
        $endpoint, $kind, $expectedName = switch ($Form) {
            'tcp://127.0.0.1:port' { "tcp://127.0.0.1:$($lab.AdminPort)", 'Tcp', "tcp://127.0.0.1:$($lab.AdminPort)" }
            '127.0.0.1:port' { "127.0.0.1:$($lab.AdminPort)", 'Tcp', "tcp://127.0.0.1:$($lab.AdminPort)" }
            'unix:///path' { "unix://$($lab.AdminSocket)", 'Unix', "unix://$($lab.AdminSocket)" }
            'a bare socket path' { $lab.AdminSocket, 'Unix', "unix://$($lab.AdminSocket)" }
        }
        $session = Connect-Haproxy -Endpoint $endpoint -NoDefault -Timeout 5s
        try {
            @($session).Count | Should -Be 1
            $session.GetType().FullName | Should -Be 'HaproxyRuntime.Client.HaproxySession'
            $session.Endpoint.Kind.ToString() | Should -Be $kind
            $session.Name | Should -Be $expectedName
            $session.Version | Should -Be (Invoke-LabSocket -Lab $lab -Command 'show version')
            $session.Version | Should -Match '^3\.4\.'
            $session.ProcessId | Should -Be $lab.ProcessId
            $session.IsConnected | Should -BeTrue
            $session.IsClosed | Should -BeFalse
            $session.Reconnects | Should -Be 0
            # And it really talks to that HAProxy.
            (Get-HaproxyInfo -Session $session).ProcessId | Should -Be $lab.ProcessId
            (Get-HaproxySession -Id $session.Id).Id | Should -Be $session.Id
        }
        finally { Disconnect-Haproxy -Session $session -Confirm:$false }
        $session.IsClosed | Should -BeTrue
    }

    It 'connects to several endpoints in one call, reporting a bad one without stopping the others' {
        $ev = $null
        $sessions = @(Connect-Haproxy -Endpoint 'nohost', $lab.AdminEndpoint -NoDefault -ErrorAction SilentlyContinue -ErrorVariable ev)
        try {
            $sessions.Count | Should -Be 1
            $sessions[0].ProcessId | Should -Be $lab.ProcessId
            $ev.Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
            $ev[0].TargetObject | Should -Be 'nohost'
        }
        finally { $sessions | Disconnect-Haproxy -Confirm:$false }
    }
}

Describe 'The default session and Get-HaproxySession' {
    BeforeAll {
        $state = @{}
        $state.First = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Name 'pester-first' -Timeout 5s
    }

    It 'makes a new session the default' {
        (Get-HaproxySession -Default).Id | Should -Be $state.First.Id
    }

    It 'makes a newer session the default' {
        $state.Second = Connect-Haproxy -Endpoint $lab.AdminSocket -Name 'pester-second' -Timeout 5s
        $state.Second.Id | Should -BeGreaterThan $state.First.Id
        (Get-HaproxySession -Default).Id | Should -Be $state.Second.Id
    }

    It 'does not change the default with -NoDefault' {
        $state.Third = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Name 'pester-third' -NoDefault
        (Get-HaproxySession -Default).Id | Should -Be $state.Second.Id
        @(Get-HaproxySession | ForEach-Object Id) | Should -Contain $state.Third.Id
    }

    It 'sends commands without -Session through the default session' {
        $verbose = @(Get-HaproxyBackend -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Count | Should -Be 1
        $verbose[0].Message | Should -Be '[pester-second] show stat'
    }

    It 'finds sessions by -Id, and reports an unknown Id without stopping' {
        (Get-HaproxySession -Id $state.First.Id).Name | Should -Be 'pester-first'
        @(Get-HaproxySession -Id $state.First.Id, $state.Third.Id | ForEach-Object Name) | Should -Be @('pester-first', 'pester-third')
        $ev = $null
        $found = @(Get-HaproxySession -Id 987654, $state.Second.Id -ErrorAction SilentlyContinue -ErrorVariable ev)
        $found.Name | Should -Be 'pester-second'
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxySessionNotFound,*'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'finds sessions by -Name with wildcards (case-insensitive)' {
        @(Get-HaproxySession -Name 'pester-*' | ForEach-Object Id) | Should -Be @($state.First.Id, $state.Second.Id, $state.Third.Id)
        @(Get-HaproxySession -Name 'PESTER-S*').Id | Should -Be @($state.Second.Id)
        @(Get-HaproxySession -Name 'pester-thir?').Id | Should -Be @($state.Third.Id)
        $ev = $null
        @(Get-HaproxySession -Name 'nomatch*' -ErrorVariable ev).Count | Should -Be 0
        $ev.Count | Should -Be 0
        $err = Get-ThrownError { Get-HaproxySession -Name 'pester-none' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxySessionNotFound,*'
    }

    It 'keeps a session on Disconnect-Haproxy -WhatIf' {
        Disconnect-Haproxy -Session $state.Third -WhatIf
        $state.Third.IsClosed | Should -BeFalse
        (Get-HaproxySession -Id $state.Third.Id).Id | Should -Be $state.Third.Id
    }

    It 'removes a disconnected non-default session and keeps the default' {
        Disconnect-Haproxy -Session $state.Third -Confirm:$false
        $state.Third.IsClosed | Should -BeTrue
        $state.Third.IsConnected | Should -BeFalse
        @(Get-HaproxySession | ForEach-Object Id) | Should -Not -Contain $state.Third.Id
        (Get-HaproxySession -Default).Id | Should -Be $state.Second.Id
    }

    It 'makes the previous session the default when the default one is disconnected' {
        Disconnect-Haproxy -Confirm:$false   # no -Session: the default one
        $state.Second.IsClosed | Should -BeTrue
        @(Get-HaproxySession | ForEach-Object Id) | Should -Not -Contain $state.Second.Id
        $err = Get-ThrownError { Get-HaproxySession -Id $state.Second.Id -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxySessionNotFound,*'
        (Get-HaproxySession -Default).Id | Should -Be $state.First.Id
        (Get-HaproxyInfo).ProcessId | Should -Be $lab.ProcessId
    }

    It 'refuses a closed session passed explicitly with a ConnectionError' {
        $err = Get-ThrownError { Get-HaproxyBackend -Session $state.Second -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike "*Session $($state.Second.Id) *closed*"
    }

    It 'fails with NoHaproxySession once every session is disconnected' {
        Get-HaproxySession | Disconnect-Haproxy -Confirm:$false
        @(Get-HaproxySession).Count | Should -Be 0
        $state.First.IsClosed | Should -BeTrue

        $err = Get-ThrownError { Get-HaproxyBackend -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'NoHaproxySession,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'

        $err = Get-ThrownError { Add-HaproxyBackend -Name nosession -From mydefaults -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NoHaproxySession,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'nosession'

        $err = Get-ThrownError { Get-HaproxySession -Default -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NoHaproxySession,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err = Get-ThrownError { Disconnect-Haproxy -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'NoHaproxySession,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'NoHaproxySession is a ConnectionError from <Label>' -ForEach @(
        @{ Label = 'Get-HaproxySession -Default'; Script = { Get-HaproxySession -Default -ErrorAction Stop } }
        @{ Label = 'Disconnect-Haproxy'; Script = { Disconnect-Haproxy -Confirm:$false -ErrorAction Stop } }
        @{ Label = 'Get-HaproxyServer'; Script = { Get-HaproxyServer -ErrorAction Stop } }
        @{ Label = 'a piped backend name into Publish-HaproxyBackend'; Script = { 'nosession' | Publish-HaproxyBackend -ErrorAction Stop } }
        @{ Label = 'Remove-HaproxyMapEntry'; Script = { Remove-HaproxyMapEntry -Map virt@paths.map -Key /k -Confirm:$false -ErrorAction Stop } }
    ) {
        @(Get-HaproxySession).Count | Should -Be 0
        $err = Get-ThrownError $Script
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'NoHaproxySession,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.CategoryInfo.Category | Should -Not -Be 'ObjectNotFound'
    }

    It 'fails with NoHaproxySession in a fresh PowerShell process' {
        $exe = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $child = "Import-Module '$modulePath'; try { Get-HaproxyBackend -ErrorAction Stop; 'NO ERROR' } catch { `$_.FullyQualifiedErrorId; [string]`$_.CategoryInfo.Category }"
        $output = @(& $exe @prefix -NoProfile -NonInteractive -Command $child)
        $LASTEXITCODE | Should -Be 0
        $output.Count | Should -Be 2
        $output[0] | Should -BeLike 'NoHaproxySession,*'
        $output[1] | Should -Be 'ConnectionError'
    }
}

Describe '-Session with two HAProxy instances' {
    BeforeAll {
        $a = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Name 'lab-a' -Timeout 5s
        $b = Connect-Haproxy -Endpoint $labB.AdminEndpoint -Name 'lab-b' -Timeout 5s -NoDefault
        # A second backend with a server, in lab B only, made through lab B's own socket.
        $null = Invoke-LabSocket -Lab $labB -Command 'add backend pipeb from mydefaults'
        $null = Invoke-LabSocket -Lab $labB -Command 'add server pipeb/s1 127.0.0.1:9'
    }

    AfterAll {
        $null = Invoke-LabSocket -Lab $labB -Command 'del server pipeb/s1'
        $null = Invoke-LabSocket -Lab $labB -Command 'del backend pipeb'
        Disconnect-Haproxy -Session $a, $b -Confirm:$false
    }

    It 'has the two labs on different PIDs and the default on lab A' {
        $lab.ProcessId | Should -Not -Be $labB.ProcessId
        (Get-HaproxySession -Default).Id | Should -Be $a.Id
        $b.ProcessId | Should -Be $labB.ProcessId
    }

    It 'targets lab B with -Session while lab A is the default' {
        (Get-HaproxyInfo).ProcessId | Should -Be $lab.ProcessId
        (Get-HaproxyInfo -Session $b).ProcessId | Should -Be $labB.ProcessId
        # Both, each once; in the order they answer (the two run in parallel).
        @(Get-HaproxyInfo -Session $a, $b | ForEach-Object ProcessId | Sort-Object) | Should -Be @($lab.ProcessId, $labB.ProcessId | Sort-Object)
    }

    It 'changes only lab B with -Session $b' {
        Add-HaproxyBackend -Name onlyinb -From mydefaults -Session $b
        try {
            Get-LabBackendNames -Lab $labB | Should -Contain 'onlyinb'
            Get-LabBackendNames -Lab $lab | Should -Not -Contain 'onlyinb'
            @(Get-HaproxyBackend -Name onlyinb -ErrorAction SilentlyContinue).Count | Should -Be 0
        }
        finally { Remove-HaproxyBackend -Name onlyinb -Session $b -Confirm:$false }
        Get-LabBackendNames -Lab $labB | Should -Not -Contain 'onlyinb'
    }

    It 'stamps objects with the session they were read through' {
        $fromB = @(Get-HaproxyBackend -Session $b)
        $fromB.Name | Should -Contain 'pipeb'
        $fromB | ForEach-Object { $_.Session | Should -Be $b.Name }
        (Get-HaproxyServer -Backend webservers).Session | Should -Be $a.Name
    }

    It 'pipes a HaproxyBackend from lab B into Get-HaproxyServer, which then reads lab B' {
        $servers = @(Get-HaproxyBackend -Name webservers -Session $b | Get-HaproxyServer)
        $web1 = @($servers | Where-Object { $_.Backend -eq 'webservers' -and $_.Name -eq 'web1' })
        $web1.Count | Should -Be 1
        $web1[0].Port | Should -Be $labB.DefaultAppPort
        $servers | ForEach-Object { $_.Session | Should -Be $b.Name }
        $servers.Port | Should -Not -Contain $lab.DefaultAppPort
    }

    It 'restricts the piped Get-HaproxyServer to the piped backend' {
        $servers = @(Get-HaproxyBackend -Name webservers -Session $b | Get-HaproxyServer)
        @($servers | ForEach-Object FullName) | Should -Be @('webservers/web1')
    }

    It 'pipes a server from lab B through change cmdlets to lab B only' {
        Get-HaproxyServer -Backend webservers -Name web1 -Session $b | Disable-HaproxyServer
        try {
            (Get-LabServerState -Lab $labB -Backend webservers -Server web1).AdminState | Should -Be 1
            (Get-LabServerState -Lab $lab -Backend webservers -Server web1).AdminState | Should -Be 0
        }
        finally { Get-HaproxyServer -Backend webservers -Name web1 -Session $b | Enable-HaproxyServer }
        (Get-LabServerState -Lab $labB -Backend webservers -Server web1).AdminState | Should -Be 0
    }
}

Describe 'Connection failures' {
    It 'fails on a closed port with HaproxyConnectionFailed / ConnectionError and opens no session' {
        $port = Get-FreeTcpPort
        $before = @(Get-HaproxySession).Count
        $ev = $null
        $out = @(Connect-Haproxy -Endpoint "tcp://127.0.0.1:$port" -Timeout 2s -ErrorAction SilentlyContinue -ErrorVariable ev)
        $out.Count | Should -Be 0
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $ev[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $ev[0].Exception.Message | Should -BeLike "*127.0.0.1:$port*"
        $ev[0].TargetObject | Should -Be "tcp://127.0.0.1:$port"
        @(Get-HaproxySession).Count | Should -Be $before
    }

    It 'fails on a nonexistent Unix socket with HaproxyConnectionFailed naming the path' {
        $path = Join-Path $lab.Directory 'missing.sock'
        $err = Get-ThrownError { Connect-Haproxy -Endpoint $path -Timeout 2s -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike "*$path*"
    }

    It 'says that the Unix socket does not exist' {
        $path = Join-Path $lab.Directory 'missing.sock'
        $err = Get-ThrownError { Connect-Haproxy -Endpoint "unix://$path" -Timeout 2s -ErrorAction Stop }
        $err.Exception.Message | Should -BeLike "*'$path'*does not exist*"
        $err.Exception.Message | Should -Not -BeLike '*Cannot assign requested address*'
    }

    It 'refuses the invalid endpoint <Endpoint> with InvalidHaproxyArgument' -ForEach @(
        @{ Endpoint = 'nohost' }
        @{ Endpoint = 'tcp://x:99999' }
        @{ Endpoint = 'tcp://127.0.0.1:0' }
        @{ Endpoint = 'http://127.0.0.1:80' }
    ) {
        $err = Get-ThrownError { Connect-Haproxy -Endpoint $Endpoint -Timeout 2s -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*'$Endpoint'*"
    }
}

Describe 'A Unix socket this process may not open (uid 65534, mode 600)' {
    # Root bypasses file permissions (CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH), so the client runs in a child pwsh whose
    # bounding set lacks both: it is still uid 0 (the module's files stay readable), but connect() on a socket owned
    # by 65534 with mode 600 fails with EACCES. The child also opens the lab's root-owned admin socket, the control
    # that it can connect at all.
    BeforeDiscovery {
        $setpriv = Get-Command setpriv -CommandType Application -ErrorAction SilentlyContinue
        $cannotDropDac = -not ($IsLinux -and $setpriv -and (& id -u) -eq '0')
    }

    BeforeAll {
        $deniedDir = Join-Path ([System.IO.Path]::GetTempPath()) ('haproxylab-denied-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory -Path $deniedDir | Out-Null
        $deniedSocket = Join-Path $deniedDir 'denied.sock'
        $deniedLab = Start-HaproxyLab -ExtraGlobal "    stats socket $deniedSocket uid 65534 gid 65534 mode 600 level admin"
        $childScript = Join-Path $deniedDir 'child.ps1'
        Set-Content -Path $childScript -Value @'
param($Module, $Allowed, $Denied)
$ErrorActionPreference = 'Stop'
Import-Module $Module
(Get-Content /proc/self/status | Where-Object { $_ -like 'CapEff:*' }) -replace '^CapEff:\s*', 'caps '
$ok = Connect-Haproxy -Endpoint $Allowed -NoDefault -Timeout 5s
"allowed $($ok.ProcessId)"
try { $null = Connect-Haproxy -Endpoint $Denied -NoDefault -Timeout 5s; 'denied: NO ERROR' }
catch { "denied $($_.FullyQualifiedErrorId)"; "category $($_.CategoryInfo.Category)"; "message $($_.Exception.Message)" }
'@
    }

    AfterAll {
        if ($deniedLab) { Stop-HaproxyLab -Lab $deniedLab }
        Remove-Item -Recurse -Force -Path $deniedDir -ErrorAction SilentlyContinue
    }

    It 'fails with HaproxyConnectionFailed / ConnectionError naming the path and saying permission denied' -Skip:$cannotDropDac {
        $st = & stat -c '%u %a' $deniedSocket
        $st | Should -Be '65534 600' -Because 'HAProxy created the socket with the uid and mode of its stats socket line'
        $exe = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $output = @(& setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search -- $exe @prefix -NoProfile -NonInteractive `
                -File $childScript -Module $modulePath -Allowed $deniedLab.AdminSocket -Denied $deniedSocket)
        $LASTEXITCODE | Should -Be 0
        $fields = @{}
        foreach ($line in $output) { $k, $v = "$line" -split ' ', 2; $fields[$k] = $v }
        # The child really lacks both capabilities (bits 1 and 2 of CapEff), and can connect where DAC allows it.
        ([Convert]::ToUInt64($fields['caps'], 16) -band 6) | Should -Be 0 -Because "child CapEff: $($fields['caps'])"
        $fields['allowed'] | Should -Be "$($deniedLab.ProcessId)"
        $fields['denied'] | Should -BeLike 'HaproxyConnectionFailed,*'
        $fields['category'] | Should -Be 'ConnectionError'
        $fields['message'] | Should -BeLike "*'$deniedSocket'*"
        $fields['message'] | Should -BeLike '*Permission denied*'
        # The socket is there and HAProxy serves it: the refusal is the kernel's, not a missing socket.
        Invoke-LabSocket -Lab $deniedLab -Socket $deniedSocket -Command 'show cli level' | Should -BeExactly 'admin'
    }
}

Describe 'Connect-Haproxy -Timeout' {
    AfterEach { if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false } }

    It 'takes an unquoted 2s as two seconds' {
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout 2s
        $session.CommandTimeout | Should -Be ([timespan]::FromSeconds(2))
        $session.ConnectTimeout | Should -Be ([timespan]::FromSeconds(2))
    }

    It 'takes ''500ms''' {
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout '500ms'
        $session.CommandTimeout | Should -Be ([timespan]::FromMilliseconds(500))
        $session.ConnectTimeout | Should -Be ([timespan]::FromMilliseconds(500))
    }

    It 'takes a TimeSpan' {
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout ([timespan]'00:00:03')
        $session.CommandTimeout | Should -Be ([timespan]::FromSeconds(3))
    }

    It 'takes a bare number as seconds' {
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout 5
        $session.CommandTimeout | Should -Be ([timespan]::FromSeconds(5))
    }

    It 'defaults to 10 s' {
        $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault
        $session.CommandTimeout | Should -Be ([timespan]::FromSeconds(10))
    }

    It 'refuses a value that is not a duration' {
        $session = $null
        $err = Get-ThrownError { Connect-Haproxy -Endpoint $lab.AdminEndpoint -NoDefault -Timeout 'soon' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
    }
}

Describe 'Reconnecting after HAProxy''s idle close (stats timeout 1s)' {
    BeforeAll {
        $idleLab = Start-HaproxyLab -ExtraGlobal '    stats timeout 1s'
        $idle = Connect-Haproxy -Endpoint $idleLab.AdminEndpoint -NoDefault -Timeout 3s
    }

    AfterAll {
        if ($idle) { Disconnect-Haproxy -Session $idle -Confirm:$false }
        if ($idleLab) { Stop-HaproxyLab -Lab $idleLab }
    }

    It 'runs a read transparently after the connection was closed while idle' {
        $before = $idle.Reconnects
        Start-Sleep -Milliseconds 1500
        $backends = @(Get-HaproxyBackend -Session $idle -ErrorAction Stop)
        $backends.Name | Should -Contain 'webservers'
        $idle.Reconnects | Should -Be ($before + 1)
        $idle.IsConnected | Should -BeTrue
        $idle.ProcessId | Should -Be $idleLab.ProcessId
    }

    It 'runs a write transparently after the connection was closed while idle' {
        $before = $idle.Reconnects
        Start-Sleep -Milliseconds 1500
        $backend = Add-HaproxyBackend -Name idlewrite -From mydefaults -Session $idle -PassThru -ErrorAction Stop
        try {
            $backend.Name | Should -Be 'idlewrite'
            $idle.Reconnects | Should -Be ($before + 1)
            Get-LabBackendNames -Lab $idleLab | Should -Contain 'idlewrite'
        }
        finally { $null = Invoke-LabSocket -Lab $idleLab -Command 'del backend idlewrite' }
    }
}

Describe 'HAProxy gone' {
    BeforeAll {
        $goneLab = Start-HaproxyLab
        $goneTcp = Connect-Haproxy -Endpoint $goneLab.AdminEndpoint -NoDefault -Timeout 2s
        $goneUnix = Connect-Haproxy -Endpoint $goneLab.AdminSocket -NoDefault -Timeout 2s
        $null = Get-HaproxyBackend -Session $goneTcp, $goneUnix
        $gonePid = $goneLab.ProcessId
        Stop-HaproxyLab -Lab $goneLab
    }

    AfterAll {
        Disconnect-Haproxy -Session $goneTcp, $goneUnix -Confirm:$false
        Stop-HaproxyLab -Lab $goneLab   # the restarted instance (a no-op when it never came back)
    }

    It 'fails a read over TCP with a ConnectionError, promptly' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $err = Get-ThrownError { Get-HaproxyBackend -Session $goneTcp -ErrorAction Stop }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'fails a write over the Unix socket with a ConnectionError, promptly' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $err = Get-ThrownError { Add-HaproxyBackend -Name afterkill -From mydefaults -Session $goneUnix -ErrorAction Stop }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'keeps failing the same way on the next command (no hang, no stale state)' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $err = Get-ThrownError { Get-HaproxyInfo -Session $goneTcp -ErrorAction Stop }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $goneTcp.IsClosed | Should -BeFalse
    }

    It 'works again once HAProxy is back on the same TCP port and Unix socket path: the same session objects, a read and a write, PID and version re-learned' {
        $reconnectsBefore = @{ Tcp = $goneTcp.Reconnects; Unix = $goneUnix.Reconnects }
        $null = Start-HaproxyLab -Reuse $goneLab
        $goneLab.ProcessId | Should -Not -Be $gonePid
        $goneLab.AdminEndpoint | Should -Be $goneTcp.Endpoint.ToString()
        "unix://$($goneLab.AdminSocket)" | Should -Be $goneUnix.Endpoint.ToString()
        $version = Invoke-LabSocket -Lab $goneLab -Command 'show version'
        foreach ($case in @(@{ Kind = 'Tcp'; Session = $goneTcp }, @{ Kind = 'Unix'; Session = $goneUnix })) {
            $s = $case.Session
            $name = "back$($case.Kind.ToLowerInvariant())"
            # A read, then a write, on the very session object that failed while HAProxy was gone.
            @(Get-HaproxyBackend -Session $s -ErrorAction Stop | ForEach-Object Name) | Should -Contain 'webservers'
            Add-HaproxyBackend -Name $name -From mydefaults -Session $s -ErrorAction Stop
            Get-LabBackendNames -Lab $goneLab | Should -Contain $name
            $s.Reconnects | Should -Be ($reconnectsBefore[$case.Kind] + 1) -Because "$($case.Kind): one new connection, the failed attempts are not counted"
            $s.ProcessId | Should -Be $goneLab.ProcessId
            $s.ProcessId | Should -Not -Be $gonePid
            $s.Version | Should -BeExactly $version
            $s.IsConnected | Should -BeTrue
            $s.IsClosed | Should -BeFalse
            (Get-HaproxyInfo -Session $s -ErrorAction Stop).ProcessId | Should -Be $goneLab.ProcessId
        }
        # The write refused while HAProxy was gone was not replayed on the new instance.
        Get-LabBackendNames -Lab $goneLab | Should -Not -Contain 'afterkill'
    }
}

Describe 'HAProxy stopped (SIGSTOP): answers lost, nothing resent' {
    # SIGSTOP freezes the worker (the lab runs without -W, so its pid file holds the worker's PID): the kernel still
    # accepts connections and buffers what is written, but nothing is answered until SIGCONT, when HAProxy runs what
    # was already in its socket buffers. Every test resumes HAProxy in a finally block; the lab socket is only used
    # while HAProxy runs (it has no timeout).
    BeforeAll {
        $stopLab = Start-HaproxyLab
        $killExe = (Get-Command kill -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source

        function Get-ProcessRunState {
            <# The state letter of /proc/<pid>/stat: 'T' when stopped, 'S'/'R' when running. #>
            param([int] $ProcessId)
            $stat = Get-Content -Raw "/proc/$ProcessId/stat"
            $stat.Substring($stat.LastIndexOf(')') + 2, 1)
        }

        function Suspend-Lab {
            & $killExe -STOP $stopLab.ProcessId
            $deadline = [DateTime]::UtcNow.AddSeconds(2)
            while ((Get-ProcessRunState $stopLab.ProcessId) -ne 'T') {
                if ([DateTime]::UtcNow -gt $deadline) { throw "HAProxy $($stopLab.ProcessId) did not stop." }
                Start-Sleep -Milliseconds 10
            }
        }

        function Resume-Lab {
            & $killExe -CONT $stopLab.ProcessId
            $deadline = [DateTime]::UtcNow.AddSeconds(2)
            while ((Get-ProcessRunState $stopLab.ProcessId) -eq 'T') {
                if ([DateTime]::UtcNow -gt $deadline) { throw "HAProxy $($stopLab.ProcessId) did not resume." }
                Start-Sleep -Milliseconds 10
            }
        }

        function Get-StopMapCount {
            <# How many entries of virt@paths.map have this key, through the lab socket. #>
            param([string] $Key)
            @(Get-LabMapLines -Lab $stopLab -Map virt@paths.map | Where-Object { $_ -ceq "$Key v" }).Count
        }
    }

    AfterAll {
        if ($stopLab) {
            & $killExe -CONT $stopLab.ProcessId 2>$null
            Stop-HaproxyLab -Lab $stopLab
        }
    }

    It 'a write whose answer is lost over <Kind> is HaproxyOutcomeUnknown; after SIGCONT HAProxy has it exactly once (not resent) and the session works' -ForEach @(
        @{ Kind = 'TCP' }
        @{ Kind = 'a Unix socket' }
    ) {
        $endpoint = if ($Kind -eq 'TCP') { $stopLab.AdminEndpoint } else { $stopLab.AdminSocket }
        $s = Connect-Haproxy -Endpoint $endpoint -NoDefault -Timeout 1s
        try {
            $key = "/lost-$($s.Id)"
            $null = Invoke-LabSocket -Lab $stopLab -Command "del map virt@paths.map $key"
            # A command just before the stop: the connection is fresh, so the write goes straight onto it (no idle check).
            $null = Get-HaproxyInfo -Session $s -ErrorAction Stop
            $reconnects = $s.Reconnects
            $err = $null
            Suspend-Lab
            try {
                $sw = [Diagnostics.Stopwatch]::StartNew()
                Add-HaproxyMapEntry -Map virt@paths.map -Key $key -Value v -AllowDuplicate -Session $s -ErrorVariable err -ErrorAction SilentlyContinue
                $sw.Stop()
            }
            finally { Resume-Lab }
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyOutcomeUnknown,*'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].Exception.Message | Should -BeLike "*'add map virt@paths.map $key v'*"
            $err[0].Exception.Message | Should -BeLike '*not resent*'
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 3

            # HAProxy ran the line that sat in its socket buffer: once. The session's next commands (a read and a
            # write) work on a new connection and do not send the lost write again.
            $deadline = [DateTime]::UtcNow.AddSeconds(3)
            while ((Get-StopMapCount $key) -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Get-StopMapCount $key | Should -Be 1
            (Get-HaproxyInfo -Session $s -ErrorAction Stop).ProcessId | Should -Be $stopLab.ProcessId
            Add-HaproxyMapEntry -Map virt@paths.map -Key "$key-next" -Value v -Session $s -ErrorAction Stop
            $s.Reconnects | Should -Be ($reconnects + 1)
            Start-Sleep -Milliseconds 200
            Get-StopMapCount $key | Should -Be 1
            Get-StopMapCount "$key-next" | Should -Be 1
        }
        finally {
            Disconnect-Haproxy -Session $s -Confirm:$false
            $null = Invoke-LabSocket -Lab $stopLab -Command "del map virt@paths.map $key"
            $null = Invoke-LabSocket -Lab $stopLab -Command "del map virt@paths.map $key-next"
        }
    }

    It 'a read while HAProxy is stopped is HaproxyTimeout / OperationTimeout; a write that cannot even reconnect is HaproxyTimeout too (nothing sent); all fine after SIGCONT' {
        $s = Connect-Haproxy -Endpoint $stopLab.AdminEndpoint -NoDefault -Timeout 1s
        try {
            $null = Get-HaproxyInfo -Session $s -ErrorAction Stop
            $reconnects = $s.Reconnects
            $results = @{}
            Suspend-Lab
            try {
                foreach ($step in 'read', 'read again', 'write') {
                    $err = $null
                    $sw = [Diagnostics.Stopwatch]::StartNew()
                    if ($step -eq 'write') { Add-HaproxyMapEntry -Map virt@paths.map -Key /never-sent -Value v -AllowDuplicate -Session $s -ErrorVariable err -ErrorAction SilentlyContinue }
                    else { $null = Get-HaproxyBackend -Session $s -ErrorVariable err -ErrorAction SilentlyContinue }
                    $results[$step] = @{ Errors = @($err); Seconds = $sw.Elapsed.TotalSeconds }
                }
            }
            finally { Resume-Lab }
            foreach ($step in 'read', 'read again', 'write') {
                $r = $results[$step]
                $r.Errors | Should -HaveCount 1 -Because $step
                $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyTimeout,*' -Because $step
                $r.Errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout' -Because $step
                $r.Seconds | Should -BeLessThan 3 -Because $step
            }
            # The first read timed out on the open connection; the later ones on the handshake of a new connection,
            # so the write never left the client: not OutcomeUnknown, and HAProxy never gets it.
            $results['read'].Errors[0].Exception.Message | Should -BeLike "*did not answer 'show stat' within 1 s*"
            $results['write'].Errors[0].Exception.Message | Should -BeLike '*did not answer the handshake*'

            @(Get-HaproxyBackend -Session $s -ErrorAction Stop | ForEach-Object Name) | Should -Contain 'webservers'
            $s.Reconnects | Should -Be ($reconnects + 1)
            $s.ProcessId | Should -Be $stopLab.ProcessId
            Start-Sleep -Milliseconds 200
            Get-StopMapCount /never-sent | Should -Be 0
        }
        finally { Disconnect-Haproxy -Session $s -Confirm:$false }
    }
}
