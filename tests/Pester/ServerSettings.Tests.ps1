# Per-server runtime settings (Set-HaproxyServer, Enable-/Disable-HaproxyAgentCheck, Stop-HaproxyServerStreams) and the
# live figures Get-HaproxyServer merges from 'show stat', against a real HAProxy 3.4 on loopback. Every change is
# checked through the lab's own socket ('show servers state', 'get weight', 'show stat'), never only through the module.
# Health checks only ever target lab-owned loopback ports; agent checks target a loopback port nothing listens on;
# addresses such as 127.0.0.2 are only stored by HAProxy, never sent traffic (those servers stay in maintenance).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab -ExtraConfig @"

backend staticbe
    balance static-rr
    server st1 127.0.0.1:$(Get-FreeTcpPort)
"@
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Set-HaproxyServer' {
    BeforeAll {
        $be = 'setsrv'
        $app = $lab.DynamicAppPort
        Add-HaproxyBackend -Name $be -From mydefaults
        # plain: no check, stays in maintenance (its address is changed to 127.0.0.2, which is never contacted).
        Add-HaproxyServer -Backend $be -Name plain -Address 127.0.0.1 -Port $app -Weight 40
        # checked: health check on the lab's own app port, enabled; a long interval keeps real checks out of the way.
        Add-HaproxyServer -Backend $be -Name checked -Address 127.0.0.1 -Port $app -Check -CheckPort $app -Option 'inter 30s'
        Enable-HaproxyServer -Backend $be -Name checked
        Enable-HaproxyHealthCheck -Backend $be -Name checked
        # checkoff: health check configured but left disabled.
        Add-HaproxyServer -Backend $be -Name checkoff -Address 127.0.0.1 -Port $app -Check -CheckPort $app
        # nocheck: Ready, without any check.
        Add-HaproxyServer -Backend $be -Name nocheck -Address 127.0.0.1 -Port $app
        Enable-HaproxyServer -Backend $be -Name nocheck
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }

    It '-Address with -Port changes both (HAProxy''s "IP changed ... port changed" notice is success)' {
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Address 127.0.0.2 -Port 8081 -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set server $be/plain addr 127.0.0.2 port 8081"
        $row = Get-LabServerRow -Lab $lab $be plain
        $row.srv_addr | Should -BeExactly '127.0.0.2'
        $row.srv_port | Should -BeExactly '8081'
    }

    It 'the same address and port again ("nothing changed") is success and changes nothing' {
        (Invoke-LabSocket -Lab $lab -Command "set server $be/plain addr 127.0.0.2 port 8081") | Should -BeExactly 'nothing changed'
        Set-HaproxyServer -Backend $be -Name plain -Address 127.0.0.2 -Port 8081 -ErrorVariable err
        $err | Should -HaveCount 0
        $row = Get-LabServerRow -Lab $lab $be plain
        "$($row.srv_addr):$($row.srv_port)" | Should -BeExactly '127.0.0.2:8081'
    }

    It '-Address alone keeps the port' {
        Set-HaproxyServer $be plain -Address 127.0.0.3 -ErrorVariable err
        $err | Should -HaveCount 0
        $row = Get-LabServerRow -Lab $lab $be plain
        "$($row.srv_addr):$($row.srv_port)" | Should -BeExactly '127.0.0.3:8081'
    }

    It '-Port without -Address is InvalidHaproxyArgument and nothing is sent' {
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Port 9999 -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*set server*' }) | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab $be plain).srv_port | Should -BeExactly '8081'
    }

    It '-Address that is not a literal IP is HaproxyInvalidCommand (HAProxy: Invalid addr)' {
        Set-HaproxyServer -Backend $be -Name plain -Address web1.example -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -BeLike "*Invalid addr 'web1.example'*"
        (Get-LabServerRow -Lab $lab $be plain).srv_addr | Should -BeExactly '127.0.0.3'
    }

    It '-Address with a ";" is InvalidHaproxyArgument and nothing is sent' {
        $records = @(Set-HaproxyServer $be plain -Address '127.0.0.9;shutdown sessions server webservers/web1' -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*set server*' }) | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab $be plain).srv_addr | Should -BeExactly '127.0.0.3'
    }

    It '-Weight 20 sets an absolute weight' {
        Set-HaproxyServer -Backend $be -Name plain -Weight 20 -ErrorVariable err
        $err | Should -HaveCount 0
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly '20 (initial 40)'
    }

    It "-Weight '50%' is relative to the initial weight (40 -> 20)" {
        Set-HaproxyServer -Backend $be -Name plain -Weight 7
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly '7 (initial 40)'
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Weight '50%' -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set server $be/plain weight 50%"
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly '20 (initial 40)'
    }

    It '-Weight <W> is InvalidHaproxyArgument and nothing is sent' -ForEach @(
        @{ W = '300' }
        @{ W = 'abc' }
        @{ W = '-5' }
        @{ W = '5 %' }
    ) {
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Weight $W -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*weight*' }) | Should -HaveCount 0
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly '20 (initial 40)'
    }

    It 'a weight other than 0%/100% on a static-rr backend is refused by HAProxy (HaproxyInvalidOperation)' {
        Set-HaproxyServer -Backend staticbe -Name st1 -Weight 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].Exception.Message | Should -BeLike '*static LB algorithm*'
        Get-LabWeight -Lab $lab staticbe st1 | Should -BeExactly '1 (initial 1)'
    }

    It '-MaxConn sets the server''s maxconn (slim in show stat); 0 removes it' {
        Set-HaproxyServer -Backend $be -Name plain -MaxConn 7 -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab $be plain).slim | Should -BeExactly '7'
        (Get-HaproxyServer -Backend $be -Name plain).MaxConn | Should -Be 7
        Set-HaproxyServer -Backend $be -Name plain -MaxConn 0
        (Get-LabStat -Lab $lab $be plain).slim | Should -BeExactly ''
        (Get-HaproxyServer -Backend $be -Name plain).MaxConn | Should -BeNullOrEmpty
    }

    It 'no setting at all is InvalidHaproxyArgument' {
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*set *' }) | Should -HaveCount 0
    }

    It '-CheckPort on a server with an enabled health check changes the check port' {
        Set-HaproxyServer -Backend $be -Name checked -CheckPort 8082 -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabServerRow -Lab $lab $be checked).srv_check_port | Should -BeExactly '8082'
        Set-HaproxyServer -Backend $be -Name checked -CheckPort $app
        (Get-LabServerRow -Lab $lab $be checked).srv_check_port | Should -BeExactly "$app"
        (Get-HaproxyServer -Backend $be -Name checked).CheckPort | Should -Be $app
    }

    It '-CheckPort on a server whose check is <Case> is HaproxyInvalidOperation and is not applied' -ForEach @(
        @{ Case = 'not configured'; S = 'plain'; Before = '0' }
        @{ Case = 'configured but disabled'; S = 'checkoff'; Before = $null }
    ) {
        $before = if ($null -ne $Before) { $Before } else { (Get-LabServerRow -Lab $lab $be $S).srv_check_port }
        Set-HaproxyServer -Backend $be -Name $S -CheckPort 9000 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*health checks are not enabled on this server*'
        $err[0].TargetObject | Should -BeExactly "$be/$S"
        (Get-LabServerRow -Lab $lab $be $S).srv_check_port | Should -BeExactly $before
    }

    It '-CheckAddress without an enabled check is HaproxyInvalidOperation' {
        Set-HaproxyServer -Backend $be -Name checkoff -CheckAddress 127.0.0.1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        (Get-LabServerRow -Lab $lab $be checkoff).srv_check_addr | Should -BeExactly '-'
    }

    It '-CheckAddress with an enabled check: HAProxy 3.4.7 answers "invalid addr" even for 127.0.0.1 (HaproxyInvalidCommand, not applied)' {
        # Documented in Set-HaproxyServer's help. If a later HAProxy accepts it, this test shows it.
        Set-HaproxyServer -Backend $be -Name checked -CheckAddress 127.0.0.1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -BeLike "*invalid addr '127.0.0.1'*"
        (Get-LabServerRow -Lab $lab $be checked).srv_check_addr | Should -BeExactly '-'
    }

    It '-<P> without an agent check is HaproxyInvalidOperation and is not applied' -ForEach @(
        @{ P = 'AgentAddress'; Splat = @{ AgentAddress = '127.0.0.1' } }
        @{ P = 'AgentPort'; Splat = @{ AgentPort = 4444 } }
        @{ P = 'Agent Up'; Splat = @{ Agent = 'Up' } }
        @{ P = 'Agent Down'; Splat = @{ Agent = 'Down' } }
    ) {
        Set-HaproxyServer -Backend $be -Name plain @Splat -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].Exception.Message | Should -BeLike '*agent checks are not enabled on this server*'
        $row = Get-LabServerRow -Lab $lab $be plain
        $row.srv_agent_addr | Should -BeExactly '-'
        $row.srv_agent_port | Should -BeExactly '0'
    }

    It '-Health <H> forces the check result: status <Status>' -ForEach @(
        @{ H = 'Up'; Status = 'UP' }
        @{ H = 'Down'; Status = 'DOWN' }
        @{ H = 'Stopping'; Status = 'NOLB' }
        @{ H = 'Up'; Status = 'UP' }
    ) {
        $records = @(Set-HaproxyServer -Backend $be -Name checked -Health $H -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set server $be/checked health $($H.ToLowerInvariant())"
        (Get-LabStat -Lab $lab $be checked).status | Should -BeExactly $Status
        (Get-HaproxyServer -Backend $be -Name checked).Status | Should -BeExactly $Status
    }

    It '-Health Down on a Ready server without a health check marks it DOWN until -Health Up (no check brings it back)' {
        Set-HaproxyServer -Backend $be -Name nocheck -Health Down -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab $be nocheck).status | Should -BeExactly 'DOWN'
        (Get-LabServerRow -Lab $lab $be nocheck).srv_op_state | Should -BeExactly '0'
        Start-Sleep -Milliseconds 500
        (Get-LabStat -Lab $lab $be nocheck).status | Should -BeExactly 'DOWN'
        Set-HaproxyServer -Backend $be -Name nocheck -Health Up -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab $be nocheck).status | Should -BeExactly 'no check'
        (Get-LabServerRow -Lab $lab $be nocheck).srv_op_state | Should -BeExactly '2'
    }

    It '-Ssl On on a dynamic server is HaproxyInvalidOperation' {
        Set-HaproxyServer -Backend $be -Name plain -Ssl On -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].Exception.Message | Should -BeLike "*'set server <srv> ssl' not supported on dynamic servers*"
        (Get-LabServerRow -Lab $lab $be plain).srv_use_ssl | Should -BeExactly '0'
    }

    It '-Fqdn without a resolvers section is HaproxyInvalidOperation' {
        Set-HaproxyServer -Backend $be -Name plain -Fqdn web1.example -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].Exception.Message | Should -BeLike '*no resolution is configured*'
        (Get-LabServerRow -Lab $lab $be plain).srv_fqdn | Should -BeExactly '-'
    }

    It 'several settings with one refused: the others are applied, one error for the refused one' {
        $records = @(Set-HaproxyServer -Backend $be -Name plain -Weight 30 -CheckPort 9000 -MaxConn 9 -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        # Sent in the fixed order: weight, maxconn, check-port.
        @(Get-VerboseLines $records | Where-Object { $_.StartsWith('[') }) | Should -Be @(
            "[$($session.Name)] set server $be/plain weight 30"
            "[$($session.Name)] set maxconn server $be/plain 9"
            "[$($session.Name)] set server $be/plain check-port 9000"
        )
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].Exception.Message | Should -BeLike "*'set server $be/plain check-port 9000'*"
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly '30 (initial 40)'
        (Get-LabStat -Lab $lab $be plain).slim | Should -BeExactly '9'
        (Get-LabServerRow -Lab $lab $be plain).srv_check_port | Should -BeExactly '0'
    }

    It '-PassThru writes the server once, merged with show stat (MaxConn, Status, Weight)' {
        $out = @(Set-HaproxyServer -Backend $be -Name checked -MaxConn 11 -Weight 3 -Health Up -PassThru)
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyServer'
        $out[0].FullName | Should -BeExactly "$be/checked"
        $out[0].MaxConn | Should -Be 11
        $out[0].Weight | Should -Be 3
        $out[0].Status | Should -BeExactly 'UP'
        $out[0].Session | Should -Be $session.Name
        $stat = Get-LabStat -Lab $lab $be checked
        $stat.slim | Should -BeExactly '11'
        $stat.status | Should -BeExactly 'UP'
        Get-LabWeight -Lab $lab $be checked | Should -BeExactly '3 (initial 1)'
    }

    It '-PassThru still writes the server when one of its settings was refused' {
        $out = @(Set-HaproxyServer -Backend $be -Name plain -Weight 31 -Ssl On -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $out | Should -HaveCount 1
        $out[0].Weight | Should -Be 31
    }

    It '-WhatIf shows one line per setting and changes nothing' {
        $beforeRow = Get-LabServerRow -Lab $lab $be plain
        $beforeWeight = Get-LabWeight -Lab $lab $be plain
        $lines = Get-WhatIfLines { Set-HaproxyServer -Backend $be -Name plain -Address 127.0.0.4 -Port 8083 -Weight 2 -MaxConn 4 -PassThru -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Set address to 127.0.0.4:8083 ('set server $be/plain addr 127.0.0.4 port 8083')`" on target `"$be/plain`"."
            "What if: Performing the operation `"Set weight to 2 ('set server $be/plain weight 2')`" on target `"$be/plain`"."
            "What if: Performing the operation `"Set maxconn to 4 ('set maxconn server $be/plain 4')`" on target `"$be/plain`"."
        )
        $out = Set-HaproxyServer -Backend $be -Name plain -Address 127.0.0.4 -Port 8083 -Weight 2 -MaxConn 4 -PassThru -WhatIf
        $out | Should -BeNullOrEmpty
        $after = Get-LabServerRow -Lab $lab $be plain
        "$($after.srv_addr):$($after.srv_port)" | Should -BeExactly "$($beforeRow.srv_addr):$($beforeRow.srv_port)"
        Get-LabWeight -Lab $lab $be plain | Should -BeExactly $beforeWeight
        (Get-LabStat -Lab $lab $be plain).slim | Should -BeExactly '9'
    }

    It 'an unknown server is HaproxyObjectNotFound with backend/server as target' {
        Set-HaproxyServer -Backend $be -Name nosuch -Weight 3 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly "$be/nosuch"
    }
}

Describe 'Set-HaproxyServer with 500 piped servers' {
    BeforeAll {
        $be = 'manysrv'
        Add-HaproxyBackend -Name $be -From mydefaults
        1..500 | ForEach-Object { [pscustomobject]@{ Backend = $be; Name = "m$_"; Address = '127.0.0.1'; Port = $lab.DynamicAppPort } } | Add-HaproxyServer
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }

    It 'queues the commands and sends them pipelined; all 500 are applied, the unknown one fails alone' {
        $script:seenAt250 = $null
        $n = 0
        $piped = @(Get-HaproxyServer -Backend $be) + [pscustomobject]@{ Backend = $be; Name = 'nosuch' }
        $piped | Should -HaveCount 501
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $piped | ForEach-Object {
            $n++
            # Sent 1,000 at a time, not one round trip each: when the 250th server arrives, none has been sent yet.
            if ($n -eq 250) { $script:seenAt250 = Get-LabWeight -Lab $lab $be m1 }
            $_
        } | Set-HaproxyServer -Weight 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Stop()
        $script:seenAt250 | Should -BeExactly '1 (initial 1)'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly "$be/nosuch"
        $weights = @(Get-LabServerRows -Lab $lab $be | ForEach-Object srv_uweight)
        $weights | Should -HaveCount 500
        @($weights | Where-Object { $_ -ne '5' }) | Should -BeNullOrEmpty
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 15
    }

    It '-PassThru writes each piped server once, after the change' {
        $out = @(Get-HaproxyServer -Backend $be | Set-HaproxyServer -Weight 6 -MaxConn 3 -PassThru)
        $out | Should -HaveCount 500
        ($out | ForEach-Object Name | Sort-Object -Unique) | Should -HaveCount 500
        @($out | Where-Object { $_.Weight -ne 6 -or $_.MaxConn -ne 3 }) | Should -BeNullOrEmpty
        Get-LabWeight -Lab $lab $be m500 | Should -BeExactly '6 (initial 1)'
    }

    # HAProxy answers 'set server addr' before applying it (its server_atomic_sync_task does that a moment later): a
    # read pipelined right behind the answers still shows the old addresses. The cmdlet returns only once HAProxy shows
    # the new ones. These servers are in maintenance without checks: 127.0.0.x is stored, never contacted.
    It '-Address -Port on 500 piped servers, -PassThru: every server written shows its new address and port' {
        $out = @(Get-HaproxyServer -Backend $be | Set-HaproxyServer -Address 127.0.0.5 -Port 9005 -PassThru -ErrorVariable err)
        $err | Should -HaveCount 0
        $out | Should -HaveCount 500
        @($out | Where-Object { $_.Address -ne '127.0.0.5' -or $_.Port -ne 9005 } | ForEach-Object { "$($_.Name)=$($_.Address):$($_.Port)" }) | Should -BeNullOrEmpty
    }

    It '-Address without -PassThru: when the cmdlet returns, HAProxy shows every new address; -Verbose shows the reads' {
        $records = @(Get-HaproxyServer -Backend $be | Set-HaproxyServer -Address 127.0.0.8 -Verbose -ErrorVariable err 4>&1)
        $rows = @(Get-LabServerRows -Lab $lab $be | ForEach-Object srv_addr)
        $err | Should -HaveCount 0
        $rows | Should -HaveCount 500
        @($rows | Where-Object { $_ -ne '127.0.0.8' }) | Should -BeNullOrEmpty
        $verbose = @(Get-VerboseLines $records | Where-Object { $_ -like "``[$($session.Name)``] *" })   # the CLI lines
        @($verbose[0..499] | Where-Object { $_ -notlike "``[$($session.Name)``] set server $be/m* addr 127.0.0.8" }) | Should -BeNullOrEmpty
        $verbose[500] | Should -BeExactly "[$($session.Name)] show servers state $be"
    }
}

Describe 'Enable-HaproxyAgentCheck / Disable-HaproxyAgentCheck' {
    BeforeAll {
        $be = 'agentsrv'
        # The agent port is a free loopback port nothing listens on: a failed agent connection changes nothing.
        $agentPort = Get-FreeTcpPort
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name withagent -Address 127.0.0.1 -Port $lab.DynamicAppPort -Option 'agent-check', "agent-port $agentPort", 'agent-inter 1h'
        Enable-HaproxyServer -Backend $be -Name withagent
        Add-HaproxyServer -Backend $be -Name noagent -Address 127.0.0.1 -Port $lab.DynamicAppPort
        function Get-AgentEnabled { ([int](Get-LabServerRow -Lab $lab $be withagent).srv_agent_state -band 0x4) -ne 0 }
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }

    It 'a dynamic server''s agent starts disabled (precondition)' {
        Get-AgentEnabled | Should -BeFalse
        (Get-LabServerRow -Lab $lab $be withagent).srv_agent_port | Should -BeExactly "$agentPort"
    }

    It 'Enable-HaproxyAgentCheck without an agent is HaproxyInvalidOperation' {
        Enable-HaproxyAgentCheck -Backend $be -Name noagent -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*Agent was not configured on this server, cannot enable.*'
        $err[0].TargetObject | Should -BeExactly "$be/noagent"
    }

    It '-WhatIf changes nothing' {
        $out = Enable-HaproxyAgentCheck -Backend $be -Name withagent -PassThru -WhatIf
        $out | Should -BeNullOrEmpty
        Get-AgentEnabled | Should -BeFalse
    }

    It 'Enable-HaproxyAgentCheck enables it; -PassThru writes the server' {
        $records = @(Enable-HaproxyAgentCheck -Backend $be -Name withagent -PassThru -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] enable agent $be/withagent"
        $out = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyServer] })
        $out | Should -HaveCount 1
        $out[0].FullName | Should -BeExactly "$be/withagent"
        Get-AgentEnabled | Should -BeTrue
    }

    It 'with the agent enabled, -Agent Down/Up force its result (Status DOWN (agent), then back)' {
        (Get-LabStat -Lab $lab $be withagent).status | Should -BeExactly 'no check'
        Set-HaproxyServer -Backend $be -Name withagent -Agent Down -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab $be withagent).status | Should -BeExactly 'DOWN (agent)'
        (Get-HaproxyServer -Backend $be -Name withagent).Status | Should -BeExactly 'DOWN (agent)'
        Set-HaproxyServer -Backend $be -Name withagent -Agent Up -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab $be withagent).status | Should -BeExactly 'no check'
    }

    It 'with the agent enabled, -AgentAddress and -AgentPort are applied' {
        Set-HaproxyServer -Backend $be -Name withagent -AgentAddress 127.0.0.1 -AgentPort $agentPort -ErrorVariable err
        $err | Should -HaveCount 0
        $row = Get-LabServerRow -Lab $lab $be withagent
        $row.srv_agent_addr | Should -BeExactly '127.0.0.1'
        $row.srv_agent_port | Should -BeExactly "$agentPort"
    }

    It 'Disable-HaproxyAgentCheck disables it; -Agent is then refused again' {
        $out = @(Disable-HaproxyAgentCheck -Backend $be -Name withagent -PassThru)
        $out | Should -HaveCount 1
        Get-AgentEnabled | Should -BeFalse
        Set-HaproxyServer -Backend $be -Name withagent -Agent Down -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
        (Get-LabStat -Lab $lab $be withagent).status | Should -BeExactly 'no check'
    }

    It 'Disable-HaproxyAgentCheck on a server without an agent succeeds (HAProxy accepts it)' {
        Disable-HaproxyAgentCheck -Backend $be -Name noagent -ErrorVariable err
        $err | Should -HaveCount 0
    }

    It 'piped servers are enabled and disabled in one pipeline; the one without an agent fails alone' {
        Get-HaproxyServer -Backend $be | Enable-HaproxyAgentCheck -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].TargetObject | Should -BeExactly "$be/noagent"
        Get-AgentEnabled | Should -BeTrue
        Get-HaproxyServer -Backend $be | Disable-HaproxyAgentCheck -ErrorVariable err
        $err | Should -HaveCount 0
        Get-AgentEnabled | Should -BeFalse
    }

    It 'an unknown server is HaproxyObjectNotFound' {
        Enable-HaproxyAgentCheck -Backend $be -Name nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }
}

Describe 'Get-HaproxyServer live figures (merged from show stat)' {
    BeforeAll {
        $be = 'livesrv'
        $app = $lab.DynamicAppPort
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name inmaint -Address 127.0.0.1 -Port $app
        Add-HaproxyServer -Backend $be -Name nocheck -Address 127.0.0.1 -Port $app
        Enable-HaproxyServer -Backend $be -Name nocheck
        Add-HaproxyServer -Backend $be -Name fast -Address 127.0.0.1 -Port $app -Check -CheckPort $app -Option 'inter 100ms'
        Enable-HaproxyServer -Backend $be -Name fast
        Enable-HaproxyHealthCheck -Backend $be -Name fast
    }

    AfterAll { Remove-LabBackend -Lab $lab $be }

    It 'Status is MAINT for a server in maintenance, ''no check'' for an enabled server without check' {
        $servers = @(Get-HaproxyServer -Backend $be -Name inmaint, nocheck)
        $servers | Should -HaveCount 2
        $servers[0].Status | Should -BeExactly 'MAINT'
        $servers[1].Status | Should -BeExactly 'no check'
        (Get-LabStat -Lab $lab $be inmaint).status | Should -BeExactly 'MAINT'
        (Get-LabStat -Lab $lab $be nocheck).status | Should -BeExactly 'no check'
        $servers[1].CheckStatus | Should -BeNullOrEmpty
        $servers[1].CheckDurationMs | Should -BeNullOrEmpty
        $servers[1].MaxConn | Should -BeNullOrEmpty
        $servers[1].CurrentSessions | Should -Be 0
        $servers[1].TotalSessions | Should -Be 0
    }

    It 'a checked server becomes UP with CheckStatus L4OK and a check duration' {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-HaproxyServer -Backend $be -Name fast).Status -ne 'UP' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $server = Get-HaproxyServer -Backend $be -Name fast
        $server.Status | Should -BeExactly 'UP'
        $server.CheckStatus | Should -BeExactly 'L4OK'
        $server.CheckDurationMs | Should -Not -BeNullOrEmpty
        $server.CheckDurationMs | Should -BeGreaterOrEqual 0
        (Get-LabStat -Lab $lab $be fast).check_status | Should -BeExactly 'L4OK'
    }

    It 'the figures come from one show stat read for all servers listed' {
        $records = @(Get-HaproxyServer -Backend $be -Verbose 4>&1)
        @(Get-VerboseLines $records | Where-Object { $_ -like '*show stat*' }) | Should -Be @("[$($session.Name)] show stat")
        @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyServer] }) | Should -HaveCount 3
    }
}

Describe 'Stop-HaproxyServerStreams' {
    BeforeAll {
        $held = New-HeldConnection -Lab $lab -Backend streamsbe -Server h1
    }

    AfterAll {
        Close-HeldConnection $held -RemoveBackend
    }

    It 'Get-HaproxyServer shows the held connection in CurrentSessions and TotalSessions' {
        $server = Get-HaproxyServer -Backend streamsbe -Name h1
        $server.CurrentSessions | Should -Be 1
        $server.TotalSessions | Should -Be 1
        $stat = Get-LabStat -Lab $lab streamsbe h1
        $stat.scur | Should -BeExactly '1'
        $stat.stot | Should -BeExactly '1'
    }

    It '-WhatIf closes nothing' {
        $lines = Get-WhatIfLines { Stop-HaproxyServerStreams -Backend streamsbe -Name h1 -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Close all streams of server ('shutdown sessions server streamsbe/h1')`" on target `"streamsbe/h1`".")
        (Get-LabStat -Lab $lab streamsbe h1).scur | Should -BeExactly '1'
        Test-SocketClosed -Client $held.Client -TimeoutMs 300 | Should -BeFalse
    }

    It 'closes the held client connection; CurrentSessions goes to 0; the server''s state is unchanged' {
        $records = @(Stop-HaproxyServerStreams -Backend streamsbe -Name h1 -Confirm:$false -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] shutdown sessions server streamsbe/h1"
        Test-SocketClosed -Client $held.Client | Should -BeTrue
        Test-SocketClosed -Client $held.Accepted | Should -BeTrue
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while ((Get-LabStat -Lab $lab streamsbe h1).scur -ne '0' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        (Get-LabStat -Lab $lab streamsbe h1).scur | Should -BeExactly '0'
        $server = Get-HaproxyServer -Backend streamsbe -Name h1
        $server.CurrentSessions | Should -Be 0
        $server.AdminState | Should -Be 'Ready'
        (Get-LabServerState -Lab $lab -Backend streamsbe -Server h1).AdminState | Should -Be 0
    }

    It '-PassThru writes the server' {
        $out = @(Stop-HaproxyServerStreams -Backend streamsbe -Name h1 -Confirm:$false -PassThru)
        $out | Should -HaveCount 1
        $out[0].FullName | Should -BeExactly 'streamsbe/h1'
        $out[0].CurrentSessions | Should -Be 0
    }

    It 'an unknown server is HaproxyObjectNotFound' {
        Stop-HaproxyServerStreams -Backend streamsbe -Name nosuch -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].TargetObject | Should -BeExactly 'streamsbe/nosuch'
    }
}

Describe 'an operator-level session' {
    BeforeAll {
        $be = 'opsrv'
        Add-HaproxyBackend -Name $be -From mydefaults
        Add-HaproxyServer -Backend $be -Name s1 -Address 127.0.0.1 -Port $lab.DynamicAppPort -Option 'agent-check', "agent-port $(Get-FreeTcpPort)", 'agent-inter 1h'
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
    }

    AfterAll {
        if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
        Remove-LabBackend -Lab $lab $be
    }

    It 'is at operator level (precondition)' {
        (Invoke-LabSocket -Lab $lab -Socket $lab.OperatorSocket -Command 'show cli level') | Should -BeExactly 'operator'
    }

    It 'Get-HaproxyServer works, with the show stat figures merged' {
        $server = Get-HaproxyServer -Session $operator -Backend $be -Name s1
        $server.Status | Should -BeExactly 'MAINT'
        $server.Session | Should -Be $operator.Name
    }

    It '<Cmd> is HaproxyPermissionDenied and changes nothing' -ForEach @(
        @{ Cmd = 'Set-HaproxyServer -Weight'; Script = { Set-HaproxyServer -Session $operator -Backend $be -Name s1 -Weight 9 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Set-HaproxyServer -Address'; Script = { Set-HaproxyServer -Session $operator -Backend $be -Name s1 -Address 127.0.0.5 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Set-HaproxyServer -MaxConn'; Script = { Set-HaproxyServer -Session $operator -Backend $be -Name s1 -MaxConn 9 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Enable-HaproxyAgentCheck'; Script = { Enable-HaproxyAgentCheck -Session $operator -Backend $be -Name s1 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Disable-HaproxyAgentCheck'; Script = { Disable-HaproxyAgentCheck -Session $operator -Backend $be -Name s1 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Stop-HaproxyServerStreams'; Script = { Stop-HaproxyServerStreams -Session $operator -Backend $be -Name s1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
    ) {
        $before = Get-LabServerRow -Lab $lab $be s1
        $err = @(& $Script)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $after = Get-LabServerRow -Lab $lab $be s1
        ($after.PSObject.Properties | Where-Object Name -ne 'srv_time_since_last_change' | ForEach-Object { "$($_.Name)=$($_.Value)" }) |
            Should -Be ($before.PSObject.Properties | Where-Object Name -ne 'srv_time_since_last_change' | ForEach-Object { "$($_.Name)=$($_.Value)" })
        (Get-LabStat -Lab $lab $be s1).slim | Should -BeExactly ''
    }
}
