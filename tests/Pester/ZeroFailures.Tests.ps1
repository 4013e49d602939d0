# Issue #19, "Zero failed requests through the seed flow": the cmdlets run while a bounded load client
# (Start-LabTraffic, build/LoadClient.cs: 8 threads on loopback, a new connection per request, 5 s per request, 10 s
# at most) sends traffic through the lab's frontend, and every request is counted in the phase it was sent in: 2xx (and
# which application's body answered), any other status, or no status (refused, reset, closed, timed out). The safe
# paths must lose none: Remove-HaproxyBackend -Drain, and a rolling replacement in the static backend webservers. The
# seed's own back-out order (maint first on a backend still published and routed) is reported, not asserted: how many
# requests it loses depends on timing. Counts are asserted, never speed; each phase's summary line (requests, failed,
# rate, who answered) is printed. Long "held" requests go to a slow loopback application (Start-LabHttpApp, 3 s) and
# must finish under -Drain and be cut under -Drain -Force.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $map = $lab.PathsMap

    function Invoke-PhasedTraffic {
        <# Runs traffic on -Path while each phase's script block runs (the phase named by its key; the traffic's
           phase changes before the block starts), prints one summary line per phase and returns the phases by name.
           The traffic is bounded at 10 s whatever happens; a block that throws still stops it. #>
        param([string] $Path, [System.Collections.Specialized.OrderedDictionary] $Phase)
        $names = @($Phase.Keys)
        $traffic = Start-LabTraffic -Lab $lab -Path $Path -Threads 8 -Duration 10s -Phase $names[0]
        $result = $null
        try {
            foreach ($name in $names) {
                if ($name -ne $names[0]) { Set-LabTrafficPhase $traffic $name }
                $null = & $Phase[$name]
            }
        }
        finally {
            $result = @(Stop-LabTraffic $traffic)
            $result | Format-LabTraffic | ForEach-Object { Write-Host "      $_" }
            if (($result | Measure-Object -Property Failed -Sum).Sum -gt 0) { Write-LabErrorCounters }
        }
        $byName = [ordered]@{}
        foreach ($p in $result) { $byName[$p.Name] = $p }
        $byName
    }

    function Write-LabErrorCounters {
        <# HAProxy's own view of failed requests, for a run where some failed: the 'show stat' rows with a 5xx answer,
           a connection or response error, a retry or a redispatch, with the server's state and last check. #>
        $columns = 'status', 'hrsp_5xx', 'econ', 'eresp', 'wretr', 'wredis', 'check_status', 'chkfail', 'lastchg'
        foreach ($row in Get-LabStatRows -Lab $lab -Column $columns) {
            if (@('hrsp_5xx', 'econ', 'eresp', 'wretr', 'wredis' | Where-Object { $row.$_ -and $row.$_ -ne '0' })) {
                Write-Host "      show stat: $(($row.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' ')"
            }
        }
    }

    function Add-EnabledServer {
        <# Adds a server, enables it (with -Check, health-checked on its port and waited for until UP). #>
        param([string] $Backend, [string] $Name, [int] $Port, [switch] $Check)
        $checkArgs = if ($Check) { @{ Check = $true; CheckPort = $Port } } else { @{} }
        Add-HaproxyServer -Backend $Backend -Name $Name -Address 127.0.0.1 -Port $Port @checkArgs -ErrorAction Stop
        Enable-HaproxyServer -Backend $Backend -Name $Name -ErrorAction Stop
        if ($Check) { Enable-HaproxyHealthCheck -Backend $Backend -Name $Name -ErrorAction Stop }
        Wait-LabServerUp -Lab $lab $Backend $Name -Seconds 10
    }

    function New-RoutedBackend {
        <# A published dynamic backend with one enabled server (Add-EnabledServer), routed by the lab's paths map from
           -Key. #>
        param([string] $Name, [string] $Server, [int] $Port, [string] $Key, [switch] $Check)
        Add-HaproxyBackend -Name $Name -From mydefaults
        Add-EnabledServer -Backend $Name -Name $Server -Port $Port -Check:$Check
        Publish-HaproxyBackend -Name $Name
        Add-HaproxyMapEntry -Map $map -Key $Key -Value $Name
    }

    function Assert-NoFailure {
        <# Every phase carried traffic and no request failed; the summary lines are the reason shown otherwise. #>
        param($Phases)
        $all = @($Phases.Values)
        $reason = 'no request may fail: ' + (($all | Format-LabTraffic) -join ' | ')
        ($all | Measure-Object -Property Failed -Sum).Sum | Should -Be 0 -Because $reason
        foreach ($p in $all) { $p.Requests | Should -BeGreaterThan 0 -Because "phase '$($p.Name)' must carry traffic" }
    }

    function Assert-AnsweredBy {
        <# Every 2xx answer of the phase came from the application with this body. #>
        param($Phase, [string] $Body)
        @($Phase.Bodies.Keys) | Should -Be @($Body) -Because $Phase.ToString()
    }

    function Invoke-HeldRemoval {
        <# Three requests held on -Server of zfslow (the slow application) while Remove-HaproxyServer -Drain
           -Timeout 10s (with -Force: -Drain -Force) runs; returns the held requests' counts once they ended. #>
        param([string] $Server, [switch] $Force)
        New-RoutedBackend -Name zfslow -Server $Server -Port $slowApp.Port -Key /zfslow
        $held = Start-LabHeldRequest -Lab $lab -Path /zfslow -Count 3 -Timeout 15s
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(5)
            while ((Get-LabServerCurrentSessions -Lab $lab zfslow $Server) -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Get-LabServerCurrentSessions -Lab $lab zfslow $Server | Should -Be 3
            Remove-HaproxyServer -Backend zfslow -Name $Server -Drain -Force:$Force -Timeout 10s -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
        }
        finally { $p = @(Stop-LabTraffic $held); Write-Host "      $($p | Format-LabTraffic)" }
        Get-LabServerState -Lab $lab -Backend zfslow -Server $Server | Should -BeNullOrEmpty
        $p[0]
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'The load client' {
    It 'refuses any address but 127.0.0.1 and ::1, before sending anything' {
        foreach ($address in '10.0.0.1', '127.0.0.2', '0.0.0.0', 'localhost', 'example.org') {
            { Start-LabTraffic -Lab $lab -Address $address -Duration 1s } | Should -Throw '*Loopback only*'
        }
        { Start-LabHttpApp -Address 0.0.0.0 -Body x } | Should -Throw '*Loopback only*'
    }

    It 'counts what is not a 2xx: 503 from a backend without servers, refused connections' {
        Add-HaproxyBackend -Name zfempty -From mydefaults
        Publish-HaproxyBackend -Name zfempty
        Add-HaproxyMapEntry -Map $map -Key /zfempty -Value zfempty
        try {
            $t = Start-LabTraffic -Lab $lab -Path /zfempty -Threads 2 -Duration 5s -MaxRequests 200
            $null = $t.Wait([timespan]::FromSeconds(6))
            $p = @(Stop-LabTraffic $t)
            Write-Host "      $($p | Format-LabTraffic)"
            $p[0].Requests | Should -Be 200
            $p[0].Failed | Should -Be 200
            $p[0].Statuses[503] | Should -Be 200

            $closed = Start-LabTraffic -Lab $lab -Port (Get-FreeTcpPort) -Threads 2 -Duration 5s -MaxRequests 20
            $null = $closed.Wait([timespan]::FromSeconds(6))
            $p = @(Stop-LabTraffic $closed)
            Write-Host "      $($p | Format-LabTraffic)"
            $p[0].Failed | Should -Be 20
            $p[0].NoStatus | Should -Be 20
            $p[0].Errors['refused'] | Should -Be 20
        }
        finally { Remove-LabBackend -Lab $lab zfempty -Route }
    }

    It 'stops by itself at its request budget and at its deadline' {
        $t = Start-LabTraffic -Lab $lab -Path /budget -Threads 4 -Duration 5s -MaxRequests 50
        $t.Wait([timespan]::FromSeconds(6)) | Should -BeTrue
        (@(Stop-LabTraffic $t) | Measure-Object Requests -Sum).Sum | Should -Be 50
        $t = Start-LabTraffic -Lab $lab -Path /deadline -Threads 2 -Duration 500ms
        $t.Wait([timespan]::FromSeconds(7)) | Should -BeTrue   # the deadline, plus a request in flight (5 s at most)
        $p = @(Stop-LabTraffic $t)
        $p[0].Requests | Should -BeGreaterThan 0
        $p[0].Failed | Should -Be 0
    }
}

Describe 'Zero failed requests under traffic (HAProxy 3.4)' {
    AfterEach {
        # Whatever a test left: its routes and dynamic backends (the static backend's servers are restored by the test).
        foreach ($be in 'zfdrain', 'zfseed', 'zfslow', 'zfsafe', 'zflate') {
            if ((Get-LabBackendNames -Lab $lab) -contains $be) { Remove-LabBackend -Lab $lab $be }
        }
        Reset-LabMap -Lab $lab $map
    }

    It 'Remove-HaproxyBackend -Drain: traffic moves to the default backend, no request fails, the backend is gone' {
        New-RoutedBackend -Name zfdrain -Server s1 -Port $lab.DynamicAppPort -Key /zfdrain -Check
        $phases = Invoke-PhasedTraffic -Path /zfdrain -Phase ([ordered]@{
                'routed to zfdrain'            = { Start-Sleep -Milliseconds 1000 }
                'Remove-HaproxyBackend -Drain' = { Remove-HaproxyBackend -Name zfdrain -Drain -Timeout 5s -Confirm:$false -ErrorAction Stop }
                'after'                        = { Start-Sleep -Milliseconds 1000 }
            })
        Assert-NoFailure $phases
        Assert-AnsweredBy $phases['routed to zfdrain'] 'served by mybackend1'
        Assert-AnsweredBy $phases['after'] 'served by webservers'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'zfdrain'
    }

    It 'a rolling replacement inside the static backend webservers, there and back: no request fails' {
        # /zfroll is not in the map: the default backend webservers answers. web1 (static, "served by webservers") is
        # replaced by web2 (the dynamic application, "served by mybackend1"), then web2 by a new web1 on web1's address.
        $phases = Invoke-PhasedTraffic -Path /zfroll -Phase ([ordered]@{
                'web1 alone'                      = { Start-Sleep -Milliseconds 700 }
                'add web2, enable, wait until UP' = { Add-EnabledServer -Backend webservers -Name web2 -Port $lab.DynamicAppPort -Check }
                'Remove-HaproxyServer web1 -Drain' = { Remove-HaproxyServer -Backend webservers -Name web1 -Drain -Timeout 5s -Confirm:$false -ErrorAction Stop }
                'web2 alone'                      = { Start-Sleep -Milliseconds 700 }
                'add web1 back, enable, wait until UP' = { Add-EnabledServer -Backend webservers -Name web1 -Port $lab.DefaultAppPort -Check }
                'Drain, Maint, remove web2'       = {
                    Set-HaproxyServerState -Backend webservers -Name web2 -State Drain -ErrorAction Stop
                    Set-HaproxyServerState -Backend webservers -Name web2 -State Maint -ErrorAction Stop
                    Wait-HaproxyRemovable -Backend webservers -Server web2 -Timeout 5s -ErrorAction Stop
                    Remove-HaproxyServer -Backend webservers -Name web2 -Confirm:$false -ErrorAction Stop
                }
                'web1 alone again'                = { Start-Sleep -Milliseconds 700 }
            })
        Assert-NoFailure $phases
        Assert-AnsweredBy $phases['web1 alone'] 'served by webservers'
        Assert-AnsweredBy $phases['web2 alone'] 'served by mybackend1'
        Assert-AnsweredBy $phases['web1 alone again'] 'served by webservers'
        Get-LabServerNames -Lab $lab webservers | Should -Be @('web1')
    }

    It "the seed's back-out order (maint on the only server of a published, routed backend first): failures reported" {
        New-RoutedBackend -Name zfseed -Server web1 -Port $lab.DynamicAppPort -Key /zfseed -Check
        $warnings = [System.Collections.Generic.List[object]]::new()
        $phases = Invoke-PhasedTraffic -Path /zfseed -Phase ([ordered]@{
                'routed to zfseed'                                   = { Start-Sleep -Milliseconds 1000 }
                "seed order: maint, wait, del server, unpublish, del" = {
                    Set-HaproxyServerState -Backend zfseed -Name web1 -State Maint -ErrorAction Stop -WarningVariable w -WarningAction SilentlyContinue
                    $warnings.AddRange(@($w))
                    Wait-HaproxyRemovable -Backend zfseed -Server web1 -Timeout 2s -ErrorAction Stop
                    Remove-HaproxyServer -Backend zfseed -Name web1 -Confirm:$false -ErrorAction Stop
                    Unpublish-HaproxyBackend -Name zfseed -ErrorAction Stop
                    Wait-HaproxyRemovable -Backend zfseed -Timeout 2s -ErrorAction Stop
                    Remove-HaproxyBackend -Name zfseed -Confirm:$false -ErrorAction Stop
                    Remove-HaproxyMapEntry -Map $map -Key /zfseed -Confirm:$false -ErrorAction Stop
                }
                'after'                                              = { Start-Sleep -Milliseconds 1000 }
            })
        $seed = @($phases.Values)[1]
        Write-Host "      seed order: $($seed.Failed) of $($seed.Requests) requests failed ($(($seed.Statuses.GetEnumerator() | Where-Object Key -NE 200 | ForEach-Object { "$($_.Key)x$($_.Value)" }) -join ', ')); $($warnings.Count) warning(s)$(if ($warnings.Count) { ': ' + ($warnings -join ' | ') })"
        # Not asserted: how many requests the seed's order loses depends on timing. Before and after it, none may fail.
        $phases['routed to zfseed'].Failed | Should -Be 0 -Because $phases['routed to zfseed'].ToString()
        $phases['after'].Failed | Should -Be 0 -Because $phases['after'].ToString()
        Assert-AnsweredBy $phases['routed to zfseed'] 'served by mybackend1'
        Assert-AnsweredBy $phases['after'] 'served by webservers'
        $seed.Requests | Should -BeGreaterThan 0
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'zfseed'
        # The step that fails requests is flagged when it happens, naming the safe order.
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -BeLike "Backend 'zfseed' is still published and has no server in service: requests routed to it fail (503)*Remove-HaproxyBackend -Drain*"
    }

    It 'the safe forward order: init-state down, enable, Publish-HaproxyBackend -WaitHealthy, then the route: no request fails' {
        $phases = Invoke-PhasedTraffic -Path /zfsafe -Phase ([ordered]@{
                'before'                                   = { Start-Sleep -Milliseconds 500 }
                'add backend, add server -InitState Down'  = {
                    Add-HaproxyBackend -Name zfsafe -From mydefaults -ErrorAction Stop
                    Add-HaproxyServer -Backend zfsafe -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Check -CheckPort $lab.DynamicAppPort -InitState Down -ErrorAction Stop
                    Enable-HaproxyServer -Backend zfsafe -Name s1 -ErrorAction Stop
                    Enable-HaproxyHealthCheck -Backend zfsafe -Name s1 -ErrorAction Stop
                }
                'Publish-HaproxyBackend -WaitHealthy'      = { Publish-HaproxyBackend -Name zfsafe -WaitHealthy -Timeout 8s -ErrorAction Stop }
                'add map entry'                            = { Add-HaproxyMapEntry -Map $map -Key /zfsafe -Value zfsafe -ErrorAction Stop }
                'routed to zfsafe'                         = { Start-Sleep -Milliseconds 700 }
                'Remove-HaproxyBackend -Drain -Map'        = { Remove-HaproxyBackend -Name zfsafe -Drain -Map $map -Timeout 5s -Confirm:$false -ErrorAction Stop }
                'after'                                    = { Start-Sleep -Milliseconds 500 }
            })
        Assert-NoFailure $phases
        Assert-AnsweredBy $phases['before'] 'served by webservers'
        Assert-AnsweredBy $phases['routed to zfsafe'] 'served by mybackend1'
        Assert-AnsweredBy $phases['after'] 'served by webservers'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'zfsafe'
        Get-LabMapLines -Lab $lab $map | Should -BeNullOrEmpty
    }

    It 'a second server whose application is not listening yet gets no request until its check passes: none fails' {
        $port = Get-FreeTcpPort
        $late = $null
        try {
            $phases = Invoke-PhasedTraffic -Path /zflate -Phase ([ordered]@{
                    'add, publish when healthy, route' = {
                        Add-HaproxyBackend -Name zflate -From mydefaults -ErrorAction Stop
                        foreach ($s in @{ Name = 's1'; Port = $lab.DynamicAppPort }, @{ Name = 's2'; Port = $port }) {
                            Add-HaproxyServer -Backend zflate -Name $s.Name -Address 127.0.0.1 -Port $s.Port -Check -CheckPort $s.Port -InitState Down -Option 'inter', '200ms' -ErrorAction Stop
                            Enable-HaproxyServer -Backend zflate -Name $s.Name -ErrorAction Stop
                            Enable-HaproxyHealthCheck -Backend zflate -Name $s.Name -ErrorAction Stop
                        }
                        Publish-HaproxyBackend -Name zflate -WaitHealthy -Timeout 8s -ErrorAction Stop
                        Add-HaproxyMapEntry -Map $map -Key /zflate -Value zflate -ErrorAction Stop
                    }
                    's2 not listening'                 = { Start-Sleep -Milliseconds 800 }
                    's2 starts listening'              = {
                        $script:late = Start-LabHttpApp -Port $port -Body 'served late' -Lifetime 1m
                        Wait-HaproxyServer -Backend zflate -Name s2 -Timeout 5s -ErrorAction Stop
                    }
                    'both'                             = { Start-Sleep -Milliseconds 800 }
                    'Remove-HaproxyBackend -Drain -Map' = { Remove-HaproxyBackend -Name zflate -Drain -Map $map -Timeout 5s -Confirm:$false -ErrorAction Stop }
                })
            Assert-NoFailure $phases
            Assert-AnsweredBy $phases['s2 not listening'] 'served by mybackend1'
            @($phases['both'].Bodies.Keys | Sort-Object) | Should -Be @('served by mybackend1', 'served late') -Because $phases['both'].ToString()
        }
        finally { if ($script:late) { Stop-LabHttpApp $script:late } }
    }

    Context 'held long requests (an application that answers after 3 s)' {
        BeforeAll {
            $slowApp = Start-LabHttpApp -Body 'slow answer' -Delay 3s -Lifetime 2m
        }
        AfterAll { Stop-LabHttpApp $slowApp }

        It 'Remove-HaproxyServer -Drain -Timeout 10s lets them finish: 3 answers 200, then the server is gone' {
            $held = Invoke-HeldRemoval -Server slow1
            $held.Requests | Should -Be 3
            $held.Succeeded | Should -Be 3 -Because $held.ToString()
            Assert-AnsweredBy $held 'slow answer'
        }

        It 'Remove-HaproxyServer -Drain -Force cuts them: 3 requests without a status, then the server is gone' {
            $held = Invoke-HeldRemoval -Server slow2 -Force
            $held.Requests | Should -Be 3
            $held.Succeeded | Should -Be 0 -Because $held.ToString()
            $held.NoStatus | Should -Be 3 -Because $held.ToString()
        }
    }
}
