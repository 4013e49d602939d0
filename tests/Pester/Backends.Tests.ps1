# Backends: Add-/Get-/Publish-/Unpublish-/Remove-HaproxyBackend against a real HAProxy 3.4, with HAProxy's state
# checked after every change through the lab's own socket (independent of the module).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $lab = Start-HaproxyLab
    $session = Connect-Haproxy -Endpoint $lab.AdminEndpoint -Timeout 5s
}

AfterAll {
    if ($session) { Disconnect-Haproxy -Session $session -Confirm:$false }
    if ($lab) { Stop-HaproxyLab -Lab $lab }
}

Describe 'Add-HaproxyBackend' {
    AfterAll { Remove-LabBackend -Lab $lab addb1, addtcp, 'x.y:z-1_2' }

    It 'adds an unpublished backend and returns it with -PassThru' {
        $backend = Add-HaproxyBackend -Name addb1 -From mydefaults -PassThru
        @($backend).Count | Should -Be 1
        $backend.GetType().FullName | Should -Be 'HaproxyRuntime.Client.Models.HaproxyBackend'
        $backend.Name | Should -Be 'addb1'
        $backend.Published | Should -BeFalse
        $backend.Mode | Should -Be 'http'
        $backend.ActiveServers | Should -Be 0
        $backend.Session | Should -Be $session.Name
        Get-LabBackendNames -Lab $lab | Should -Contain 'addb1'
        Get-LabBackendStatus -Lab $lab addb1 | Should -BeLike '*(UNPUB)*'
    }

    It 'writes nothing without -PassThru' {
        $out = @(Add-HaproxyBackend -Name addtcp -From mydefaults -Mode tcp)
        $out.Count | Should -Be 0
    }

    It 'creates a tcp backend with -Mode tcp' {
        (Get-HaproxyBackend -Name addtcp).Mode | Should -Be 'tcp'
        (Get-LabStat -Lab $lab addtcp BACKEND).mode | Should -BeExactly 'tcp'
    }

    It 'accepts every character HAProxy allows in a name, and -Guid' {
        $backend = Add-HaproxyBackend -Name 'x.y:z-1_2' -From mydefaults -Guid 'pester-guid-1' -PassThru
        $backend.Name | Should -Be 'x.y:z-1_2'
        Get-LabBackendNames -Lab $lab | Should -Contain 'x.y:z-1_2'
    }

    It 'refuses a duplicate name with HaproxyObjectExists / ResourceExists' {
        $err = Get-ThrownError { Add-HaproxyBackend -Name addb1 -From mydefaults -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.TargetObject | Should -Be 'addb1'
        @(Get-LabBackendNames -Lab $lab | Where-Object { $_ -eq 'addb1' }).Count | Should -Be 1
    }

    It 'refuses an existing static backend name with HaproxyObjectExists' {
        $err = Get-ThrownError { Add-HaproxyBackend -Name webservers -From mydefaults -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectExists,*'
    }

    It 'reports unknown defaults with HaproxyObjectNotFound and creates nothing' {
        $err = Get-ThrownError { Add-HaproxyBackend -Name nodefs -From nosuchdefaults -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -BeLike '*nosuchdefaults*'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'nodefs'
    }

    It 'refuses the invalid name <Label> with InvalidHaproxyArgument and sends nothing' -ForEach @(
        @{ Label = "'bad name'"; Name = 'bad name' }
        @{ Label = "'a;b'"; Name = 'a;b' }
        @{ Label = 'a LF b'; Name = "a`nb" }
        @{ Label = "'a<<'"; Name = 'a<<' }
    ) {
        $before = @(Get-LabBackendNames -Lab $lab)
        $ev = $null
        $out = @(Add-HaproxyBackend -Name $Name -From mydefaults -PassThru -ErrorAction SilentlyContinue -ErrorVariable ev -Verbose 4>&1)
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        # -Verbose prints every CLI line sent: none was.
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message.StartsWith("[$($session.Name)] ") }).Count | Should -Be 0
        @(Get-LabBackendNames -Lab $lab) | Should -Be $before
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'a'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'bad'
    }

    It 'refuses an invalid defaults name with InvalidHaproxyArgument' {
        $err = Get-ThrownError { Add-HaproxyBackend -Name okname -From 'my defaults' -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidHaproxyArgument,*'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'okname'
    }

    It 'shows the exact CLI line with -Verbose' {
        $verbose = @(Add-HaproxyBackend -Name vb1 -From mydefaults -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        try {
            $sent = @($verbose | Where-Object { $_.Message.StartsWith("[$($session.Name)] ") })
            $sent.Count | Should -Be 1
            $segments = $sent[0].Message.Substring($session.Name.Length + 3) -split ';'
            $segments | Should -Contain 'add backend vb1 from mydefaults'
            Get-LabBackendNames -Lab $lab | Should -Contain 'vb1'
        }
        finally { Remove-LabBackend -Lab $lab vb1 }
    }
}

Describe 'Get-HaproxyBackend' {
    BeforeAll {
        Add-HaproxyBackend -Name mybe1 -From mydefaults
        Add-HaproxyBackend -Name mybe2 -From mydefaults
        Add-HaproxyBackend -Name otherbe -From mydefaults
    }
    AfterAll { Remove-LabBackend -Lab $lab mybe1, mybe2, otherbe }

    It 'lists the static and the dynamic backends' {
        $all = @(Get-HaproxyBackend)
        $names = @($all | ForEach-Object Name)
        $names | Should -Contain 'webservers'
        $names | Should -Contain 'mybe1'
        $names | Should -Contain 'mybe2'
        $names | Should -Contain 'otherbe'
        # Exactly the backends HAProxy reports.
        @($names | Sort-Object) | Should -Be @(Get-LabBackendNames -Lab $lab | Sort-Object)
        ($all | Where-Object Name -EQ 'webservers').Published | Should -BeTrue
        ($all | Where-Object Name -EQ 'webservers').ActiveServers | Should -Be 1
        ($all | Where-Object Name -EQ 'mybe1').Published | Should -BeFalse
    }

    It 'filters with a wildcard' {
        @(Get-HaproxyBackend -Name 'my*' | ForEach-Object Name | Sort-Object) | Should -Be @('mybe1', 'mybe2')
        @(Get-HaproxyBackend 'web*').Name | Should -Be @('webservers')
    }

    It 'returns one backend by exact name' {
        $b = @(Get-HaproxyBackend -Name mybe2)
        $b.Count | Should -Be 1
        $b[0].Name | Should -Be 'mybe2'
    }

    It 'reports a missing exact name as a non-terminating HaproxyObjectNotFound error' {
        $ev = $null
        $found = @(Get-HaproxyBackend -Name nosuchbe, mybe1 -ErrorAction SilentlyContinue -ErrorVariable ev)
        @($found | ForEach-Object Name) | Should -Be @('mybe1')   # processing went on after the error
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].TargetObject | Should -Be 'nosuchbe'
    }

    It 'reports no error for a wildcard without a match' {
        $ev = $null
        $found = @(Get-HaproxyBackend -Name 'nomatch*' -ErrorVariable ev)
        $found.Count | Should -Be 0
        $ev.Count | Should -Be 0
    }
}

Describe 'Publish-HaproxyBackend and Unpublish-HaproxyBackend' {
    BeforeAll { Add-HaproxyBackend -Name pubbe -From mydefaults }
    AfterAll { Remove-LabBackend -Lab $lab pubbe }

    It 'starts unpublished' {
        (Get-HaproxyBackend -Name pubbe).Published | Should -BeFalse
        Get-LabBackendStatus -Lab $lab pubbe | Should -BeLike '*(UNPUB)*'
    }

    It 'publishes' {
        $b = Publish-HaproxyBackend -Name pubbe -PassThru
        $b.Name | Should -Be 'pubbe'
        $b.Published | Should -BeTrue
        $b.Status | Should -Not -BeLike '*UNPUB*'
        Get-LabBackendStatus -Lab $lab pubbe | Should -Not -BeLike '*UNPUB*'
        (Get-HaproxyBackend -Name pubbe).Published | Should -BeTrue
    }

    It 'publishes again without error (idempotent)' {
        (Publish-HaproxyBackend -Name pubbe -PassThru -ErrorAction Stop).Published | Should -BeTrue
    }

    It 'unpublishes' {
        $b = Unpublish-HaproxyBackend -Name pubbe -PassThru
        $b.Published | Should -BeFalse
        Get-LabBackendStatus -Lab $lab pubbe | Should -BeLike '*(UNPUB)*'
        (Get-HaproxyBackend -Name pubbe).Published | Should -BeFalse
    }

    It 'writes nothing without -PassThru' {
        @(Publish-HaproxyBackend -Name pubbe).Count | Should -Be 0
        Get-LabBackendStatus -Lab $lab pubbe | Should -Not -BeLike '*UNPUB*'
        @(Unpublish-HaproxyBackend -Name pubbe).Count | Should -Be 0
        Get-LabBackendStatus -Lab $lab pubbe | Should -BeLike '*(UNPUB)*'
    }

    It 'reports an unknown backend with HaproxyObjectNotFound' {
        $err = Get-ThrownError { Publish-HaproxyBackend -Name nosuchbe -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err = Get-ThrownError { Unpublish-HaproxyBackend -Name nosuchbe -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
    }

    It 'shows the exact CLI line with -Verbose' {
        $verbose = @(Publish-HaproxyBackend -Name pubbe -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "[$($session.Name)] publish backend pubbe"
        $verbose = @(Unpublish-HaproxyBackend -Name pubbe -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "[$($session.Name)] unpublish backend pubbe"
        Get-LabBackendStatus -Lab $lab pubbe | Should -BeLike '*(UNPUB)*'
    }
}

Describe 'Remove-HaproxyBackend' {
    It 'has ConfirmImpact High' {
        $attr = (Get-Command Remove-HaproxyBackend).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)
        @($attr).Count | Should -Be 1
        $attr[0].SupportsShouldProcess | Should -BeTrue
        $attr[0].ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }

    It 'removes an unpublished empty backend' {
        Add-HaproxyBackend -Name rmbe -From mydefaults
        Get-LabBackendNames -Lab $lab | Should -Contain 'rmbe'
        $out = @(Remove-HaproxyBackend -Name rmbe -Confirm:$false)
        $out.Count | Should -Be 0
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'rmbe'
    }

    It 'refuses a published backend with HaproxyObjectNotRemovable' {
        Add-HaproxyBackend -Name rmpub -From mydefaults
        Publish-HaproxyBackend -Name rmpub
        try {
            $err = Get-ThrownError { Remove-HaproxyBackend -Name rmpub -Confirm:$false -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err.TargetObject | Should -Be 'rmpub'
            Get-LabBackendNames -Lab $lab | Should -Contain 'rmpub'
        }
        finally { Remove-LabBackend -Lab $lab rmpub }
    }

    It 'refuses a backend that still has a server with HaproxyObjectNotRemovable' {
        Add-HaproxyBackend -Name rmsrv -From mydefaults
        $null = Invoke-LabSocket -Lab $lab -Command 'add server rmsrv/s1 127.0.0.1:9'
        try {
            $err = Get-ThrownError { Remove-HaproxyBackend -Name rmsrv -Confirm:$false -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
            Get-LabBackendNames -Lab $lab | Should -Contain 'rmsrv'
            Get-LabServerState -Lab $lab -Backend rmsrv -Server s1 | Should -Not -BeNullOrEmpty
        }
        finally { Remove-LabBackend -Lab $lab rmsrv }
    }

    It 'reports an unknown backend with HaproxyObjectNotFound' {
        $err = Get-ThrownError { Remove-HaproxyBackend -Name nosuchbe -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a configured backend with HaproxyObjectNotRemovable' {
        $err = Get-ThrownError { Remove-HaproxyBackend -Name webservers -Confirm:$false -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-LabBackendNames -Lab $lab | Should -Contain 'webservers'
    }

    It 'keeps a configured backend that HAProxy refuses to delete' {
        $err = Get-ThrownError { Remove-HaproxyBackend -Name webservers -Confirm:$false -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -BeLike '*cannot be removed*'
        Get-LabBackendNames -Lab $lab | Should -Contain 'webservers'
        Invoke-LabRequest -Lab $lab -Path '/' | Should -Be 'served by webservers'
    }

    It 'shows the exact CLI line with -Verbose' {
        Add-HaproxyBackend -Name rmverb -From mydefaults
        $verbose = @(Remove-HaproxyBackend -Name rmverb -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $sent = @($verbose | Where-Object { $_.StartsWith("[$($session.Name)] ") })
        $sent.Count | Should -Be 1
        ($sent[0].Substring($session.Name.Length + 3) -split ';') | Should -Contain 'del backend rmverb'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'rmverb'
    }
}

Describe '-WhatIf changes nothing' {
    BeforeAll {
        Add-HaproxyBackend -Name wiunpub -From mydefaults
        Add-HaproxyBackend -Name wipub -From mydefaults
        Publish-HaproxyBackend -Name wipub
    }
    AfterAll { Remove-LabBackend -Lab $lab wiunpub, wipub, wiadd }

    It 'Add-HaproxyBackend -WhatIf adds nothing' {
        $out = @(Add-HaproxyBackend -Name wiadd -From mydefaults -PassThru -WhatIf)
        $out.Count | Should -Be 0
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'wiadd'
    }

    It 'Publish-HaproxyBackend -WhatIf leaves the backend unpublished' {
        @(Publish-HaproxyBackend -Name wiunpub -PassThru -WhatIf).Count | Should -Be 0
        Get-LabBackendStatus -Lab $lab wiunpub | Should -BeLike '*(UNPUB)*'
    }

    It 'Unpublish-HaproxyBackend -WhatIf leaves the backend published' {
        @(Unpublish-HaproxyBackend -Name wipub -PassThru -WhatIf).Count | Should -Be 0
        Get-LabBackendStatus -Lab $lab wipub | Should -Not -BeLike '*UNPUB*'
        Get-LabBackendStatus -Lab $lab wipub | Should -Not -BeNullOrEmpty
    }

    It 'Remove-HaproxyBackend -WhatIf leaves the backend in place' {
        Remove-HaproxyBackend -Name wiunpub -WhatIf
        Get-LabBackendNames -Lab $lab | Should -Contain 'wiunpub'
    }

    It 'sends no CLI line under -WhatIf (-Verbose shows only the what-if text)' {
        $verbose = @(Remove-HaproxyBackend -Name wiunpub -WhatIf -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose | Where-Object { $_.StartsWith("[$($session.Name)] ") }).Count | Should -Be 0
        Get-LabBackendNames -Lab $lab | Should -Contain 'wiunpub'
    }
}

Describe 'Pipelines' {
    BeforeAll {
        foreach ($n in 'dyn1', 'dyn2', 'dyn3') { Add-HaproxyBackend -Name $n -From mydefaults; Publish-HaproxyBackend -Name $n }
        Add-HaproxyBackend -Name keepme -From mydefaults
        Publish-HaproxyBackend -Name keepme
    }
    AfterAll { Remove-LabBackend -Lab $lab dyn1, dyn2, dyn3, keepme }

    It 'has three published dyn* backends' {
        foreach ($n in 'dyn1', 'dyn2', 'dyn3') { Get-LabBackendStatus -Lab $lab $n | Should -Not -BeLike '*UNPUB*' }
    }

    It 'unpublishes several backends from Get-HaproxyBackend dyn*' {
        Get-HaproxyBackend dyn* | Unpublish-HaproxyBackend
        foreach ($n in 'dyn1', 'dyn2', 'dyn3') { Get-LabBackendStatus -Lab $lab $n | Should -BeLike '*(UNPUB)*' }
        Get-LabBackendStatus -Lab $lab keepme | Should -Not -BeLike '*UNPUB*'
    }

    It 'removes several backends from Get-HaproxyBackend dyn*' {
        Get-HaproxyBackend dyn* | Remove-HaproxyBackend -Confirm:$false
        $names = Get-LabBackendNames -Lab $lab
        foreach ($n in 'dyn1', 'dyn2', 'dyn3') { $names | Should -Not -Contain $n }
        $names | Should -Contain 'keepme'
        $names | Should -Contain 'webservers'
    }

    It 'chains add -> publish -> unpublish -> remove with -PassThru' {
        $result = 'chain1', 'chain2' | ForEach-Object { [pscustomobject]@{ Name = $_; From = 'mydefaults' } } |
            Add-HaproxyBackend -PassThru |
            Publish-HaproxyBackend -PassThru
        @($result | ForEach-Object Published) | Should -Be @($true, $true)
        Get-LabBackendStatus -Lab $lab chain2 | Should -Not -BeLike '*UNPUB*'
        $result | Unpublish-HaproxyBackend -PassThru | Remove-HaproxyBackend -Confirm:$false
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'chain1'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'chain2'
    }

    It 'goes on with the next piped backend after one fails' {
        Add-HaproxyBackend -Name pipeok -From mydefaults
        Add-HaproxyBackend -Name pipebad -From mydefaults
        Publish-HaproxyBackend -Name pipebad
        try {
            $ev = $null
            Get-HaproxyBackend pipe* | Sort-Object Name | Remove-HaproxyBackend -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable ev   # pipebad first
            $ev.Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotRemovable,*'
            $ev[0].TargetObject | Should -Be 'pipebad'
            Get-LabBackendNames -Lab $lab | Should -Not -Contain 'pipeok'
            Get-LabBackendNames -Lab $lab | Should -Contain 'pipebad'
        }
        finally { Remove-LabBackend -Lab $lab pipeok, pipebad }
    }
}

Describe 'Pipeline binding: backends by value, never by a piped object''s Name' {
    BeforeAll {
        # b2 has servers s1 and s2; backends named s1 and s2 also exist, unpublished and empty, so HAProxy would
        # delete or publish them at once if a piped server's Name were ever taken for a backend name.
        Add-HaproxyBackend -Name b2 -From mydefaults
        Add-HaproxyBackend -Name s1 -From mydefaults
        Add-HaproxyBackend -Name s2 -From mydefaults
        $null = Invoke-LabSocket -Lab $lab -Command 'add server b2/s1 127.0.0.1:9'
        $null = Invoke-LabSocket -Lab $lab -Command 'add server b2/s2 127.0.0.1:9'
    }
    AfterAll { Remove-LabBackend -Lab $lab b2, s1, s2, strrm }

    It '<Cmd> has a ByName set and a default ByObject set; -Name is not pipeline-bound' -ForEach @(
        @{ Cmd = 'Publish-HaproxyBackend' }, @{ Cmd = 'Unpublish-HaproxyBackend' }, @{ Cmd = 'Remove-HaproxyBackend' }
    ) {
        $command = Get-Command $Cmd
        $command.DefaultParameterSet | Should -Be 'ByObject'
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('ByName', 'ByObject')
        $name = $command.Parameters['Name'].ParameterSets['ByName']
        $name.IsMandatory | Should -BeTrue
        $name.Position | Should -Be 0
        $name.ValueFromPipeline | Should -BeFalse
        $name.ValueFromPipelineByPropertyName | Should -BeFalse
        $inputObject = $command.Parameters['InputObject']
        $inputObject.ParameterType.FullName | Should -Be 'HaproxyRuntime.Client.Models.HaproxyBackend'
        $inputObject.ParameterSets['ByObject'].ValueFromPipeline | Should -BeTrue
        $inputObject.ParameterSets['ByObject'].IsMandatory | Should -BeTrue
    }

    It 'HaproxyBackend objects have no Backend property (the Types.ps1xml alias is gone)' {
        (Get-HaproxyBackend -Name b2).PSObject.Properties['Backend'] | Should -BeNullOrEmpty
    }

    It 'Get-HaproxyBackend binds piped strings to -Name by value' {
        @('s2', 'b2' | Get-HaproxyBackend | ForEach-Object Name) | Should -Be @('s2', 'b2')
    }

    It 'Get-HaproxyServer -Backend b2 | Get-HaproxyBackend returns no backend named like the servers' {
        $ev = $null
        $out = @(Get-HaproxyServer -Backend b2 | Get-HaproxyBackend -ErrorAction SilentlyContinue -ErrorVariable ev)
        $out.Count | Should -Be 0
        # Each server is taken as the text 'b2/s1', 'b2/s2', which names no backend.
        $ev.Count | Should -Be 2
        foreach ($e in $ev) { $e.FullyQualifiedErrorId | Should -BeLike 'HaproxyObjectNotFound,*' }
        @($ev | ForEach-Object TargetObject | Sort-Object) | Should -Be @('b2/s1', 'b2/s2')
        $ev[0].Exception.Message | Should -BeLike "*'b2/s*' does not exist*"
    }

    It 'Get-HaproxyServer -Backend b2 | Remove-HaproxyBackend deletes no backend' {
        $before = @(Get-LabBackendNames -Lab $lab | Sort-Object)
        $ev = $null
        $verbose = @(Get-HaproxyServer -Backend b2 | Remove-HaproxyBackend -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable ev -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $ev.Count | Should -Be 2
        foreach ($e in $ev) { $e.FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*' }
        @($verbose | Where-Object { $_ -like '*del backend*' }).Count | Should -Be 0
        @(Get-LabBackendNames -Lab $lab | Sort-Object) | Should -Be $before
        Get-LabBackendNames -Lab $lab | Should -Contain 's1'
        Get-LabBackendNames -Lab $lab | Should -Contain 's2'
        Get-LabServerState -Lab $lab -Backend b2 -Server s1 | Should -Not -BeNullOrEmpty
    }

    It 'Get-HaproxyServer -Backend b2 | Publish-HaproxyBackend publishes no backend named like the servers' {
        $ev = $null
        Get-HaproxyServer -Backend b2 | Publish-HaproxyBackend -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 2
        foreach ($e in $ev) { $e.FullyQualifiedErrorId | Should -BeLike 'InputObjectMissingMandatory,*' }
        Get-LabBackendStatus -Lab $lab s1 | Should -BeLike '*(UNPUB)*'
        Get-LabBackendStatus -Lab $lab s2 | Should -BeLike '*(UNPUB)*'
        Get-LabBackendStatus -Lab $lab b2 | Should -BeLike '*(UNPUB)*'
    }

    It 'an object with a Name property (a CSV row) does not bind Remove-HaproxyBackend' {
        $ev = $null
        [pscustomobject]@{ Name = 's1' } | Remove-HaproxyBackend -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        Get-LabBackendNames -Lab $lab | Should -Contain 's1'
    }

    It '''b2'' | Publish-HaproxyBackend publishes b2 (a piped string becomes a backend)' {
        Get-LabBackendStatus -Lab $lab b2 | Should -BeLike '*(UNPUB)*'
        $verbose = @('b2' | Publish-HaproxyBackend -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "[$($session.Name)] publish backend b2"
        Get-LabBackendStatus -Lab $lab b2 | Should -Not -BeLike '*UNPUB*'
        Get-LabBackendStatus -Lab $lab s1 | Should -BeLike '*(UNPUB)*'
    }

    It 'Get-HaproxyBackend b2 | Unpublish-HaproxyBackend -PassThru unpublishes b2 and returns it' {
        $out = @(Get-HaproxyBackend -Name b2 | Unpublish-HaproxyBackend -PassThru)
        $out.Count | Should -Be 1
        $out[0].Name | Should -Be 'b2'
        $out[0].Published | Should -BeFalse
        $out[0].Session | Should -Be $session.Name
        Get-LabBackendStatus -Lab $lab b2 | Should -BeLike '*(UNPUB)*'
    }

    It '-InputObject takes a backend name given as a string, and -Name still works positionally' {
        Publish-HaproxyBackend -InputObject s2
        Get-LabBackendStatus -Lab $lab s2 | Should -Not -BeLike '*UNPUB*'
        Unpublish-HaproxyBackend s2
        Get-LabBackendStatus -Lab $lab s2 | Should -BeLike '*(UNPUB)*'
    }

    It '''name'' | Remove-HaproxyBackend deletes that backend only' {
        Add-HaproxyBackend -Name strrm -From mydefaults
        'strrm' | Remove-HaproxyBackend -Confirm:$false
        $names = Get-LabBackendNames -Lab $lab
        $names | Should -Not -Contain 'strrm'
        $names | Should -Contain 's1'
        $names | Should -Contain 'b2'
    }
}

Describe 'Operator-level session' {
    BeforeAll {
        $operator = Connect-Haproxy -Endpoint $lab.OperatorSocket -NoDefault -Timeout 5s
        Add-HaproxyBackend -Name opbe -From mydefaults
    }
    AfterAll {
        if ($operator) { Disconnect-Haproxy -Session $operator -Confirm:$false }
        Remove-LabBackend -Lab $lab opbe, opnew
    }

    It 'reads backends' {
        $names = @(Get-HaproxyBackend -Session $operator -ErrorAction Stop | ForEach-Object Name)
        $names | Should -Contain 'webservers'
        $names | Should -Contain 'opbe'
        (Get-HaproxyBackend -Name opbe -Session $operator).Session | Should -Be $operator.Name
    }

    It 'gets HaproxyPermissionDenied for Add-HaproxyBackend' {
        $err = Get-ThrownError { Add-HaproxyBackend -Name opnew -From mydefaults -Session $operator -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-LabBackendNames -Lab $lab | Should -Not -Contain 'opnew'
    }

    It 'gets HaproxyPermissionDenied for Publish-HaproxyBackend' {
        $err = Get-ThrownError { Publish-HaproxyBackend -Name opbe -Session $operator -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-LabBackendStatus -Lab $lab opbe | Should -BeLike '*(UNPUB)*'
    }

    It 'binds the operator session from piped objects (and is denied there)' {
        $ev = $null
        Get-HaproxyBackend -Name opbe -Session $operator | Publish-HaproxyBackend -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'HaproxyPermissionDenied,*'
        Get-LabBackendStatus -Lab $lab opbe | Should -BeLike '*(UNPUB)*'
    }

    It 'stays usable after the denials' {
        @(Get-HaproxyBackend -Name webservers -Session $operator -ErrorAction Stop).Name | Should -Be @('webservers')
    }
}
