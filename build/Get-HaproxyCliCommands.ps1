<#
.SYNOPSIS
The command forms of HAProxy's management guide (doc/management.txt): the headings of its "Unix Socket commands" and
"Master CLI commands" sections, one form per line, as the guide writes them.

.DESCRIPTION
Writes the text of build/haproxy-<line>-cli-commands.txt, the list docs/runtime-api-coverage.md must follow row for
row (tests/Pester/Coverage.Tests.ps1 compares them):

  # <where the guide came from> ...       comment lines (the first names the tag)
  [Unix Socket commands]                  a section of the guide
  abort ssl ca-file <cafile>              one command form per line, in the guide's order
  ...
  [Master CLI commands]
  @<[!]pid>
  ...

Only the forms are taken (the command's syntax), never the guide's prose. How the guide lays a command out: its
heading starts at column 0 after a blank line, with a lower-case letter or '@'; several headings may follow each other
(the forms of one command: "add map [@<ver>] <map> <key> <value>" then "add map [@<ver>] <map> <payload>"); a heading
that ends with '|' or '\' goes on, indented, on the next line (joined here, the '\' dropped); the description follows,
indented. A block of column-0 lines that ends in a blank line instead is prose (the sections' introductions), and so is
a line that starts otherwise (". For tasks profiling, ..."). Both sections are found by their titles, not their
numbers, so a later guide that renumbers them still reads.

.PARAMETER Path
The guide, e.g. from a HAProxy clone: git -C haproxy show v3.4.0:doc/management.txt > management.txt

.PARAMETER Tag
The tag (or commit) the guide came from, recorded on the first line. Without it the first line names the guide's own
"version X.Y" line only.

.EXAMPLE
git -C ../haproxy show v3.4.0:doc/management.txt > /tmp/management.txt
./build/Get-HaproxyCliCommands.ps1 -Path /tmp/management.txt -Tag v3.4.0 | Set-Content build/haproxy-3.4-cli-commands.txt
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $Tag
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$lines = @(Get-Content -LiteralPath $Path)
# The sections, by title: a numbered heading line underlined with dashes ("9.3. Unix Socket commands").
$sections = @('Unix Socket commands', 'Master CLI commands')

function Get-SectionBody([string] $Title) {
    $start = -1
    for ($i = 0; $i -lt $lines.Count - 1; $i++) {
        if ($lines[$i] -match "^\d+(\.\d+)*\.?\s+$([regex]::Escape($Title))\s*$" -and $lines[$i + 1] -match '^-{3,}\s*$') { $start = $i + 2; break }
    }
    if ($start -lt 0) { throw "$Path has no section titled '$Title' (a numbered heading underlined with dashes)." }
    # Up to the next numbered heading underlined with dashes (a subsection or the next section).
    for ($end = $start; $end -lt $lines.Count - 1; $end++) {
        if ($lines[$end] -match '^\d+(\.\d+)*\.?\s+\S' -and $lines[$end + 1] -match '^-{3,}\s*$') { break }
    }
    if ($end -ge $lines.Count - 1) { $end = $lines.Count }
    , @($lines[$start..($end - 1)])
}

function Get-CommandForms([string[]] $Body) {
    $forms = [System.Collections.Generic.List[string]]::new()
    $i = 0
    while ($i -lt $Body.Count) {
        $atBlockStart = $i -eq 0 -or $Body[$i - 1].Trim().Length -eq 0
        if (-not ($atBlockStart -and $Body[$i] -cmatch '^[a-z@]')) { $i++; continue }
        # A block of column-0 lines (each with its continuation lines): headings if an indented description follows.
        $block = [System.Collections.Generic.List[string]]::new()
        while ($i -lt $Body.Count -and $Body[$i] -cmatch '^[a-z@]') {
            $heading = $Body[$i].TrimEnd()
            $i++
            while ($heading -match '[|\\]$' -and $i -lt $Body.Count -and $Body[$i] -match '^\s+\S') {
                $heading = ($heading -replace '\\$', '').TrimEnd() + ' ' + $Body[$i].Trim()
                $i++
            }
            $block.Add(($heading -replace '\s+', ' '))
        }
        if ($i -lt $Body.Count -and $Body[$i] -match '^\s+\S') { $forms.AddRange($block) }
    }
    , $forms
}

$version = @($lines | Select-Object -First 10 | Where-Object { $_ -match '^\s*version\s+(\S+)\s*$' } | ForEach-Object { $Matches[1] }) | Select-Object -First 1
$from = if ($Tag) { "HAProxy $Tag" } else { 'HAProxy (tag not given)' }
"# Source: $from, doc/management.txt (`"version $version`")."
"# The command headings of its sections `"$($sections -join '" and "')`": one command form per line, in the guide's"
'# order, as the guide writes them. Do not edit: regenerate with build/Get-HaproxyCliCommands.ps1 -Path <management.txt>'
'# -Tag <tag>. docs/runtime-api-coverage.md follows this list row for row (tests/Pester/Coverage.Tests.ps1).'
foreach ($section in $sections) {
    $forms = Get-CommandForms (Get-SectionBody $section)
    if ($forms.Count -eq 0) { throw "Section '$section' of $Path has no command heading: has the guide's layout changed?" }
    "[$section]"
    $forms
}
