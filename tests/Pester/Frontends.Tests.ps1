# Frontends and process-wide limits (Get-/Enable-/Disable-/Set-HaproxyFrontend, Set-HaproxyGlobal) against a real
# HAProxy 3.4 on loopback. Every change is checked through the lab's own socket ('show stat', 'show info'), and the
# effect of pausing a frontend with a real HTTP request to it (loopback, bounded timeouts).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
    $initialSlim = (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim
}

AfterAll {
    if ($lab) {
        $null = Invoke-LabSocket -Lab $lab -Command 'enable frontend myfrontend1'
    }
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Get-HaproxyFrontend' {
    It 'lists every frontend, with the figures of show stat' {
        $frontends = @(Get-HaproxyFrontend)
        ($frontends | ForEach-Object Name) | Should -Be (Get-LabFrontendNames -Lab $lab)
        ($frontends | ForEach-Object Name) | Should -Be @('myfrontend1', 'app-default', 'app-dynamic')
        foreach ($f in $frontends) {
            $f | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyFrontend'
            $stat = Get-LabStat -Lab $lab $f.Name FRONTEND
            "$($f.Id)" | Should -BeExactly $stat.iid
            $f.Status | Should -BeExactly 'OPEN'
            $f.Mode | Should -BeExactly 'http'
            "$($f.SessionLimit)" | Should -BeExactly $stat.slim
            $f.Session | Should -Be $session.Name
        }
    }

    It 'counts the requests served (TotalSessions, RequestsTotal)' {
        $before = Get-HaproxyFrontend -Name myfrontend1
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
        $after = Get-HaproxyFrontend -Name myfrontend1
        $after.TotalSessions | Should -Be ($before.TotalSessions + 1)
        $after.RequestsTotal | Should -Be ($before.RequestsTotal + 1)
        "$($after.TotalSessions)" | Should -BeExactly (Get-LabStat -Lab $lab myfrontend1 FRONTEND).stot
    }

    It 'selects with wildcards; a pattern that matches nothing is not an error' {
        @(Get-HaproxyFrontend -Name app* | ForEach-Object Name) | Should -Be @('app-default', 'app-dynamic')
        $out = @(Get-HaproxyFrontend -Name 'zz*' -ErrorVariable err)
        $out | Should -HaveCount 0
        $err | Should -HaveCount 0
    }

    It 'an exact name that does not exist is HaproxyObjectNotFound; the other names are still listed' {
        $out = @(Get-HaproxyFrontend -Name nosuch, myfrontend1 -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly 'nosuch'
        ($out | ForEach-Object Name) | Should -Be @('myfrontend1')
    }

    It 'a backend''s name is not a frontend' {
        Get-HaproxyFrontend -Name webservers -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'takes names from the pipeline' {
        @('app-dynamic', 'myfrontend1' | Get-HaproxyFrontend | ForEach-Object Name) | Should -Be @('app-dynamic', 'myfrontend1')
    }
}

Describe 'Disable-HaproxyFrontend / Enable-HaproxyFrontend' {
    It 'the frontend serves requests (precondition)' {
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It 'Disable -WhatIf shows the command and changes nothing' {
        $lines = Get-WhatIfLines { Disable-HaproxyFrontend -Name myfrontend1 -PassThru -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Disable frontend ('disable frontend myfrontend1')`" on target `"myfrontend1`".")
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It 'Disable makes the status PAUSED and new requests are refused' {
        $records = @(Disable-HaproxyFrontend -Name myfrontend1 -Confirm:$false -PassThru -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] disable frontend myfrontend1"
        $out = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyFrontend] })
        $out | Should -HaveCount 1
        $out[0].Status | Should -BeExactly 'PAUSED'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'PAUSED'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-LabRequest -Lab $lab -TimeoutSec 3 } | Should -Throw
        $sw.Stop()
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 4
        # The other frontends are untouched.
        (Get-LabStat -Lab $lab app-default FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It 'disabling an already disabled frontend changes nothing and is not an error' {
            # disabled." (severity 5, nothing to do); the module expects an empty answer and reports
        # HaproxyUnexpectedResponse. Same for 'enable frontend' on an open one ("All sockets are already enabled.").
        Disable-HaproxyFrontend -Name myfrontend1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'PAUSED'
    }

    It 'Enable restores OPEN and the request works again' {
        $out = @(Enable-HaproxyFrontend -Name myfrontend1 -PassThru)
        $out | Should -HaveCount 1
        $out[0].Status | Should -BeExactly 'OPEN'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It 'enabling an already enabled frontend changes nothing and is not an error' {
            Enable-HaproxyFrontend -Name myfrontend1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It 'an established connection survives Disable; the frontend accepts new ones only after Enable' {
        $held = New-HeldConnection -Lab $lab -Backend heldfe
        try {
            (Get-LabStat -Lab $lab myfrontend1 FRONTEND).scur | Should -BeExactly '1'
            Disable-HaproxyFrontend -Name myfrontend1 -Confirm:$false
            Test-SocketClosed -Client $held.Client -TimeoutMs 500 | Should -BeFalse
            (Get-LabStat -Lab $lab myfrontend1 FRONTEND).scur | Should -BeExactly '1'
            { Invoke-LabRequest -Lab $lab -TimeoutSec 3 } | Should -Throw
            # The held request is still forwarded end to end: the test's listener answers and the client gets it.
            $body = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Length: 4`r`nConnection: close`r`n`r`nheld")
            $held.Accepted.GetStream().Write($body, 0, $body.Length)
            $held.Client.Client.ReceiveTimeout = 3000
            $reader = [System.IO.StreamReader]::new($held.Client.GetStream())
            $reader.ReadLine() | Should -BeExactly 'HTTP/1.1 200 OK'
            Enable-HaproxyFrontend -Name myfrontend1
            Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
        }
        finally {
            $null = Invoke-LabSocket -Lab $lab -Command 'enable frontend myfrontend1'
            Close-HeldConnection $held -RemoveBackend
        }
    }

    It 'a piped HaproxyFrontend and a piped name both bind -InputObject' {
        Get-HaproxyFrontend -Name myfrontend1 | Disable-HaproxyFrontend -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'PAUSED'
        'myfrontend1' | Enable-HaproxyFrontend -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It 'a piped HaproxyServer is refused by parameter binding and nothing is sent' {
        $records = @(Get-HaproxyServer -Backend webservers | Disable-HaproxyFrontend -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*disable frontend*' }) | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }

    It '<Cmd> on <What> is HaproxyObjectNotFound' -ForEach @(
        @{ Cmd = 'Enable-HaproxyFrontend'; What = 'an unknown frontend'; Script = { Enable-HaproxyFrontend -Name nosuch -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Disable-HaproxyFrontend'; What = 'an unknown frontend'; Script = { Disable-HaproxyFrontend -Name nosuch -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Disable-HaproxyFrontend'; What = 'a backend'; Script = { Disable-HaproxyFrontend -Name webservers -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
    ) {
        $err = @(& $Script)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].Exception.Message | Should -BeLike '*No such frontend.*'
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It 'an invalid name is InvalidHaproxyArgument and nothing is sent' {
        $records = @(Disable-HaproxyFrontend -Name 'myfrontend1;enable frontend x' -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*frontend*' -and $_.StartsWith('[') }) | Should -HaveCount 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
    }
}

Describe 'Set-HaproxyFrontend' {
    AfterAll {
        foreach ($name in Get-LabFrontendNames -Lab $lab) { $null = Invoke-LabSocket -Lab $lab -Command "set maxconn frontend $name $initialSlim" }
    }

    It '-MaxConn sets the frontend''s maxconn (slim); -PassThru shows it as SessionLimit' {
        $records = @(Set-HaproxyFrontend -Name myfrontend1 -MaxConn 123 -PassThru -Verbose 4>&1)
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set maxconn frontend myfrontend1 123"
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim | Should -BeExactly '123'
        $out = @($records | Where-Object { $_ -is [HaproxyRuntime.Client.Models.HaproxyFrontend] })
        $out | Should -HaveCount 1
        $out[0].SessionLimit | Should -Be 123
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It '-MaxConn 0 is not "unlimited": the frontend then accepts no new connection until it is raised' {
        Set-HaproxyFrontend -Name myfrontend1 -MaxConn 0
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim | Should -BeExactly '0'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).status | Should -BeExactly 'OPEN'
        { Invoke-LabRequest -Lab $lab -TimeoutSec 3 } | Should -Throw
        Set-HaproxyFrontend -Name myfrontend1 -MaxConn 123
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It 'Get-HaproxyFrontend | Set-HaproxyFrontend changes each piped frontend' {
        Get-HaproxyFrontend -Name app* | Set-HaproxyFrontend -MaxConn 77 -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabStat -Lab $lab app-default FRONTEND).slim | Should -BeExactly '77'
        (Get-LabStat -Lab $lab app-dynamic FRONTEND).slim | Should -BeExactly '77'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim | Should -BeExactly '123'
    }

    It 'a piped name binds -InputObject' {
        'app-dynamic' | Set-HaproxyFrontend -MaxConn 78
        (Get-LabStat -Lab $lab app-dynamic FRONTEND).slim | Should -BeExactly '78'
    }

    It '-WhatIf shows the command and changes nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyFrontend -Name myfrontend1 -MaxConn 5 -PassThru -WhatIf }
        $lines | Should -BeExactly @("What if: Performing the operation `"Set maxconn to 5 ('set maxconn frontend myfrontend1 5')`" on target `"myfrontend1`".")
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim | Should -BeExactly '123'
    }

    It 'an unknown frontend is HaproxyObjectNotFound with the name as target' {
        Set-HaproxyFrontend -Name nosuch -MaxConn 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly 'nosuch'
    }

    It 'a negative -MaxConn is refused by PowerShell before anything is sent' {
        { Set-HaproxyFrontend -Name myfrontend1 -MaxConn -1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HaproxyRuntime.PowerShell.Commands.SetHaproxyFrontendCommand'
        (Get-LabStat -Lab $lab myfrontend1 FRONTEND).slim | Should -BeExactly '123'
    }
}

Describe 'Set-HaproxyGlobal' {
    BeforeAll {
        $hard = (Get-LabInfo -Lab $lab).Hard_maxconn
    }

    AfterAll {
        foreach ($c in "set maxconn global $hard", 'set rate-limit connections global 0', 'set rate-limit sessions global 0',
            'set rate-limit ssl-sessions global 0', 'set rate-limit http-compression global 0') { $null = Invoke-LabSocket -Lab $lab -Command $c }
    }

    It 'starts without limits (precondition)' {
        $info = Get-LabInfo -Lab $lab
        $info.Maxconn | Should -BeExactly $hard
        $info.ConnRateLimit | Should -BeExactly '0'
        $info.SessRateLimit | Should -BeExactly '0'
    }

    It '-MaxConn sets the global maxconn (show info Maxconn)' {
        $records = @(Set-HaproxyGlobal -MaxConn 1234 -Confirm:$false -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        Get-VerboseLines $records | Should -Contain "[$($session.Name)] set maxconn global 1234"
        (Get-LabInfo -Lab $lab).Maxconn | Should -BeExactly '1234'
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }

    It 'the rate limits, in the documented order, are visible in show info' {
        $records = @(Set-HaproxyGlobal -CompressionRateLimit 88 -SslSessionRateLimit 77 -SessionRateLimit 66 -ConnectionRateLimit 55 -Confirm:$false -Verbose -ErrorVariable err 4>&1)
        $err | Should -HaveCount 0
        @(Get-VerboseLines $records | Where-Object { $_.StartsWith('[') }) | Should -Be @(
            "[$($session.Name)] set rate-limit connections global 55"
            "[$($session.Name)] set rate-limit sessions global 66"
            "[$($session.Name)] set rate-limit ssl-sessions global 77"
            "[$($session.Name)] set rate-limit http-compression global 88"
        )
        $info = Get-LabInfo -Lab $lab
        $info.ConnRateLimit | Should -BeExactly '55'
        $info.SessRateLimit | Should -BeExactly '66'
        $info.SslRateLimit | Should -BeExactly '77'
        $info.CompressBpsRateLim | Should -BeExactly '90112'   # kB/s x 1024
    }

    It '-PassThru writes show info: MaxConn typed, rate limits in Fields' {
        $out = @(Set-HaproxyGlobal -MaxConn 1500 -SessionRateLimit 0 -Confirm:$false -PassThru)
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType 'HaproxyRuntime.Client.Models.HaproxyProcessInfo'
        $out[0].MaxConn | Should -Be 1500
        $out[0].Fields['SessRateLimit'] | Should -BeExactly '0'
        $out[0].Fields['ConnRateLimit'] | Should -BeExactly '55'
        (Get-LabInfo -Lab $lab).SessRateLimit | Should -BeExactly '0'
    }

    It '-MaxConn 0 restores the starting maxconn (Hard_maxconn)' {
        Set-HaproxyGlobal -MaxConn 0 -Confirm:$false -ErrorVariable err
        $err | Should -HaveCount 0
        (Get-LabInfo -Lab $lab).Maxconn | Should -BeExactly $hard
    }

    It 'a -MaxConn above the hard limit is HaproxyInvalidCommand, and the limits after it are not sent' {
        $before = Get-LabInfo -Lab $lab
        $records = @(Set-HaproxyGlobal -MaxConn ([int]$hard + 1) -ConnectionRateLimit 5 -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidCommand,*'
        $err[0].Exception.Message | Should -BeLike '*Value out of range.*'
        $err[0].TargetObject | Should -BeExactly 'global'
        @(Get-VerboseLines $records | Where-Object { $_ -like '*rate-limit*' -and $_.StartsWith('[') }) | Should -HaveCount 0
        $after = Get-LabInfo -Lab $lab
        $after.Maxconn | Should -BeExactly $before.Maxconn
        $after.ConnRateLimit | Should -BeExactly '55'
    }

    It '-WhatIf shows each command and changes nothing' {
        $lines = Get-WhatIfLines { Set-HaproxyGlobal -MaxConn 100 -ConnectionRateLimit 1 -PassThru -WhatIf }
        $lines | Should -BeExactly @(
            "What if: Performing the operation `"Set maxconn to 100 ('set maxconn global 100')`" on target `"global`"."
            "What if: Performing the operation `"Set connections rate limit to 1 ('set rate-limit connections global 1')`" on target `"global`"."
        )
        $info = Get-LabInfo -Lab $lab
        $info.Maxconn | Should -BeExactly $hard
        $info.ConnRateLimit | Should -BeExactly '55'
    }

    It 'no limit at all is InvalidHaproxyArgument' {
        Set-HaproxyGlobal -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
    }

    It 'a negative value is refused by PowerShell' {
        { Set-HaproxyGlobal -ConnectionRateLimit -1 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,HaproxyRuntime.PowerShell.Commands.SetHaproxyGlobalCommand'
    }
}

Describe 'an operator-level session' {
    BeforeAll {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -Timeout 5s -NoDefault
    }

    AfterAll {
        if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
    }

    It 'is at operator level (precondition)' {
        (Invoke-LabSocket -Lab $lab -Socket $lab.OperatorSocket -Command 'show cli level') | Should -BeExactly 'operator'
    }

    It 'Get-HaproxyFrontend works' {
        $out = @(Get-HaproxyFrontend -Session $operator)
        ($out | ForEach-Object Name) | Should -Be (Get-LabFrontendNames -Lab $lab)
        $out[0].Session | Should -Be $operator.Name
    }

    It '<Cmd> is HaproxyPermissionDenied and changes nothing' -ForEach @(
        @{ Cmd = 'Disable-HaproxyFrontend'; Script = { Disable-HaproxyFrontend -Session $operator -Name myfrontend1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Enable-HaproxyFrontend'; Script = { Enable-HaproxyFrontend -Session $operator -Name myfrontend1 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Set-HaproxyFrontend'; Script = { Set-HaproxyFrontend -Session $operator -Name myfrontend1 -MaxConn 3 -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Set-HaproxyGlobal -MaxConn'; Script = { Set-HaproxyGlobal -Session $operator -MaxConn 100 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        @{ Cmd = 'Set-HaproxyGlobal -ConnectionRateLimit'; Script = { Set-HaproxyGlobal -Session $operator -ConnectionRateLimit 3 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
    ) {
        $beforeStat = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        $beforeInfo = Get-LabInfo -Lab $lab
        $err = @(& $Script)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $afterStat = Get-LabStat -Lab $lab myfrontend1 FRONTEND
        $afterStat.status | Should -BeExactly $beforeStat.status
        $afterStat.slim | Should -BeExactly $beforeStat.slim
        $afterInfo = Get-LabInfo -Lab $lab
        $afterInfo.Maxconn | Should -BeExactly $beforeInfo.Maxconn
        $afterInfo.ConnRateLimit | Should -BeExactly $beforeInfo.ConnRateLimit
        Invoke-LabRequest -Lab $lab -TimeoutSec 3 | Should -BeExactly 'served by webservers'
    }
}
