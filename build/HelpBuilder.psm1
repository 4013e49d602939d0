# Builds the module's help from the markdown sources in en-US/ (PlatyPS's markdown schema 2.0.0), without PlatyPS:
#   <Cmdlet>.md      -> one <command:command> each in <AssemblyName>-Help.xml (MAML, the format Get-Help reads)
#   about_<Topic>.md -> about_<Topic>.help.txt (plain text)
# Pure PowerShell: runs in PowerShell 7 and Windows PowerShell 5.1 with no external module.
# A file that does not follow the schema is an error (the build stops), never silently empty help.
Set-StrictMode -Version 3.0

$script:Utf8NoBom = New-Object System.Text.UTF8Encoding -ArgumentList $false
$script:Utf8Bom = New-Object System.Text.UTF8Encoding -ArgumentList $true
$script:CommandSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:RequiredCommandSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS')
$script:ParameterYamlKeys = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters')
$script:OptionalParameterYamlKeys = @('Accepted values', 'Applicable')
$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:AboutWidth = 80

# ---------------------------------------------------------------------------------------------------------------------
# Markdown structure
# ---------------------------------------------------------------------------------------------------------------------

function Get-MdLine {
    # The file's lines, LF-normalised, without a BOM.
    param([string] $Text)
    $Text = $Text.TrimStart([char]0xFEFF) -replace "`r`n", "`n" -replace "`r", "`n"
    , ($Text -split "`n")
}

function Split-MdHeading {
    <# Splits lines into heading nodes: @{ Level; Title; Line; Lines = content up to the next heading of any level }.
       Lines before the first heading go into a node of level 0. '#' lines inside ``` fences are content. #>
    param([string[]] $Lines, [int] $FirstLineNumber = 1)
    $nodes = New-Object System.Collections.Generic.List[object]
    $current = @{ Level = 0; Title = ''; Line = $FirstLineNumber; Lines = (New-Object System.Collections.Generic.List[string]) }
    $inFence = $false
    $fenceOpenedAt = 0
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        if ($line -match '^\s*```') {
            if (-not $inFence) { $fenceOpenedAt = $FirstLineNumber + $i }
            $inFence = -not $inFence
            $current.Lines.Add($line)
            continue
        }
        if (-not $inFence -and $line -match '^(#{1,6})\s+(.*?)\s*#*\s*$') {
            $nodes.Add($current)
            $current = @{ Level = $Matches[1].Length; Title = $Matches[2].Trim(); Line = $FirstLineNumber + $i; Lines = (New-Object System.Collections.Generic.List[string]) }
            continue
        }
        $current.Lines.Add($line)
    }
    if ($inFence) { throw "line ${fenceOpenedAt}: a ``````-fenced block is never closed." }
    $nodes.Add($current)
    , $nodes.ToArray()
}

function Split-MdBlock {
    <# Splits section content into blocks: @{ Kind = 'text'|'code'; Lang; Lines }. Text blocks are separated by blank lines. #>
    param([string[]] $Lines)
    $blocks = New-Object System.Collections.Generic.List[object]
    $text = New-Object System.Collections.Generic.List[string]
    $code = $null
    $lang = ''
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') {
                $blocks.Add(@{ Kind = 'code'; Lang = $lang; Lines = $code.ToArray() })
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*([\w+-]*)\s*$') {
            if ($text.Count -gt 0) { $blocks.Add(@{ Kind = 'text'; Lang = ''; Lines = $text.ToArray() }); $text.Clear() }
            $lang = $Matches[1].ToLowerInvariant()
            $code = New-Object System.Collections.Generic.List[string]
            continue
        }
        if ($line.Trim().Length -eq 0) {
            if ($text.Count -gt 0) { $blocks.Add(@{ Kind = 'text'; Lang = ''; Lines = $text.ToArray() }); $text.Clear() }
            continue
        }
        $text.Add($line)
    }
    if ($null -ne $code) { throw 'a ```-fenced block is never closed.' }
    if ($text.Count -gt 0) { $blocks.Add(@{ Kind = 'text'; Lang = ''; Lines = $text.ToArray() }) }
    , $blocks.ToArray()
}

function Convert-MdInline {
    <# Inline markdown to plain text: links become 'text (url)' (or just text for links to other help files),
       bold/italic markers go; `code` spans are kept verbatim, backticks included, because they delimit CLI text. #>
    param([string] $Text)
    $parts = [regex]::Split($Text, '(`[^`]*`)')
    for ($i = 0; $i -lt $parts.Count; $i += 2) {
        $t = $parts[$i]
        $t = [regex]::Replace($t, '\[([^\]]+)\]\(([^)\s]*)\)', {
                param($m)
                $label = $m.Groups[1].Value
                $url = $m.Groups[2].Value
                if ($url -eq '' -or $url -eq $label -or $url -match '\.md(#.*)?$' -or $url.StartsWith('#')) { $label } else { "$label ($url)" }
            })
        $t = [regex]::Replace($t, '(?<![\w\\])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)', '$2')
        $t = [regex]::Replace($t, '(?<![\w*\\])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])', '$1')
        $parts[$i] = $t
    }
    $parts -join ''
}

function Test-MdListItem([string] $Line) { $Line -match '^\s{0,3}([-*+]|\d+[.)])\s+' }

function ConvertTo-MdParagraph {
    <# A text block to one paragraph string: soft-wrapped lines joined with spaces; list items each on their own line
       (continuation lines joined to their item); table rows kept as lines. #>
    param([string[]] $Lines)
    $isTable = @($Lines | Where-Object { $_ -match '^\s*\|' }).Count -eq $Lines.Count
    if ($isTable) {
        return (($Lines | Where-Object { $_ -notmatch '^\s*\|?\s*:?-{3,}' } | ForEach-Object { (Convert-MdInline $_.Trim()) }) -join "`n")
    }
    $items = New-Object System.Collections.Generic.List[string]
    foreach ($line in $Lines) {
        if ((Test-MdListItem $line) -or $items.Count -eq 0) {
            $items.Add($line.Trim())
        }
        else {
            $items[$items.Count - 1] = $items[$items.Count - 1] + ' ' + $line.Trim()
        }
    }
    (($items | ForEach-Object { Convert-MdInline $_ }) -join "`n")
}

function ConvertTo-MdParagraphList {
    <# Blocks to paragraph strings; code blocks are kept verbatim, line by line (Get-Help trims a paragraph's leading
       blanks, so indenting them would only shift their first line). #>
    param([object[]] $Blocks)
    $paras = New-Object System.Collections.Generic.List[string]
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'code') {
            $paras.Add(($b.Lines -join "`n"))
        }
        else {
            $paras.Add((ConvertTo-MdParagraph $b.Lines))
        }
    }
    , $paras.ToArray()
}

function Assert-NoPlaceholder {
    param([string] $Text, [string] $Where)
    if ($Text -match '\{\{.*?\}\}') { throw "$Where still contains the PlatyPS placeholder '$($Matches[0])'." }
}

function Read-YamlBlock {
    <# The flat 'Key: value' YAML that PlatyPS uses (front matter and parameter blocks). #>
    param([string[]] $Lines, [string] $Where)
    $map = [ordered]@{}
    foreach ($line in $Lines) {
        if ($line.Trim().Length -eq 0 -or $line.TrimStart().StartsWith('#')) { continue }
        if ($line -notmatch '^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$') { throw "$Where has a line that is not 'Key: value': '$line'." }
        $key = $Matches[1]
        if ($map.Contains($key)) { throw "$Where sets '$key' twice." }
        $map[$key] = $Matches[2].Trim()
    }
    $map
}

# ---------------------------------------------------------------------------------------------------------------------
# Command markdown -> model
# ---------------------------------------------------------------------------------------------------------------------

function Get-SyntaxParameterName {
    <# Parameter names in a syntax line, in order: '-Name' after '[' or a space; <CommonParameters> is not one. #>
    param([string] $Syntax)
    , @([regex]::Matches($Syntax, '(?<=^|[\s\[])-([A-Za-z][A-Za-z0-9_]*)') | ForEach-Object { $_.Groups[1].Value })
}

function ConvertFrom-CommandMarkdown {
    param([string] $Text, [string] $FileName)
    $lines = Get-MdLine $Text
    if ($lines.Count -lt 3 -or $lines[0].Trim() -ne '---') { throw 'it does not start with YAML front matter (---).' }
    $end = -1
    for ($i = 1; $i -lt $lines.Count; $i++) { if ($lines[$i].Trim() -eq '---') { $end = $i; break } }
    if ($end -lt 0) { throw 'its YAML front matter is never closed (---).' }
    $front = Read-YamlBlock -Lines $lines[1..($end - 1)] -Where 'the front matter'
    foreach ($key in 'external help file', 'Module Name', 'schema') {
        if (-not $front.Contains($key) -or -not $front[$key]) { throw "the front matter has no '$key'." }
    }
    if ($front['schema'] -ne '2.0.0') { throw "the front matter's schema is '$($front['schema'])'; only 2.0.0 is supported." }

    $bodyLines = if ($end + 1 -lt $lines.Count) { $lines[($end + 1)..($lines.Count - 1)] } else { @() }
    $nodes = Split-MdHeading -Lines $bodyLines -FirstLineNumber ($end + 2)
    $h1 = @($nodes | Where-Object { $_.Level -eq 1 })
    if ($h1.Count -ne 1) { throw "it must have exactly one '# <Command-Name>' heading (found $($h1.Count))." }
    $name = $h1[0].Title
    $expectedName = [System.IO.Path]::GetFileNameWithoutExtension($FileName)
    if ($name -ne $expectedName) { throw "its heading '# $name' does not match the file name ($expectedName)." }
    if ($name -notmatch '^([A-Za-z]+)-([A-Za-z0-9]+)$') { throw "'$name' is not a Verb-Noun command name." }
    $verb = $Matches[1]
    $noun = $Matches[2]
    foreach ($n in $nodes) {
        if ($n.Level -eq 0 -or $n.Level -eq 1) {
            $stray = @($n.Lines | Where-Object { $_.Trim().Length -gt 0 })
            if ($stray.Count -gt 0) { throw "line $($n.Line): text outside any '## SECTION': '$($stray[0])'." }
        }
        if ($n.Level -gt 3) { throw "line $($n.Line): heading level $($n.Level) ('$($n.Title)') is not part of the schema." }
    }

    # Group: ## sections, each with its ### subsections.
    $sections = [ordered]@{}
    $currentSection = $null
    foreach ($n in $nodes) {
        if ($n.Level -eq 2) {
            $title = $n.Title.ToUpperInvariant()
            if ($script:CommandSections -notcontains $title) { throw "line $($n.Line): unknown section '## $($n.Title)' (expected one of: $($script:CommandSections -join ', '))." }
            if ($sections.Contains($title)) { throw "line $($n.Line): section '## $title' appears twice." }
            $currentSection = @{ Title = $title; Line = $n.Line; Lines = $n.Lines.ToArray(); Subs = (New-Object System.Collections.Generic.List[object]) }
            $sections[$title] = $currentSection
        }
        elseif ($n.Level -eq 3) {
            if ($null -eq $currentSection) { throw "line $($n.Line): '### $($n.Title)' is not inside a '## SECTION'." }
            $currentSection.Subs.Add(@{ Title = $n.Title; Line = $n.Line; Lines = $n.Lines.ToArray() })
        }
    }
    foreach ($required in $script:RequiredCommandSections) {
        if (-not $sections.Contains($required)) { throw "it has no '## $required' section." }
    }

    $cmd = [ordered]@{
        Name = $name; Verb = $verb; Noun = $noun; HelpFile = $front['external help file']; ModuleName = $front['Module Name']
        OnlineVersion = $(if ($front.Contains('online version')) { $front['online version'] } else { '' })
        Synopsis = ''; Description = @(); Sets = @(); Parameters = @(); Examples = @(); Inputs = @(); Outputs = @(); Notes = @(); Links = @()
    }

    # SYNOPSIS
    $s = $sections['SYNOPSIS']
    if ($s.Subs.Count -gt 0) { throw "line $($s.Line): '## SYNOPSIS' must not have subsections." }
    $cmd.Synopsis = ((ConvertTo-MdParagraphList (Split-MdBlock $s.Lines)) -join ' ').Trim()
    if (-not $cmd.Synopsis) { throw "line $($s.Line): '## SYNOPSIS' is empty." }
    Assert-NoPlaceholder $cmd.Synopsis 'SYNOPSIS'

    # DESCRIPTION
    $s = $sections['DESCRIPTION']
    if ($s.Subs.Count -gt 0) { throw "line $($s.Line): '## DESCRIPTION' must not have subsections (write them as paragraphs)." }
    $cmd.Description = ConvertTo-MdParagraphList (Split-MdBlock $s.Lines)
    if ($cmd.Description.Count -eq 0) { throw "line $($s.Line): '## DESCRIPTION' is empty." }
    Assert-NoPlaceholder ($cmd.Description -join "`n") 'DESCRIPTION'

    # SYNTAX: one ### per parameter set, each with one code block.
    $s = $sections['SYNTAX']
    if ($s.Subs.Count -eq 0) { throw "line $($s.Line): '## SYNTAX' has no '### <ParameterSetName>' subsection." }
    $sets = New-Object System.Collections.Generic.List[object]
    foreach ($sub in $s.Subs) {
        $setName = $sub.Title -replace '\s*\(Default\)\s*$', ''
        $isDefault = $sub.Title -match '\(Default\)\s*$'
        $codes = @(Split-MdBlock $sub.Lines | Where-Object { $_.Kind -eq 'code' })
        $texts = @(Split-MdBlock $sub.Lines | Where-Object { $_.Kind -eq 'text' })
        if ($codes.Count -ne 1 -or $texts.Count -gt 0) { throw "line $($sub.Line): syntax '### $($sub.Title)' must contain exactly one code block and nothing else." }
        $syntaxText = ($codes[0].Lines -join ' ').Trim()
        if (-not $syntaxText.StartsWith($name)) { throw "line $($sub.Line): the syntax of '$($sub.Title)' does not start with '$name'." }
        if (@($sets | Where-Object { $_.Name -eq $setName }).Count -gt 0) { throw "line $($sub.Line): parameter set '$setName' is listed twice." }
        $sets.Add(@{ Name = $setName; IsDefault = $isDefault; Syntax = $syntaxText; ParameterNames = (Get-SyntaxParameterName $syntaxText) })
    }
    $cmd.Sets = $sets.ToArray()
    $setNames = @($cmd.Sets | ForEach-Object { $_.Name })

    # PARAMETERS: '### -Name' + description + one or more ```yaml blocks; '### CommonParameters'.
    $s = $sections['PARAMETERS']
    $params = New-Object System.Collections.Generic.List[object]
    foreach ($sub in $s.Subs) {
        if ($sub.Title -eq 'CommonParameters') { continue }
        if ($sub.Title -notmatch '^-([A-Za-z][A-Za-z0-9_]*)$') { throw "line $($sub.Line): '### $($sub.Title)' is not '### -ParameterName' or '### CommonParameters'." }
        $pName = $Matches[1]
        if (@($params | Where-Object { $_.Name -eq $pName }).Count -gt 0) { throw "line $($sub.Line): parameter -$pName is documented twice." }
        $blocks = Split-MdBlock $sub.Lines
        $yamlBlocks = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -eq 'yaml' })
        if ($yamlBlocks.Count -eq 0) { throw "line $($sub.Line): parameter -$pName has no ``````yaml block (Type, Parameter Sets, Required, ...)." }
        $firstYaml = [array]::IndexOf($blocks, $yamlBlocks[0])
        $descBlocks = @(if ($firstYaml -gt 0) { $blocks[0..($firstYaml - 1)] })
        $desc = ConvertTo-MdParagraphList $descBlocks
        if ($desc.Count -eq 0 -or -not ($desc -join '').Trim()) { throw "line $($sub.Line): parameter -$pName has no description." }
        Assert-NoPlaceholder ($desc -join "`n") "parameter -$pName"
        $variants = New-Object System.Collections.Generic.List[object]
        foreach ($y in $yamlBlocks) {
            $map = Read-YamlBlock -Lines $y.Lines -Where "the yaml block of -$pName"
            foreach ($key in $script:ParameterYamlKeys) {
                if (-not $map.Contains($key)) { throw "line $($sub.Line): the yaml block of -$pName has no '$key'." }
            }
            foreach ($key in $map.Keys) {
                if ($script:ParameterYamlKeys -notcontains $key -and $script:OptionalParameterYamlKeys -notcontains $key) { throw "line $($sub.Line): the yaml block of -$pName has an unknown key '$key'." }
            }
            foreach ($key in 'Required', 'Accept wildcard characters') {
                if ($map[$key] -notmatch '^(True|False)$') { throw "line $($sub.Line): -$pName '$key' must be True or False, not '$($map[$key])'." }
            }
            if ($map['Position'] -notmatch '^(Named|\d+)$') { throw "line $($sub.Line): -$pName 'Position' must be Named or a number, not '$($map['Position'])'." }
            if ($map['Accept pipeline input'] -notmatch '^(False|True \((ByValue|ByPropertyName)(, (ByValue|ByPropertyName))?\))$') {
                throw "line $($sub.Line): -$pName 'Accept pipeline input' must be False or 'True (ByValue, ByPropertyName)', not '$($map['Accept pipeline input'])'."
            }
            if (-not $map['Type']) { throw "line $($sub.Line): -$pName has an empty Type." }
            $pSets = @($map['Parameter Sets'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            if ($pSets.Count -eq 0) { throw "line $($sub.Line): -$pName lists no parameter set." }
            foreach ($ps in $pSets) {
                if ($ps -ne '(All)' -and $setNames -notcontains $ps) { throw "line $($sub.Line): -$pName names parameter set '$ps', which '## SYNTAX' does not have." }
            }
            $aliases = @($map['Aliases'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            $accepted = @(if ($map.Contains('Accepted values')) { $map['Accepted values'] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } })
            $variants.Add(@{
                    AcceptedValues = $accepted
                    Type = $map['Type']; Sets = $pSets; Aliases = $aliases; Required = ($map['Required'] -eq 'True')
                    Position = $(if ($map['Position'] -eq 'Named') { 'named' } else { $map['Position'] })
                    Default = $map['Default value']; Pipeline = $map['Accept pipeline input']; Globbing = ($map['Accept wildcard characters'] -eq 'True')
                })
        }
        $params.Add(@{ Name = $pName; Description = $desc; Variants = $variants.ToArray() })
    }
    if ($params.Count -eq 0 -and @($cmd.Sets | Where-Object { $_.ParameterNames.Count -gt 0 }).Count -gt 0) {
        throw "line $($s.Line): '## PARAMETERS' documents no parameter, but the syntax has some."
    }
    $cmd.Parameters = $params.ToArray()

    # Cross-check: the syntax of each set and the parameters documented for it name the same parameters.
    foreach ($set in $cmd.Sets) {
        $documented = @($cmd.Parameters | Where-Object { Get-ParameterVariant -Parameter $_ -SetName $set.Name } | ForEach-Object { $_.Name })
        foreach ($p in $set.ParameterNames) {
            if ($documented -notcontains $p) { throw "the syntax of set '$($set.Name)' names -$p, which '## PARAMETERS' does not document for that set." }
        }
        foreach ($p in $documented) {
            if ($set.ParameterNames -notcontains $p) { throw "-$p is documented for set '$($set.Name)' but missing from that set's syntax." }
        }
    }

    # EXAMPLES
    $s = $sections['EXAMPLES']
    $examples = New-Object System.Collections.Generic.List[object]
    foreach ($sub in $s.Subs) {
        if ($sub.Title -notmatch '^Example \d+') { throw "line $($sub.Line): example heading '### $($sub.Title)' must start with 'Example <n>'." }
        $blocks = Split-MdBlock $sub.Lines
        # Code is the powershell (or untagged) blocks; an 'Output' block is sample output and goes with the remarks.
        $codeBlocks = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -notmatch '^(output|text|console)$' })
        if ($codeBlocks.Count -eq 0) { throw "line $($sub.Line): '### $($sub.Title)' has no code block." }
        $code = ($codeBlocks | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
        $remarks = ConvertTo-MdParagraphList @($blocks | Where-Object { $_.Kind -eq 'text' -or ($_.Kind -eq 'code' -and $_.Lang -match '^(output|text|console)$') })
        if (-not $code.Trim()) { throw "line $($sub.Line): the code of '### $($sub.Title)' is empty." }
        Assert-NoPlaceholder ($code + ($remarks -join "`n")) "'### $($sub.Title)'"
        $examples.Add(@{ Title = $sub.Title; Code = $code.TrimEnd(); Remarks = $remarks })
    }
    if ($examples.Count -eq 0) { throw "line $($s.Line): '## EXAMPLES' has no '### Example 1: ...'." }
    $cmd.Examples = $examples.ToArray()

    # INPUTS / OUTPUTS: '### TypeName' + description.
    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        if (-not $sections.Contains($kind)) { continue }
        $list = New-Object System.Collections.Generic.List[object]
        foreach ($sub in $sections[$kind].Subs) {
            $list.Add(@{ Type = (Convert-MdInline $sub.Title); Description = (ConvertTo-MdParagraphList (Split-MdBlock $sub.Lines)) })
        }
        $loose = @($sections[$kind].Lines | Where-Object { $_.Trim() })
        if ($loose.Count -gt 0) { throw "line $($sections[$kind].Line): '## $kind' text must be under a '### TypeName' subsection." }
        if ($kind -eq 'INPUTS') { $cmd.Inputs = $list.ToArray() } else { $cmd.Outputs = $list.ToArray() }
    }

    # NOTES
    if ($sections.Contains('NOTES')) {
        if ($sections['NOTES'].Subs.Count -gt 0) { throw "line $($sections['NOTES'].Line): '## NOTES' must not have subsections." }
        $cmd.Notes = ConvertTo-MdParagraphList (Split-MdBlock $sections['NOTES'].Lines)
    }

    # RELATED LINKS: one markdown link per line.
    if ($sections.Contains('RELATED LINKS')) {
        $links = New-Object System.Collections.Generic.List[object]
        foreach ($line in $sections['RELATED LINKS'].Lines) {
            $t = $line.Trim()
            if (-not $t) { continue }
            $t = $t -replace '^[-*]\s+', ''
            if ($t -notmatch '^\[([^\]]+)\]\(([^)]*)\)$') { throw "RELATED LINKS: '$t' is not a markdown link [text](uri)." }
            $linkText = $Matches[1]
            $uri = $Matches[2]
            if ($uri -notmatch '^https?://') { $uri = '' }
            $links.Add(@{ Text = $linkText; Uri = $uri })
        }
        if ($sections['RELATED LINKS'].Subs.Count -gt 0) { throw "'## RELATED LINKS' must not have subsections." }
        $cmd.Links = $links.ToArray()
    }
    $cmd
}

function Get-ParameterVariant {
    <# The yaml variant of a parameter that applies to a set, or $null when the parameter is not in it. #>
    param($Parameter, [string] $SetName)
    foreach ($v in $Parameter.Variants) {
        if ($v.Sets -contains '(All)' -or $v.Sets -contains $SetName) { return $v }
    }
    $null
}

# ---------------------------------------------------------------------------------------------------------------------
# MAML
# ---------------------------------------------------------------------------------------------------------------------

function Write-MamlPara {
    param([System.Xml.XmlWriter] $W, [string[]] $Paragraphs)
    $any = $false
    foreach ($p in $Paragraphs) {
        if ($null -eq $p) { continue }
        $W.WriteElementString('maml', 'para', $script:MamlNs, $p)
        $any = $true
    }
    if (-not $any) { $W.WriteElementString('maml', 'para', $script:MamlNs, '') }
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $W, $Parameter, $Variant, [switch] $InSyntax)
    $isSwitch = $Variant.Type -match '^(System\.Management\.Automation\.)?SwitchParameter$'
    $W.WriteStartElement('command', 'parameter', $script:CommandNs)
    $W.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Variant.Pipeline)
    $W.WriteAttributeString('position', $Variant.Position)
    $W.WriteAttributeString('aliases', $(if ($Variant.Aliases.Count -gt 0) { $Variant.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    $W.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-MamlPara $W $Parameter.Description
    $W.WriteEndElement()
    if (-not $isSwitch -and $InSyntax -and $Variant.AcceptedValues.Count -gt 0) {
        $W.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($value in $Variant.AcceptedValues) {
            $W.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $script:CommandNs, 'false')
            $W.WriteString($value)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    elseif (-not $isSwitch) {
        $W.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $W.WriteAttributeString('required', 'true')
        $W.WriteAttributeString('variableLength', $(if ($Variant.Type -match '\[\]$') { 'true' } else { 'false' }))
        $W.WriteString($Variant.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $script:DevNs)
    $W.WriteElementString('maml', 'name', $script:MamlNs, $Variant.Type)
    $W.WriteElementString('maml', 'uri', $script:MamlNs, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $script:DevNs, $Variant.Default)
    $W.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $W, $Cmd)
    $W.WriteStartElement('command', 'command', $script:CommandNs)
    $W.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $W.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $W.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)
    $W.WriteAttributeString('xmlns', 'MSHelp', $null, 'http://msdn.microsoft.com/mshelp')

    $W.WriteStartElement('command', 'details', $script:CommandNs)
    $W.WriteElementString('command', 'name', $script:CommandNs, $Cmd.Name)
    $W.WriteElementString('command', 'verb', $script:CommandNs, $Cmd.Verb)
    $W.WriteElementString('command', 'noun', $script:CommandNs, $Cmd.Noun)
    $W.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-MamlPara $W @($Cmd.Synopsis)
    $W.WriteEndElement()
    $W.WriteEndElement() # details

    $W.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-MamlPara $W $Cmd.Description
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in $Cmd.Sets) {
        $W.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $W.WriteElementString('maml', 'name', $script:MamlNs, $Cmd.Name)
        foreach ($pName in $set.ParameterNames) {
            $p = @($Cmd.Parameters | Where-Object { $_.Name -eq $pName })[0]
            Write-MamlParameter $W $p (Get-ParameterVariant -Parameter $p -SetName $set.Name) -InSyntax
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement() # syntax

    $W.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($p in $Cmd.Parameters) { Write-MamlParameter $W $p $p.Variants[0] }
    $W.WriteEndElement()

    foreach ($kind in @(@{ Outer = 'inputTypes'; Inner = 'inputType'; Items = $Cmd.Inputs }, @{ Outer = 'returnValues'; Inner = 'returnValue'; Items = $Cmd.Outputs })) {
        $W.WriteStartElement('command', $kind.Outer, $script:CommandNs)
        foreach ($item in $kind.Items) {
            $W.WriteStartElement('command', $kind.Inner, $script:CommandNs)
            $W.WriteStartElement('dev', 'type', $script:DevNs)
            $W.WriteElementString('maml', 'name', $script:MamlNs, $item.Type)
            $W.WriteEndElement()
            $W.WriteStartElement('maml', 'description', $script:MamlNs)
            Write-MamlPara $W $item.Description
            $W.WriteEndElement()
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $W.WriteStartElement('maml', 'alertSet', $script:MamlNs)
    $W.WriteStartElement('maml', 'alert', $script:MamlNs)
    Write-MamlPara $W $Cmd.Notes
    $W.WriteEndElement()
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($ex in $Cmd.Examples) {
        $W.WriteStartElement('command', 'example', $script:CommandNs)
        $W.WriteElementString('maml', 'title', $script:MamlNs, "-------------------------- $($ex.Title) --------------------------")
        $W.WriteElementString('dev', 'code', $script:DevNs, $ex.Code)
        $W.WriteStartElement('dev', 'remarks', $script:DevNs)
        Write-MamlPara $W $ex.Remarks
        $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
    $links = @($Cmd.Links)
    if ($Cmd.OnlineVersion) { $links = @(@{ Text = 'Online Version:'; Uri = $Cmd.OnlineVersion }) + $links }
    foreach ($l in $links) {
        $W.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $W.WriteElementString('maml', 'linkText', $script:MamlNs, $l.Text)
        $W.WriteElementString('maml', 'uri', $script:MamlNs, $l.Uri)
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement() # command
}

function Write-MamlFile {
    param([string] $Path, [object[]] $Commands)
    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = $script:Utf8NoBom
    $settings.NewLineChars = "`n"
    $settings.CheckCharacters = $true
    $stream = New-Object System.IO.FileStream -ArgumentList $Path, ([System.IO.FileMode]::Create), ([System.IO.FileAccess]::Write)
    try {
        $w = [System.Xml.XmlWriter]::Create($stream, $settings)
        try {
            $w.WriteStartDocument()
            $w.WriteStartElement('helpItems', 'http://msh')
            $w.WriteAttributeString('schema', 'maml')
            foreach ($c in $Commands) { Write-MamlCommand $w $c }
            $w.WriteEndElement()
            $w.WriteEndDocument()
        }
        finally { ([System.IDisposable]$w).Dispose() }
    }
    finally { ([System.IDisposable]$stream).Dispose() }
}

# ---------------------------------------------------------------------------------------------------------------------
# About topics -> plain text
# ---------------------------------------------------------------------------------------------------------------------

function Format-Wrapped {
    <# Word-wraps text to $Width with a first-line prefix and a continuation indent. #>
    param([string] $Text, [int] $Indent, [string] $FirstPrefix = '', [int] $Width = $script:AboutWidth)
    $pad = ' ' * $Indent
    $first = $pad + $FirstPrefix
    $cont = $pad + (' ' * $FirstPrefix.Length)
    $out = New-Object System.Collections.Generic.List[string]
    $line = $first
    $lineHasWord = $false
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($lineHasWord -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $out.Add($line)
            $line = $cont + $word
        }
        elseif ($lineHasWord) { $line += ' ' + $word }
        else { $line += $word }
        $lineHasWord = $true
    }
    if ($lineHasWord) { $out.Add($line) }
    , $out.ToArray()
}

function Format-AboutBlock {
    param($Block, [int] $Indent)
    $out = New-Object System.Collections.Generic.List[string]
    $pad = ' ' * $Indent
    if ($Block.Kind -eq 'code') {
        foreach ($l in $Block.Lines) { $out.Add(($pad + '    ' + $l).TrimEnd()) }
        return , $out.ToArray()
    }
    $isTable = @($Block.Lines | Where-Object { $_ -match '^\s*\|' }).Count -eq $Block.Lines.Count
    if ($isTable) {
        $rows = @($Block.Lines | Where-Object { $_ -notmatch '^\s*\|?\s*:?-{3,}' } | ForEach-Object {
                , @(($_.Trim().Trim('|') -split '(?<!\\)\|') | ForEach-Object { Convert-MdInline $_.Trim() })
            })
        $widths = @{}
        foreach ($r in $rows) { for ($i = 0; $i -lt $r.Count; $i++) { if (-not $widths.ContainsKey($i) -or $widths[$i] -lt $r[$i].Length) { $widths[$i] = $r[$i].Length } } }
        # All columns but the last are padded; the last one is word-wrapped under itself so lines stay near $Width.
        $lastIndex = $rows[0].Count - 1
        $leftWidth = 0
        for ($i = 0; $i -lt $lastIndex; $i++) { $leftWidth += $widths[$i] + 3 }
        $lastWidth = [Math]::Max(30, $script:AboutWidth - $Indent - $leftWidth)
        $first = $true
        foreach ($r in $rows) {
            $left = ''
            for ($i = 0; $i -lt $lastIndex -and $i -lt $r.Count; $i++) { $left += $r[$i].PadRight($widths[$i]) + '   ' }
            $lastText = if ($r.Count -gt $lastIndex) { $r[$lastIndex] } else { '' }
            $wrapped = [string[]](Format-Wrapped -Text $lastText -Indent 0 -Width $lastWidth)
            if ($null -eq $wrapped -or $wrapped.Length -eq 0) { $wrapped = @('') }
            $out.Add(($pad + $left + $wrapped[0]).TrimEnd())
            for ($j = 1; $j -lt $wrapped.Count; $j++) { $out.Add(($pad + (' ' * $left.Length) + $wrapped[$j]).TrimEnd()) }
            if ($first) {
                $dashes = for ($i = 0; $i -le $lastIndex; $i++) { '-' * $(if ($i -lt $lastIndex) { $widths[$i] } else { [Math]::Min($widths[$i], $lastWidth) }) }
                $out.Add($pad + ($dashes -join '   '))
                $first = $false
            }
        }
        return , $out.ToArray()
    }
    # Paragraph or list.
    $items = New-Object System.Collections.Generic.List[string]
    foreach ($l in $Block.Lines) {
        if ((Test-MdListItem $l) -or $items.Count -eq 0) { $items.Add($l.Trim()) } else { $items[$items.Count - 1] += ' ' + $l.Trim() }
    }
    foreach ($item in $items) {
        $text = Convert-MdInline $item
        if ($text -match '^([-*+]|\d+[.)])\s+(.*)$') {
            $marker = $Matches[1]
            $itemText = $Matches[2]
            if ('-', '*', '+' -contains $marker) { $marker = '-' }
            foreach ($l in (Format-Wrapped -Text $itemText -Indent $Indent -FirstPrefix ($marker + ' '))) { $out.Add($l) }
        }
        else {
            foreach ($l in (Format-Wrapped -Text $text -Indent $Indent)) { $out.Add($l) }
        }
    }
    , $out.ToArray()
}

function ConvertFrom-AboutMarkdown {
    <# PlatyPS about schema: '# about_Topic', '## SHORT DESCRIPTION', '## LONG DESCRIPTION', further '## ' sections,
       '### ' subsections. Output: the classic about_*.help.txt layout (TOPIC / SHORT DESCRIPTION / ...). #>
    param([string] $Text, [string] $FileName)
    $lines = Get-MdLine $Text
    # Optional front matter.
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $end = -1
        for ($i = 1; $i -lt $lines.Count; $i++) { if ($lines[$i].Trim() -eq '---') { $end = $i; break } }
        if ($end -lt 0) { throw 'its YAML front matter is never closed (---).' }
        $lines = if ($end + 1 -lt $lines.Count) { $lines[($end + 1)..($lines.Count - 1)] } else { @() }
    }
    $nodes = Split-MdHeading -Lines $lines
    $h1 = @($nodes | Where-Object { $_.Level -eq 1 })
    if ($h1.Count -ne 1) { throw "it must have exactly one '# about_<Topic>' heading (found $($h1.Count))." }
    $topic = $h1[0].Title
    $expected = [System.IO.Path]::GetFileNameWithoutExtension($FileName)
    if ($topic -ne $expected) { throw "its heading '# $topic' does not match the file name ($expected)." }
    if ($topic -notmatch '^about_[A-Za-z0-9_.-]+$') { throw "'$topic' is not an about_<Topic> name." }
    foreach ($n in $nodes) {
        if ($n.Level -le 1 -and @($n.Lines | Where-Object { $_.Trim() }).Count -gt 0) { throw "line $($n.Line): text outside any '## SECTION'." }
        if ($n.Level -gt 3) { throw "line $($n.Line): heading level $($n.Level) is not supported in an about topic." }
    }
    $titles = @($nodes | Where-Object { $_.Level -eq 2 } | ForEach-Object { $_.Title.ToUpperInvariant() })
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        if ($titles -notcontains $required) { throw "it has no '## $required' section." }
    }
    if (@($titles | Group-Object | Where-Object { $_.Count -gt 1 }).Count -gt 0) { throw 'a ## section appears twice.' }

    $out = New-Object System.Collections.Generic.List[string]
    $out.Add('TOPIC')
    $out.Add("    $topic")
    $out.Add('')
    $sawH2 = $false
    foreach ($n in $nodes) {
        if ($n.Level -lt 2) { continue }
        $blocks = Split-MdBlock $n.Lines.ToArray()
        if ($n.Level -eq 2) {
            $sawH2 = $true
            $title = $n.Title.ToUpperInvariant()
            if ($title -eq 'SHORT DESCRIPTION' -and @($blocks | Where-Object { $_.Kind -eq 'text' }).Count -eq 0) { throw "line $($n.Line): SHORT DESCRIPTION is empty." }
            $out.Add($title)
            $indent = 4
        }
        else {
            if (-not $sawH2) { throw "line $($n.Line): '### $($n.Title)' is not inside a '## SECTION'." }
            $out.Add('  ' + $n.Title.ToUpperInvariant())
            $indent = 4
        }
        foreach ($b in $blocks) {
            foreach ($l in (Format-AboutBlock -Block $b -Indent $indent)) { $out.Add($l) }
            $out.Add('')
        }
        if ($blocks.Count -eq 0) { $out.Add('') }
        Assert-NoPlaceholder (($n.Lines) -join "`n") "section '$($n.Title)'"
    }
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    @{ Topic = $topic; Text = (($out -join [Environment]::NewLine) + [Environment]::NewLine) }
}

# ---------------------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------------------

function Build-HaproxyHelp {
    <#
    .SYNOPSIS
    Converts the PlatyPS-schema markdown help in -SourceDirectory into MAML (<AssemblyName>-Help.xml) and
    about_*.help.txt files in -OutputDirectory.

    .DESCRIPTION
    Every <Command>.md becomes one command:command entry of the MAML file Get-Help reads for the binary module; every
    about_*.md becomes a plain-text about topic. The converter is strict: a file that does not follow the schema
    (missing section, parameter without a yaml block or description, syntax naming an undocumented parameter,
    leftover {{ placeholder }}, ...) throws with the file name and line, so the build fails instead of shipping
    empty help. The MAML is read back after writing to make sure it is well-formed and complete.

    .EXAMPLE
    Import-Module build/HelpBuilder.psm1 -Force
    Build-HaproxyHelp -SourceDirectory en-US -OutputDirectory out/HaproxyRuntime/en-US -AssemblyName 'HaproxyRuntime.PowerShell.dll'
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SourceDirectory,
        [Parameter(Mandatory)] [string] $OutputDirectory,
        [Parameter(Mandatory)] [string] $AssemblyName,
        # Write the generated files' FileInfo objects.
        [switch] $PassThru
    )
    $ErrorActionPreference = 'Stop'
    # Resolve against PowerShell's location: .NET's current directory differs from it in Windows PowerShell.
    $source = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($SourceDirectory)
    $output = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputDirectory)
    if (-not (Test-Path -LiteralPath $source -PathType Container)) { throw "Help source directory '$source' does not exist." }
    if (-not $AssemblyName.EndsWith('.dll', [System.StringComparison]::OrdinalIgnoreCase)) { throw "-AssemblyName '$AssemblyName' must name the module's .dll." }
    $helpFileName = "$AssemblyName-Help.xml"

    $files = @(Get-ChildItem -LiteralPath $source -Filter '*.md' | Where-Object { -not $_.PSIsContainer } | Sort-Object Name)
    if ($files.Count -eq 0) { throw "No markdown help files in '$source'." }

    $commands = New-Object System.Collections.Generic.List[object]
    $abouts = New-Object System.Collections.Generic.List[object]
    foreach ($file in $files) {
        $text = [System.IO.File]::ReadAllText($file.FullName, $script:Utf8NoBom)
        try {
            if ($file.BaseName -like 'about_*') {
                $abouts.Add((ConvertFrom-AboutMarkdown -Text $text -FileName $file.Name))
            }
            else {
                $cmd = ConvertFrom-CommandMarkdown -Text $text -FileName $file.Name
                if ($cmd.HelpFile -ne $helpFileName) {
                    throw "its front matter says 'external help file: $($cmd.HelpFile)', but the help is built into $helpFileName; Get-Help would not find it."
                }
                $commands.Add($cmd)
            }
        }
        catch {
            throw "Help source $($file.FullName) cannot be converted: $($_.Exception.Message)"
        }
        Write-Verbose "Parsed $($file.Name)"
    }
    if ($commands.Count -eq 0) { throw "No command help (only about topics) in '$source'." }

    if (-not (Test-Path -LiteralPath $output -PathType Container)) { New-Item -ItemType Directory -Path $output -Force | Out-Null }
    $mamlPath = Join-Path $output $helpFileName
    Write-MamlFile -Path $mamlPath -Commands $commands.ToArray()

    # Read it back: well-formed, one entry per command, each with a synopsis.
    $doc = New-Object System.Xml.XmlDocument
    $doc.Load($mamlPath)
    $ns = New-Object System.Xml.XmlNamespaceManager -ArgumentList $doc.NameTable
    $ns.AddNamespace('command', $script:CommandNs)
    $ns.AddNamespace('maml', $script:MamlNs)
    $written = $doc.SelectNodes('//command:command', $ns)
    if ($written.Count -ne $commands.Count) { throw "$mamlPath holds $($written.Count) commands instead of $($commands.Count)." }
    foreach ($node in $written) {
        $synopsis = $node.SelectSingleNode('command:details/maml:description/maml:para', $ns)
        if ($null -eq $synopsis -or -not $synopsis.InnerText.Trim()) { throw "$mamlPath has a command without a synopsis." }
    }
    $result = @(Get-Item -LiteralPath $mamlPath)

    foreach ($about in $abouts) {
        $path = Join-Path $output "$($about.Topic).help.txt"
        # With a BOM: Windows PowerShell 5.1 reads a BOM-less help file as ANSI.
        [System.IO.File]::WriteAllText($path, $about.Text, $script:Utf8Bom)
        $result += Get-Item -LiteralPath $path
    }
    Write-Verbose "Help: $($commands.Count) commands -> $mamlPath; $($abouts.Count) about topic(s)."
    if ($PassThru) { $result }
}

Export-ModuleMember -Function Build-HaproxyHelp
