# The help system: every exported cmdlet has real help (built by build/HelpBuilder.psm1 from en-US/*.md into the
# module's en-US folder) that matches the cmdlet as compiled, and the about topic is found. Needs no HAProxy.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $excluded = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdlets = @(Get-Command -Module HaproxyRuntime -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
            @{
                Name       = $_.Name
                # Parameters that need a description: all but the common ones and WhatIf/Confirm.
                Parameters = @($_.Parameters.Keys | Where-Object { $excluded -notcontains $_ } | Sort-Object)
            }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $module = Get-Module HaproxyRuntime
    $excluded = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-HelpText($Node) {
        # maml:para lists come back as objects with a Text property; joined and trimmed.
        ((@($Node) | Where-Object { $_ } | ForEach-Object { if ($_.PSObject.Properties['Text']) { $_.Text } else { "$_" } }) -join "`n").Trim()
    }
}

Describe 'Module help files' {
    It 'the module exports every cmdlet its manifest lists, and nothing else' {
        $manifest = Import-PowerShellDataFile -Path (Join-Path $module.ModuleBase 'HaproxyRuntime.psd1')
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'ships the MAML help file the cmdlets point to' {
        $helpFiles = @(Get-Command -Module HaproxyRuntime -CommandType Cmdlet | ForEach-Object HelpFile | Sort-Object -Unique)
        $helpFiles | Should -Be @('HaproxyRuntime.PowerShell.dll-Help.xml')
        Join-Path $module.ModuleBase 'en-US/HaproxyRuntime.PowerShell.dll-Help.xml' | Should -Exist
    }

    It 'the MAML file documents exactly the exported cmdlets' {
        $xml = [xml](Get-Content -Raw -Path (Join-Path $module.ModuleBase 'en-US/HaproxyRuntime.PowerShell.dll-Help.xml'))
        @($xml.helpItems.command | ForEach-Object { $_.details.name.Trim() } | Sort-Object) |
            Should -Be @($module.ExportedCmdlets.Keys | Sort-Object)
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command -Name $Name -Module HaproxyRuntime
        $help = Get-Help -Name $Name -Full
        $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
    }

    It 'has a synopsis that is not the generated syntax' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without help, Get-Help makes the synopsis from the syntax: "Name [-Param] <type> ... [<CommonParameters>]".
        $synopsis | Should -Not -Match ('^' + [regex]::Escape($Name) + '(\s|$)')
        $synopsis | Should -Not -Match '<CommonParameters>'
    }

    It 'has a description' {
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example, each with code, and one that uses the cmdlet' {
        $examples = @($help.examples.example | Where-Object { $_ })
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "'$($example.title)' needs code"
        }
        ($examples | ForEach-Object { "$($_.code)" }) -join "`n" | Should -Match ([regex]::Escape($Name))
    }

    It 'has example code that parses as PowerShell' {
        foreach ($example in @($help.examples.example | Where-Object { $_ })) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput("$($example.code)", [ref] $null, [ref] $errors)
            @($errors | ForEach-Object { $_.Message }) | Should -BeNullOrEmpty -Because "'$($example.title.Trim(' -'))' should be valid PowerShell"
        }
    }

    It 'documents -<_> with a description' -ForEach $Parameters {
        $parameterName = $_
        $parameter = @($helpParameters | Where-Object { $_.name -eq $parameterName })
        $parameter.Count | Should -Be 1 -Because "help should document -$parameterName once"
        Get-HelpText $parameter[0].description | Should -Not -BeNullOrEmpty
    }

    It 'documents no parameter the cmdlet lacks' {
        @($helpParameters | ForEach-Object { $_.name } | Where-Object { -not $command.Parameters.ContainsKey($_) }) | Should -BeNullOrEmpty
    }

    It 'documents -WhatIf and -Confirm exactly when the cmdlet supports them' {
        $names = @($helpParameters | ForEach-Object { $_.name })
        ($names -contains 'WhatIf') | Should -Be $command.Parameters.ContainsKey('WhatIf')
        ($names -contains 'Confirm') | Should -Be $command.Parameters.ContainsKey('Confirm')
    }

    It 'documents -<_> as required, positional and pipeline-bound the way the cmdlet declares it' -ForEach $Parameters {
        $parameterName = $_
        $parameter = @($helpParameters | Where-Object { $_.name -eq $parameterName })[0]
        $parameter | Should -Not -BeNullOrEmpty -Because "help should document -$parameterName"
        $sets = @($command.Parameters[$parameterName].ParameterSets.Values)
        $required = @($sets | ForEach-Object { $_.IsMandatory } | Sort-Object -Unique)
        $position = @($sets | ForEach-Object { if ($_.Position -ge 0) { "$($_.Position)" } else { 'named' } } | Sort-Object -Unique)
        $pipeline = @($sets | ForEach-Object {
                $by = @()
                if ($_.ValueFromPipeline) { $by += 'ByValue' }
                if ($_.ValueFromPipelineByPropertyName) { $by += 'ByPropertyName' }
                if ($by) { "True ($($by -join ', '))" } else { 'False' }
            } | Sort-Object -Unique)
        # Help has one entry per parameter; compare only what the cmdlet declares the same way in all its sets.
        if ($required.Count -eq 1) { "$($parameter.required)" | Should -Be "$($required[0])".ToLowerInvariant() }
        if ($position.Count -eq 1) { "$($parameter.position)" | Should -Be $position[0] }
        if ($pipeline.Count -eq 1) { "$($parameter.pipelineInput)" | Should -Be $pipeline[0] }
    }

    It 'shows one syntax per parameter set, with the parameters of that set' {
        $syntaxItems = @($help.syntax.syntaxItem | Where-Object { $_ })
        $syntaxItems.Count | Should -Be $command.ParameterSets.Count
        $documented = @($syntaxItems | ForEach-Object { (@($_.parameter | Where-Object { $_ } | ForEach-Object { $_.name }) | Sort-Object) -join ',' })
        foreach ($set in $command.ParameterSets) {
            $expected = (@($set.Parameters | Where-Object { [System.Management.Automation.Cmdlet]::CommonParameters -notcontains $_.Name } |
                        ForEach-Object { $_.Name }) | Sort-Object) -join ','
            $documented | Should -Contain $expected -Because "parameter set '$($set.Name)' should have a syntax entry"
        }
    }
}

Describe 'about_HaproxyRuntime' {
    It 'is found by Get-Help' {
        $text = Get-Help -Name about_HaproxyRuntime | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
    }

    It 'covers sessions, argument safety, error ids, durations and permission levels' {
        # Whitespace-normalised: the text is word-wrapped, so a term may span two lines.
        $text = (Get-Help -Name about_HaproxyRuntime | Out-String) -replace '\s+', ' '
        foreach ($term in 'default session', 'HaproxyOutcomeUnknown', 'NoHaproxySession', 'InvalidHaproxyArgument', "'1d'", 'set timeout cli', 'level') {
            $text | Should -Match ([regex]::Escape($term))
        }
    }

    It 'its cmdlet table lists exactly the cmdlets the module exports, each once' {
        # The table under LONG DESCRIPTION, in the source the built topic comes from.
        $source = Get-Content -Raw (Join-Path $PSScriptRoot '../../en-US/about_HaproxyRuntime.md')
        $table = ($source -split '(?m)^### ')[0]
        $listed = @([regex]::Matches($table, '(?m)^\| ([A-Z][a-z]+-Haproxy\w*) \|') | ForEach-Object { $_.Groups[1].Value })
        $exported = @(Get-Command -Module HaproxyRuntime -CommandType Cmdlet).Name
        @($listed | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        @($listed | Sort-Object) | Should -Be @($exported | Sort-Object)
    }

    It 'is listed among the help topics with its short description' {
        $topic = @(Get-Help -Name 'about_Haproxy*' -Category HelpFile | Where-Object { $_.Name -eq 'about_HaproxyRuntime' })
        $topic.Count | Should -Be 1
        "$($topic[0].Synopsis)".Trim() | Should -Not -BeNullOrEmpty
    }
}
