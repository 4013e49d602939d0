# HAProxy's own streams (Get-HaproxyStream, Stop-HaproxyStream) and its captured protocol errors (Get-HaproxyError)
# against a real HAProxy 3.4 on loopback. Streams are held open through the lab (New-HeldConnection: a loopback
# listener that never answers keeps one stream attached to its server); captures are made by sending a request HAProxy's
# HTTP/1 parser refuses over a raw loopback socket (Send-LabInvalidRequest). Everything is checked through the lab's own
# socket ('show sess', 'show errors'), never through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $PSDefaultParameterValues = @{ '*-Haproxy*:ErrorAction' = 'Stop' }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyStream' {
    BeforeAll {
        $held = New-HeldConnection -Lab $lab -Backend streamsbe -Server h1
        $heldPort = $held.Client.Client.LocalEndPoint.Port
        $labHeld = @(Get-LabStreams -Lab $lab | Where-Object Backend -EQ streamsbe)
    }
    AfterAll { Close-HeldConnection $held -RemoveBackend }

    It 'the lab shows exactly one stream on the held server' {
        $labHeld | Should -HaveCount 1
    }

    It 'lists every stream, the held one typed: id, proxies, server, source, age, counters' {
        $streams = @(Get-HaproxyStream)
        # The module's own CLI stream and the held one are there (the lab's own read is another connection).
        @($streams | Where-Object Frontend -EQ GLOBAL) | Should -Not -BeNullOrEmpty
        $s = $streams | Where-Object Backend -EQ streamsbe
        $s | Should -HaveCount 1
        $s | Should -BeOfType ([HaproxyRuntime.Client.Models.HaproxyStream])
        "$($s.Id) $($s.Protocol) $($s.Frontend) $($s.Backend) $($s.Server) $($s.SourceAddress) $($s.SourcePort)" |
            Should -BeExactly "$($labHeld[0].Id) tcpv4 myfrontend1 streamsbe h1 127.0.0.1 $heldPort"
        $s.Age | Should -BeOfType ([timespan])
        $s.Age | Should -BeLessThan ([timespan]::FromMinutes(1))
        $s.Calls | Should -BeGreaterThan 0
        $s.FrontFd | Should -BeGreaterThan 0
        $s.BackFd | Should -BeGreaterThan 0
        $s.RequestFlags | Should -Match '^[0-9a-f]+h$'
        $s.Line | Should -BeLike "$($s.Id): proto=tcpv4 *"
        $s.Session | Should -BeExactly $session.Name
        $s.Detail | Should -BeNullOrEmpty
    }

    It 'filters by frontend, backend and server with wildcards, and a filter that matches nothing is no error' {
        @(Get-HaproxyStream -Backend streams*).Id | Should -BeExactly @($labHeld[0].Id)
        @(Get-HaproxyStream -Frontend myfront* -Server h?).Id | Should -BeExactly @($labHeld[0].Id)
        @(Get-HaproxyStream -Backend streamsbe -Server nosuch) | Should -BeNullOrEmpty
        @(Get-HaproxyStream -Frontend nosuchfrontend) | Should -BeNullOrEmpty
        @(Get-HaproxyStream -Frontend GLOBAL).Backend | Should -BeNullOrEmpty   # CLI streams have no backend
    }

    It '-OlderThan keeps the streams at least that old' {
        @(Get-HaproxyStream -Backend streamsbe -OlderThan 0s) | Should -HaveCount 1
        @(Get-HaproxyStream -Backend streamsbe -OlderThan 1h) | Should -BeNullOrEmpty
    }

    It '-IncludeUri reads what HAProxy captured of the request (show sess show-uri); -Suspicious sends susp' {
        $records = @(Get-HaproxyStream -Backend streamsbe -IncludeUri -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] show sess show-uri"
        ($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStream] }).Uri | Should -BeExactly 'GET /streamsbe HTTP/1.1'
        $records = @(Get-HaproxyStream -Suspicious -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] show sess susp"
        @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStream] -and $_.Backend -eq 'streamsbe' }) | Should -BeNullOrEmpty
    }

    It '-Id returns the stream with HAProxy''s long dump of it as Detail (show sess <id>, then show sess)' {
        $records = @(Get-HaproxyStream -Id $labHeld[0].Id -Verbose 4>&1)
        Get-VerboseLines $records | Should -Be @("[$($session.Name)] show sess $($labHeld[0].Id)", "[$($session.Name)] show sess")
        $s = $records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyStream] }
        $s.Id | Should -BeExactly $labHeld[0].Id
        $s.Server | Should -BeExactly h1
        $s.Detail.Count | Should -BeGreaterThan 5
        $s.Detail[0] | Should -BeLike "$($labHeld[0].Id): *"
        ($s.Detail -join "`n") | Should -BeLike '*backend=streamsbe (id=*'
        # Piped streams bind -Id by property name.
        (Get-HaproxyStream -Backend streamsbe | Get-HaproxyStream).Detail | Should -Not -BeNullOrEmpty
    }

    It '-Id of a stream that is gone is HaproxyObjectNotFound; the other ids still run' {
        $out = @(Get-HaproxyStream -Id '0x1', $labHeld[0].Id -ErrorVariable err -ErrorAction SilentlyContinue)
        $out.Id | Should -BeExactly @($labHeld[0].Id)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly '0x1'
        "$($err[0])" | Should -BeLike "Stream '0x1' does not exist*Session not found.*"
    }

    It 'an id that is not a pointer is refused before anything is sent' {
        $records = @(Get-HaproxyStream -Id 'all' -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        Get-VerboseLines $records | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }

    It 'works on an operator-level socket' {
        $operator = Connect-Haproxy -Endpoint "unix://$($lab.OperatorSocket)" -Name streams-operator -Timeout 5s
        try { @(Get-HaproxyStream -Session $operator -Backend streamsbe).Id | Should -BeExactly @($labHeld[0].Id) }
        finally { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }
}

Describe 'Stop-HaproxyStream' {
    BeforeEach {
        $held = New-HeldConnection -Lab $lab -Backend stopbe -Server h1
        $id = @(Get-LabStreams -Lab $lab | Where-Object Backend -EQ stopbe)[0].Id
    }
    AfterEach { Close-HeldConnection $held -RemoveBackend }

    It 'a piped stream is shut down: gone from show sess, and its client and server connections are closed' {
        $records = @(Get-HaproxyStream -Backend stopbe | Stop-HaproxyStream -Confirm:$false -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] shutdown session $id"
        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        Test-SocketClosed -Client $held.Client | Should -BeTrue
        Test-SocketClosed -Client $held.Accepted | Should -BeTrue
        # HAProxy may reuse the address at once (the lab's own CLI connection did, in CI): only a stream of stopbe was this one.
        @(Get-LabStreams -Lab $lab | Where-Object { $_.Id -eq $id -and $_.Backend -eq 'stopbe' }) | Should -BeNullOrEmpty
        (Get-LabStat -Lab $lab stopbe h1).scur | Should -BeExactly '0'
    }

    It 'a piped stream that has ended is not shut down: HaproxyObjectNotFound, no shutdown sent' {
        $stream = Get-HaproxyStream -Backend stopbe
        Close-HeldConnection $held
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while ((Get-LabStreams -Lab $lab | Where-Object Backend -EQ stopbe) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $records = @($stream | Stop-HaproxyStream -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        "$($err[0])" | Should -BeLike "Stream '$id' has ended*nothing was shut down."
        @(Get-VerboseLines $records | Where-Object { $_ -like '*shutdown session*' }) | Should -BeNullOrEmpty
    }

    It 'a piped stream whose address now holds another stream is not shut down' {
        # The lab's reuse cannot be forced; the check is the same: a stream read earlier, compared with what the
        # address shows now. An object whose client port differs stands for the other stream.
        $stream = Get-HaproxyStream -Backend stopbe
        $other = [HaproxyRuntime.Client.Models.HaproxyStream].GetConstructors([System.Reflection.BindingFlags]'NonPublic,Instance')[0].Invoke(@($stream.Id, $stream.Line))
        foreach ($p in 'Protocol', 'Frontend', 'SourceAddress', 'Epoch') { $other.GetType().GetProperty($p).SetValue($other, $stream.$p) }
        $other.GetType().GetProperty('SourcePort').SetValue($other, [int]($stream.SourcePort) + 1)
        $records = @($other | Stop-HaproxyStream -Session $session -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        "$($err[0])" | Should -BeLike "Stream '$id' has ended: its address now holds another stream (tcpv4 from 127.0.0.1:$($stream.SourcePort) on myfrontend1)*"
        @(Get-VerboseLines $records | Where-Object { $_ -like '*shutdown session*' }) | Should -BeNullOrEmpty
        @(Get-LabStreams -Lab $lab | Where-Object Backend -EQ stopbe) | Should -HaveCount 1
    }

    It 'by -Id; a second time the stream is gone: HaproxyObjectNotFound' {
        Stop-HaproxyStream -Id $id -Confirm:$false
        @(Get-LabStreams -Lab $lab | Where-Object Backend -EQ stopbe) | Should -BeNullOrEmpty
        Stop-HaproxyStream -Id $id -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        # HAProxy may reuse the address for a new stream; only a stream of stopbe would be this one.
        if (-not (Get-LabStreams -Lab $lab | Where-Object Id -EQ $id)) {
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
            "$($err[0])" | Should -BeLike "Stream '$id' does not exist*No such session*"
        }
    }

    It '-WhatIf shows the command and sends nothing' {
        $lines = Get-WhatIfLines { Stop-HaproxyStream -Id $id -WhatIf }
        $lines | Should -Be @("What if: Performing the operation ""Shut down stream ('shutdown session $id')"" on target ""$id"".")
        @(Get-LabStreams -Lab $lab | Where-Object Id -EQ $id) | Should -HaveCount 1
        Test-SocketClosed -Client $held.Client -TimeoutMs 200 | Should -BeFalse
    }

    It 'is refused on an operator-level socket (admin only) and the stream stays' {
        $operator = Connect-Haproxy -Endpoint "unix://$($lab.OperatorSocket)" -Name stop-operator -Timeout 5s
        try {
            Stop-HaproxyStream -Id $id -Session $operator -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
            @(Get-LabStreams -Lab $lab | Where-Object Id -EQ $id) | Should -HaveCount 1
        }
        finally { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }

    It 'an id typed bare (0x…, which PowerShell reads as a number) still names the stream' {
        Invoke-Expression "Stop-HaproxyStream -Id $id -Confirm:`$false"
        @(Get-LabStreams -Lab $lab | Where-Object Backend -EQ stopbe) | Should -BeNullOrEmpty
    }

    It 'an id that is not a pointer is refused before anything is sent' {
        $records = @(Stop-HaproxyStream -Id 'ffff' -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        Get-VerboseLines $records | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-LabStreams -Lab $lab | Where-Object Id -EQ $id) | Should -HaveCount 1
    }
}

Describe 'Get-HaproxyError' {
    BeforeAll {
        $fePort = (Get-LabStat -Lab $lab myfrontend1 FRONTEND).iid
        $request = "GET /errors HTTP/1.1`r`nHost: x`r`nBad<name: a`tb\c`r`n`r`n"
    }

    It 'nothing captured yet: nothing returned' {
        @(Get-LabErrorEvents -Lab $lab) | Should -BeNullOrEmpty
        @(Get-HaproxyError) | Should -BeNullOrEmpty
    }

    It 'a request the HTTP parser refuses is returned typed, with the captured bytes unescaped' {
        Send-LabInvalidRequest -Lab $lab -Request $request | Should -BeLike 'HTTP/1.1 400*'
        $lab1 = @(Get-LabErrorEvents -Lab $lab)
        $lab1 | Should -HaveCount 1
        $e = @(Get-HaproxyError)
        $e | Should -HaveCount 1
        $e = $e[0]
        $e | Should -BeOfType ([HaproxyRuntime.Client.Models.HaproxyCapturedError])
        "$($e.Proxy) $($e.ProxyId) $($e.Direction) $($e.Frontend)" | Should -BeExactly "myfrontend1 $fePort Request myfrontend1"
        $e.Backend | Should -BeNullOrEmpty
        $e.Server | Should -BeNullOrEmpty
        $e.SourceAddress | Should -BeExactly '127.0.0.1'
        $e.SourcePort | Should -BeGreaterThan 0
        $e.Time.ToString('dd/MMM/yyyy:HH:mm:ss.fff', [cultureinfo]::InvariantCulture) | Should -BeExactly $lab1[0].Time
        $e.Buffer | Should -BeExactly $request
        $e.Length | Should -Be $request.Length
        $e.Buffer[$e.ErrorPosition] | Should -BeExactly '<'
        $e.ParserState | Should -Not -BeNullOrEmpty
        $e.Interrupted | Should -BeFalse
        $e.Session | Should -BeExactly $session.Name
    }

    It 'filters by proxy (name or id) and direction, as HAProxy does' {
        Send-LabInvalidRequest -Lab $lab -Request $request | Out-Null
        $records = @(Get-HaproxyError -Proxy myfrontend1 -Direction Request -Verbose 4>&1)
        Get-VerboseLines $records | Should -Be @("[$($session.Name)] show errors myfrontend1 request")
        @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyCapturedError] }) | Should -HaveCount 1
        @(Get-HaproxyError -Proxy "$fePort").Proxy | Should -BeExactly @('myfrontend1')
        @(Get-HaproxyError -Direction Response) | Should -BeNullOrEmpty
        @(Get-HaproxyError -Proxy webservers) | Should -BeNullOrEmpty
    }

    It 'a proxy that does not exist is HaproxyObjectNotFound' {
        Get-HaproxyError -Proxy nosuchproxy -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        "$($err[0])" | Should -BeLike "Proxy 'nosuchproxy' does not exist*No such proxy.*"
    }

    It 'a proxy name HAProxy could not have is refused before anything is sent' {
        $records = @(Get-HaproxyError -Proxy 'a b' -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        Get-VerboseLines $records | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }
}
