# The master CLI (haproxy -W -S): Connect-Haproxy detects it, worker commands run on a worker session opened through it
# (@@, HAProxy 3.2+), -Worker routes to any process, Get-HaproxyProcess and Invoke-HaproxyReload are the master's own.
# Every check reads HAProxy's state through the lab's own sockets, not through the module.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function Get-RawProcesses {
        # 'show proc' through the master socket, as pid/section pairs.
        param($Lab)
        $section = 'master'
        foreach ($line in ((Invoke-LabSocket -Lab $Lab -Command 'show proc' -Socket $Lab.MasterSocket -HalfClose) -split "`n")) {
            if ($line -match '^# ?(.+?)\s*$' -and $line -notmatch '^#<PID>') { $section = $Matches[1]; continue }
            if ($line -match '^(\d+)\s+(\S+)') { [pscustomobject]@{ Pid = [int]$Matches[1]; Section = $section } }
        }
    }

    function Wait-NewWorker {
        param($Lab, [int] $Old)
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while (($worker = @(Get-RawProcesses $Lab | Where-Object Section -EQ 'workers')[0].Pid) -eq $Old) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "No new worker within 15 s (still $Old)." }
            Start-Sleep -Milliseconds 100
        }
        $worker
    }
}

Describe 'a master CLI session on HAProxy 3.4' {
    BeforeAll {
        $lab = Start-HaproxyLab -MasterWorker
        $master = Connect-Haproxy -Endpoint $lab.MasterSocket -Timeout 10s -NoDefault
        $good = Get-Content -Raw -LiteralPath $lab.ConfigPath
    }
    AfterAll {
        if ($master) { Disconnect-Haproxy -Session $master -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'is detected: the session knows it is a master and runs on the current worker' {
        $master.IsMaster | Should -BeTrue
        $master.Worker | Should -BeExactly '1'
        $master.MasterVersion | Should -Match '^3\.4\.'
        $master.ProcessId | Should -Be ([int](Get-LabInfo -Lab $lab).Pid)
        $master.ProcessId | Should -Not -Be $lab.ProcessId -Because 'the pid file holds the master, the session works on its worker'
        (Connect-Haproxy -Endpoint $lab.AdminSocket -NoDefault -Timeout 5s).IsMaster | Should -BeFalse
    }

    It 'Get-HaproxyProcess lists what show proc lists, typed' {
        $raw = @(Get-RawProcesses $lab)
        $processes = @(Get-HaproxyProcess -Session $master)
        ($processes | ForEach-Object ProcessId) | Should -Be ($raw | ForEach-Object Pid)
        $processes[0].Type | Should -Be 'Master'
        $processes[0].ProcessId | Should -Be $lab.ProcessId
        $processes[0].FailedReloads | Should -Not -BeNullOrEmpty
        $processes[0].AnsweredBy | Should -BeNullOrEmpty -Because 'the master answered, not the worker'
        $worker = $processes | Where-Object Type -EQ Worker
        $worker.IsCurrent | Should -BeTrue
        $worker.Worker | Should -BeExactly '1'
        $worker.Version | Should -BeExactly $master.Version
        $worker.Uptime | Should -BeOfType [timespan]
        @(Get-HaproxyProcess -Session $master -Type Worker) | Should -HaveCount 1
        (Get-HaproxyProcess -Session $master -Worker "!$($worker.ProcessId)").ProcessId | Should -Be $worker.ProcessId
    }

    It 'runs worker commands (reads, changes, pipelines) on the worker, objects saying which process answered' {
        Add-HaproxyMapEntry -Map $lab.PathsMap -Key /m1 -Value webservers -Session $master
        1..50 | ForEach-Object { [pscustomobject]@{ Key = "/bulk$_"; Value = 'webservers' } } | Add-HaproxyMapEntry -Map $lab.PathsMap -Session $master
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 51
        $backend = Get-HaproxyBackend webservers -Session $master
        $backend.AnsweredBy | Should -Be $master.ProcessId
        $backend.Session | Should -BeExactly $master.Name
        Clear-HaproxyMap $lab.PathsMap -Session $master -Confirm:$false
        @(Get-LabMapLines -Lab $lab $lab.PathsMap) | Should -HaveCount 0
    }

    It 'refuses a worker HAProxy cannot find, typed, and the session still works' {
        { Get-HaproxyInfo -Session $master -Worker '!999999' -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyObjectNotFound,*'
        { Get-HaproxyInfo -Session $master -Worker 'two' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        (Get-HaproxyInfo -Session $master).ProcessId | Should -Be $master.ProcessId
    }

    It 'refuses every -Worker that is not a process the master names, typed, sending nothing else' {
        $before = Get-LabStateText -Lab $lab -Map $lab.PathsMap
        $nasty = @('1;show info', "1`nshow info", "1`rx", '!1 <<', ' ', '@@1', '!abc', '-1', '99999999999', "1`0", '1 2', '!', '@', '1\;del map x', ('9' * 9000), 'virt@x', '#1', '!-5', '１')
        foreach ($value in $nasty) {
            $errors = @()
            $null = Get-HaproxyInfo -Session $master -Worker $value -ErrorAction SilentlyContinue -ErrorVariable errors
            $errors | Should -HaveCount 1 -Because "-Worker '$value' is no worker"
            $errors[0].FullyQualifiedErrorId | Should -Match '^(InvalidHaproxyArgument|HaproxyObjectNotFound|ParameterArgumentValidationError)' -Because "-Worker '$value'"
        }
        Get-LabStateText -Lab $lab -Map $lab.PathsMap | Should -BeExactly $before
        (Get-HaproxyInfo -Session $master).ProcessId | Should -Be $master.ProcessId
    }

    It 'reloads: Invoke-HaproxyReload -PassThru returns the new worker, and the session follows it' {
        $old = $master.ProcessId
        $new = Invoke-HaproxyReload -Session $master -PassThru -WarningAction SilentlyContinue -Confirm:$false
        $new.Type | Should -Be 'Worker'
        $new.IsCurrent | Should -BeTrue
        $new.ProcessId | Should -Not -Be $old
        $new.ProcessId | Should -Be (@(Get-RawProcesses $lab | Where-Object Section -EQ 'workers')[0].Pid)
        (Get-HaproxyInfo -Session $master).ProcessId | Should -Be $new.ProcessId -Because 'the reload closed the worker session; the next command opened one on the new worker'
        (Get-HaproxyProcess -Session $master)[0].Reloads | Should -BeGreaterThan 0
    }

    It 'reaches an old worker with -Worker, and objects read there pipe back to it' {
        # A client connection held open keeps the old worker alive after the reload.
        $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $lab.FrontendPort)
        try {
            $null = Invoke-HaproxyReload -Session $master -WarningAction SilentlyContinue -Confirm:$false
            $old = Get-HaproxyProcess -Session $master | Where-Object { $_.Type -eq 'Worker' -and -not $_.IsCurrent } | Select-Object -First 1
            $old | Should -Not -BeNullOrEmpty
            $old.Worker | Should -BeExactly "!$($old.ProcessId)"
            $info = Get-HaproxyInfo -Session $master -Worker $old.Worker
            $info.ProcessId | Should -Be $old.ProcessId
            $info.Stopping | Should -BeTrue
            $info.AnsweredBy | Should -Be $old.ProcessId
            $info.Session | Should -BeExactly "$($master.Name)@!$($old.ProcessId)"
            # Piped by property name: the routed session's name brings the next command to the same process.
            ($info | Get-HaproxyInfo).ProcessId | Should -Be $old.ProcessId
            (Get-HaproxyInfo -Session $master).ProcessId | Should -Not -Be $old.ProcessId
        }
        finally { $client.Dispose() }
    }

    It 'a reload of a broken configuration is an error carrying the startup log, and the previous worker keeps serving' {
        $before = $master.ProcessId
        try {
            Set-Content -LiteralPath $lab.ConfigPath -Value ($good + "`nbackend broken`n    server s1 127.0.0.1:1 bogus-keyword`n") -Encoding ascii
            $err = Get-ThrownError { Invoke-HaproxyReload -Session $master -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyInvalidOperation,*'
            $err.Exception.Message | Should -Match 'The reload failed'
            $err.Exception.Message | Should -Match 'ALERT.*bogus-keyword'
            (Get-HaproxyInfo -Session $master).ProcessId | Should -Be $before
            Invoke-LabRequest -Lab $lab | Should -BeExactly 'served by webservers'
            $log = @(Get-HaproxyStartupLog -Master -Session $master)
            @($log | Where-Object { $_.Level -eq 'ALERT' -and $_.Message -match 'bogus-keyword' }) | Should -Not -BeNullOrEmpty
            (Get-HaproxyProcess -Session $master)[0].FailedReloads | Should -BeGreaterThan 0
        }
        finally { Set-Content -LiteralPath $lab.ConfigPath -Value $good -NoNewline -Encoding ascii }
        $null = Invoke-HaproxyReload -Session $master -Confirm:$false -WarningAction SilentlyContinue
        (Get-HaproxyInfo -Session $master).ProcessId | Should -Not -Be $before
    }

    It 'master commands on a worker socket, and -Worker there, fail typed with nothing sent' {
        $worker = Connect-Haproxy -Endpoint $lab.AdminSocket -NoDefault -Timeout 5s
        try {
            { Get-HaproxyProcess -Session $worker -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyNotSupported,*'
            { Invoke-HaproxyReload -Session $worker -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyNotSupported,*'
            { Get-HaproxyInfo -Session $worker -Worker 1 -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyNotSupported,*'
            { Invoke-HaproxyReload -Session $master -Worker 1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidHaproxyArgument,*'
        }
        finally { Disconnect-Haproxy -Session $worker -Confirm:$false }
    }

    It '-WhatIf shows the reload and sends nothing' {
        $reloads = (Get-HaproxyProcess -Session $master)[0].Reloads
        Invoke-HaproxyReload -Session $master -WhatIf
        Invoke-HaproxyReload -Session $master -Hard -WhatIf
        (Get-HaproxyProcess -Session $master)[0].Reloads | Should -Be $reloads
    }
}

Describe 'a master CLI session on HAProxy <_>' -ForEach @('3.2', '3.0', '2.6') {
    BeforeAll {
        $line = $_
        $lab = Start-HaproxyLab -MasterWorker -HaproxyPath (Resolve-HaproxyBinary -Line $line)
        $master = Connect-Haproxy -Endpoint $lab.MasterSocket -Timeout 10s -NoDefault
        $good = Get-Content -Raw -LiteralPath $lab.ConfigPath
        $reachesWorkers = [version]$line -ge [version]'3.2'
    }
    AfterAll {
        if ($master) { Disconnect-Haproxy -Session $master -Confirm:$false }
        if ($lab) { Stop-HaproxyLab -Lab $lab }
    }

    It 'is detected, and lists its processes' {
        $master.IsMaster | Should -BeTrue
        $master.MasterVersion | Should -Match "^$([regex]::Escape($line))\."
        ((Get-HaproxyProcess -Session $master) | ForEach-Object ProcessId) | Should -Be (Get-RawProcesses $lab | ForEach-Object Pid)
    }

    It 'runs worker commands through the master from 3.2; before, refuses them typed with nothing sent' {
        if ($reachesWorkers) {
            $master.CanReachWorkers | Should -BeTrue
            (Get-HaproxyInfo -Session $master).ProcessId | Should -Be ([int](Get-LabInfo -Lab $lab).Pid)
        }
        else {
            $master.CanReachWorkers | Should -BeFalse
            $err = Get-ThrownError { Get-HaproxyBackend -Session $master -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyFeatureNotSupported,*'
            $err.Exception.Message | Should -Match "worker's stats socket"
        }
    }

    It 'reloads with its true outcome, a broken configuration included' {
        $before = @(Get-RawProcesses $lab | Where-Object Section -EQ 'workers')[0].Pid
        $null = Invoke-HaproxyReload -Session $master -Confirm:$false -WarningAction SilentlyContinue
        $after = Wait-NewWorker $lab -Old $before
        try {
            Set-Content -LiteralPath $lab.ConfigPath -Value ($good + "`nbackend broken`n    server s1 127.0.0.1:1 bogus-keyword`n") -Encoding ascii
            { Invoke-HaproxyReload -Session $master -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Stop } | Should -Throw -ErrorId 'HaproxyInvalidOperation,*'
            # A failed reload keeps the previous worker, listed among the old workers from then on.
            @(Get-RawProcesses $lab | ForEach-Object Pid) | Should -Contain $after
            Invoke-LabRequest -Lab $lab | Should -BeExactly 'served by webservers'
        }
        finally { Set-Content -LiteralPath $lab.ConfigPath -Value $good -NoNewline -Encoding ascii }
    }
}
