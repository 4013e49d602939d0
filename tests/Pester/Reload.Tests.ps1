# A reload in master-worker mode does not close existing worker-CLI connections: they stay on the old, stopping
# worker (protocol notes §10), where a change would be applied to a process about to exit. The session checks its
# connection after an idle period and moves to the new worker; these tests reload a real HAProxy 3.4.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab -MasterWorker
    $session = Connect-Haproxy -Endpoint $lab.AdminSocket -Timeout 5s

    function Get-WorkerPid {
        # A fresh connection always reaches the current worker.
        [int](Get-LabInfo -Lab $lab).Pid
    }

    function Invoke-Reload {
        $before = Get-WorkerPid
        $answer = Invoke-LabSocket -Lab $lab -Command 'reload' -Socket $lab.MasterSocket
        $answer | Should -BeLike 'Success=1*'
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ((Get-WorkerPid) -eq $before) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'No new worker within 10 s of the reload.' }
            Start-Sleep -Milliseconds 100
        }
        Get-WorkerPid
    }
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'A session across a master-worker reload' {
    It 'starts on the current worker' {
        $session.ProcessId | Should -Be (Get-WorkerPid)
        Get-HaproxyInfo | Select-Object -ExpandProperty Stopping | Should -BeFalse
    }

    It 'after an idle second, moves to the new worker: the change lands where traffic is' {
        $oldPid = $session.ProcessId
        $newPid = Invoke-Reload
        $newPid | Should -Not -Be $oldPid
        Start-Sleep -Milliseconds 1500   # idle longer than the session's RevalidateAfterIdle (1 s)

        Add-HaproxyMapEntry -Map virt@paths.map -Key /after-reload -Value webservers

        $session.ProcessId | Should -Be $newPid
        $session.ReloadsDetected | Should -Be 1
        # A fresh connection (the new worker) sees the entry.
        (Invoke-LabSocket -Lab $lab -Command 'show map virt@paths.map') | Should -Match '/after-reload webservers'
        (Get-HaproxyInfo).Stopping | Should -BeFalse
    }

    It 're-learns the version and PID of the new worker' {
        $session.Version | Should -Not -BeNullOrEmpty
        $session.ProcessId | Should -Be (Get-WorkerPid)
    }
}
