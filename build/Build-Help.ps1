#requires -Version 7.4
<#
.SYNOPSIS
    Compiles docs/<Cmdlet>.md into MAML help (PhiFineTune.dll-Help.xml) and docs/about_PhiFineTune.md into
    about_PhiFineTune.help.txt, failing when a page is missing or incomplete.
.DESCRIPTION
    A small stand-in for PlatyPS. The markdown gives only text; every parameter fact (type, mandatory, position,
    pipeline input, wildcards, aliases, parameter sets) comes from the imported module's metadata.

    Page format: "# <Cmdlet>", then "## SYNOPSIS", "## SYNTAX" (optional, ignored), "## DESCRIPTION",
    "## EXAMPLES" ("### Example N: Title", a fenced code block, then remarks), "## PARAMETERS" ("### -Name" and
    its text; a last line "Default value: X" becomes the default shown by Get-Help), "## INPUTS" and "## OUTPUTS"
    ("### TypeName" and text; OUTPUTS must name the cmdlet's [OutputType], or None), "## NOTES",
    "## RELATED LINKS" ("- [Text](target)").
    Common parameters, -WhatIf and -Confirm included, are not documented on pages; the compiler writes them.

    Exit code 0, with no output, when the help was written; 1, with every problem listed on stderr, when it was not.
.EXAMPLE
    pwsh -NoProfile -File build/Build-Help.ps1 -ModulePath out/PhiFineTune/0.1.0/PhiFineTune.psd1 -DocsPath docs -OutputPath out/PhiFineTune/0.1.0/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters +
    [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$knownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$shouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# ---------------------------------------------------------------- markdown

# Splits a page into "# title", "## sections" and their "### subsections". Fenced code is never a heading.
function Read-MarkdownPage([string] $Path) {
    $page = [pscustomobject]@{ Path = $Path; Title = $null; Sections = [ordered]@{} }
    $section = $null; $sub = $null; $inFence = $false
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3})\s+(.+?)\s*#*\s*$') {
            $level = $Matches[1].Length; $text = $Matches[2]
            if ($level -eq 1) { $page.Title = $text; $section = $null; $sub = $null; continue }
            if ($level -eq 2) {
                $section = [pscustomobject]@{ Name = $text.ToUpperInvariant(); Lines = [Collections.Generic.List[string]]::new(); Subsections = [Collections.Generic.List[object]]::new() }
                $page.Sections[$section.Name] = $section; $sub = $null; continue
            }
            if ($null -ne $section) {
                $sub = [pscustomobject]@{ Title = $text; Lines = [Collections.Generic.List[string]]::new() }
                $section.Subsections.Add($sub); continue
            }
        }
        if ($null -ne $sub) { $sub.Lines.Add($line) } elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    $page
}

# Inline markdown reads badly in a console: [text](link) becomes text, `code` and **bold** lose their marks.
function Format-Inline([string] $Text) {
    $Text -replace '\[([^\]]+)\]\([^)]*\)', '$1' -replace '`([^`]+)`', '$1' -replace '\*\*([^*]+)\*\*', '$1'
}

# Lines to blocks: @{ Kind = 'para' | 'code'; Text; Item; Table }. Each list item and table row is a block of its own.
function ConvertTo-Block([string[]] $Lines) {
    $blocks = [Collections.Generic.List[object]]::new(); $current = $null; $code = $null
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*(```|~~~)\s*$') { $code.Text = $code.Lines -join "`n"; $blocks.Add($code); $code = $null }
            else { $code.Lines.Add($line) }
            continue
        }
        if ($line -match '^\s*(```|~~~)') {
            $current = $null
            $code = [pscustomobject]@{ Kind = 'code'; Lines = [Collections.Generic.List[string]]::new(); Text = ''; Table = $false; Item = $false }
            continue
        }
        if ($line -match '^\s*$') { $current = $null; continue }
        $isItem = $line -match '^\s*([-*+]|\d+\.)\s+'
        $isRow = $line -match '^\s*\|'
        if ($null -eq $current -or $isItem -or $isRow -or $current.Table) {
            if ($line -match '^\s*\|[-:|\s]+\|\s*$') { continue }   # a table's |---|---| rule
            $current = [pscustomobject]@{ Kind = 'para'; Text = $line.Trim(); Table = $isRow; Item = $isItem }
            $blocks.Add($current)
        }
        else { $current.Text += ' ' + $line.Trim() }
    }
    if ($null -ne $code) { $code.Text = $code.Lines -join "`n"; $blocks.Add($code) }
    foreach ($b in $blocks) { if ($b.Kind -eq 'para') { $b.Text = Format-Inline $b.Text } }
    $blocks   # unrolled: callers wrap in @()
}

function Get-Para($Lines) { ConvertTo-Block $Lines | Where-Object Kind -EQ 'para' | ForEach-Object Text }

# ---------------------------------------------------------------- checks

function Test-Page($Command, $Page) {
    $problems = [Collections.Generic.List[string]]::new()
    if ($Page.Title -ne $Command.Name) { $problems.Add("the title is '# $($Page.Title)'; it must be '# $($Command.Name)'.") }
    foreach ($name in $Page.Sections.Keys) {
        if ($name -notin $knownSections) { $problems.Add("unknown section '## $name' (known: $($knownSections -join ', ')).") }
    }
    foreach ($name in 'SYNOPSIS', 'DESCRIPTION') {
        if (-not $Page.Sections.Contains($name) -or @(Get-Para $Page.Sections[$name].Lines).Count -eq 0) {
            $problems.Add("'## $name' is missing or empty.")
        }
    }
    $examples = @(if ($Page.Sections.Contains('EXAMPLES')) { $Page.Sections['EXAMPLES'].Subsections })
    if ($examples.Count -eq 0) { $problems.Add("'## EXAMPLES' has no '### Example' with a code block.") }
    foreach ($example in $examples) {
        if (-not (ConvertTo-Block $example.Lines | Where-Object Kind -EQ 'code')) { $problems.Add("example '$($example.Title)' has no fenced code block.") }
    }
    $documented = Get-DocumentedParameter $Page
    foreach ($parameter in Get-OwnParameter $Command) {
        if (-not $documented.Contains($parameter.Name) -or
            @(Get-Para $documented[$parameter.Name].Lines | Where-Object { $_ -notmatch '^Default value:' }).Count -eq 0) {
            $problems.Add("parameter -$($parameter.Name) has no '### -$($parameter.Name)' section with text under '## PARAMETERS'.")
        }
    }
    foreach ($name in $documented.Keys) {
        if ($name -in $commonParameters) { $problems.Add("'### -$name' documents a common parameter; leave it out, the compiler writes it.") }
        elseif (-not $Command.Parameters.ContainsKey($name)) { $problems.Add("'### -$name' documents a parameter $($Command.Name) does not have.") }
    }
    # OUTPUTS names the [OutputType] types ("None" for void), so a renamed type cannot leave a page behind.
    $declared = @($Command.OutputType.Name | ForEach-Object { if ($_ -eq 'System.Void') { 'None' } else { $_ } })
    if (-not $declared) { $declared = @('None') }
    foreach ($output in $(if ($Page.Sections.Contains('OUTPUTS')) { $Page.Sections['OUTPUTS'].Subsections })) {
        if ($output.Title -notin $declared) { $problems.Add("'### $($output.Title)' under '## OUTPUTS' is not what the cmdlet declares: $($declared -join ', ').") }
    }
    $problems
}

function Get-DocumentedParameter($Page) {
    $result = [ordered]@{}
    if ($Page.Sections.Contains('PARAMETERS')) {
        foreach ($sub in $Page.Sections['PARAMETERS'].Subsections) { $result[$sub.Title.TrimStart('-')] = $sub }
    }
    $result
}

function Get-OwnParameter($Command) {
    $Command.Parameters.Values | Where-Object Name -NotIn $commonParameters
}

# ---------------------------------------------------------------- MAML

# The writer is script-wide; element names carry their prefix ('command:details').
function Open([string] $Name) { $prefix, $local = $Name -split ':'; $script:xml.WriteStartElement($prefix, $local, $ns[$prefix]) }
function Close { $script:xml.WriteEndElement() }
function Leaf([string] $Name, [string] $Value) { $prefix, $local = $Name -split ':'; $script:xml.WriteElementString($prefix, $local, $ns[$prefix], $Value) }
function Attr([string] $Name, $Value) { $script:xml.WriteAttributeString($Name, $(if ($Value -is [bool]) { "$Value".ToLowerInvariant() } else { "$Value" })) }
function Description([string[]] $Paragraphs) { Open 'maml:description'; foreach ($p in $Paragraphs) { Leaf 'maml:para' $p }; Close }

function Get-TypeName([type] $Type, [switch] $Full) {
    if ($Type.IsArray) { return (Get-TypeName $Type.GetElementType() -Full:$Full) + '[]' }
    if ([Nullable]::GetUnderlyingType($Type)) { return Get-TypeName ([Nullable]::GetUnderlyingType($Type)) -Full:$Full }
    if ($Full) { $Type.FullName } else { $Type.Name }
}

# One <command:parameter>. $Sets: the metadata of the one parameter set (syntax), or of every set it is in (parameters).
function Write-Parameter($Parameter, $Sets, $Text) {
    $type = $Parameter.ParameterType
    $positional = @($Sets | Where-Object Position -GE 0)
    $pipeline = @(if ($Sets | Where-Object ValueFromPipeline) { 'ByValue' }; if ($Sets | Where-Object ValueFromPipelineByPropertyName) { 'ByPropertyName' })
    Open 'command:parameter'
    Attr 'required' (-not ($Sets | Where-Object { -not $_.IsMandatory }))
    Attr 'variableLength' $type.IsArray
    Attr 'globbing' ([bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))
    Attr 'pipelineInput' $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' })
    Attr 'position' $(if ($positional) { $positional[0].Position } else { 'named' })
    Attr 'aliases' $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' })
    Leaf 'maml:name' $Parameter.Name
    Description $Text.Text
    if ($type -ne [switch]) {   # a switch has no value; Get-Help shows it as [-Name]
        $values = if ($type.IsEnum) { [Enum]::GetNames($type) }
                  else { $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues }
        if ($values) {   # Get-Help shows -Name {A | B | C}
            Open 'command:parameterValueGroup'
            foreach ($v in $values) { Open 'command:parameterValue'; Attr 'required' $false; Attr 'variableLength' $false; $script:xml.WriteString($v); Close }
            Close
        }
        Open 'command:parameterValue'; Attr 'required' $true; Attr 'variableLength' $type.IsArray; $script:xml.WriteString((Get-TypeName $type)); Close
    }
    Open 'dev:type'; Leaf 'maml:name' (Get-TypeName $type -Full); Close
    Leaf 'dev:defaultValue' $(if ($Text.Default) { $Text.Default } elseif ($type -eq [switch]) { 'False' } else { 'None' })
    Close
}

# Text of a documented parameter, with its "Default value:" line taken out.
function Get-ParameterText([string] $Name, $Documented) {
    if ($shouldProcessText.ContainsKey($Name)) { return @{ Text = @($shouldProcessText[$Name]); Default = 'False' } }
    $paras = @(Get-Para $Documented[$Name].Lines)
    $default = $null
    if ($paras.Count -and $paras[-1] -match '^Default value:\s*(.+)$') { $default = $Matches[1]; $paras = @($paras | Select-Object -SkipLast 1) }
    @{ Text = $paras; Default = $default }
}

function Write-Command($Command, $Page) {
    $section = { param($n) if ($Page.Sections.Contains($n)) { $Page.Sections[$n] } else { [pscustomobject]@{ Lines = @(); Subsections = @() } } }
    $documented = Get-DocumentedParameter $Page
    # Documented order first, then -WhatIf and -Confirm when the cmdlet has them.
    $names = @($documented.Keys) + @('WhatIf', 'Confirm' | Where-Object { $Command.Parameters.ContainsKey($_) })
    $text = @{}; foreach ($n in $names) { $text[$n] = Get-ParameterText $n $documented }

    Open 'command:command'
    Open 'command:details'
    Leaf 'command:name' $Command.Name
    Leaf 'command:verb' $Command.Verb
    Leaf 'command:noun' $Command.Noun
    Description @(Get-Para (& $section 'SYNOPSIS').Lines)
    Close
    Description @(Get-Para (& $section 'DESCRIPTION').Lines)

    Open 'command:syntax'   # one item per parameter set, the default set first; positional parameters in order, then mandatory ones
    foreach ($set in @($Command.ParameterSets | Sort-Object -Stable { -not $_.IsDefault })) {
        Open 'command:syntaxItem'
        Leaf 'maml:name' $Command.Name
        $inSet = @($set.Parameters | Where-Object { $_.Name -notin $commonParameters -or $shouldProcessText.ContainsKey($_.Name) })
        $ordered = @($inSet | Where-Object Position -GE 0 | Sort-Object Position) + @($inSet | Where-Object Position -LT 0 | Sort-Object -Stable { -not $_.IsMandatory })
        foreach ($p in $ordered) { Write-Parameter $Command.Parameters[$p.Name] @($p) $text[$p.Name] }
        Close
    }
    Close

    Open 'command:parameters'
    foreach ($n in $names) { Write-Parameter $Command.Parameters[$n] @($Command.Parameters[$n].ParameterSets.Values) $text[$n] }
    Close

    foreach ($kind in @(, @('INPUTS', 'command:inputTypes', 'command:inputType')) + @(, @('OUTPUTS', 'command:returnValues', 'command:returnValue'))) {
        $types = @((& $section $kind[0]).Subsections)
        if ($kind[0] -eq 'OUTPUTS' -and -not $types) {   # no OUTPUTS section: the [OutputType] metadata
            $types = @($Command.OutputType | ForEach-Object { [pscustomobject]@{ Title = $_.Name; Lines = @() } })
        }
        Open $kind[1]
        foreach ($t in $types) { Open $kind[2]; Open 'dev:type'; Leaf 'maml:name' (Format-Inline $t.Title); Close; Description @(Get-Para $t.Lines); Close }
        Close
    }

    Open 'maml:alertSet'; Open 'maml:alert'
    foreach ($p in @(Get-Para (& $section 'NOTES').Lines)) { Leaf 'maml:para' $p }
    Close; Close

    Open 'command:examples'
    foreach ($example in (& $section 'EXAMPLES').Subsections) {
        $blocks = @(ConvertTo-Block $example.Lines)
        $code = @($blocks | Where-Object Kind -EQ 'code')[0]   # the first code block; later ones (output) go to the remarks
        Open 'command:example'
        Leaf 'maml:title' "---------- $($example.Title) ----------"
        Leaf 'dev:code' $code.Text
        Open 'dev:remarks'
        foreach ($b in $blocks) { if ($b -ne $code) { Leaf 'maml:para' $b.Text } }
        Leaf 'maml:para' ''   # a blank line before the next example
        Close; Close
    }
    Close

    Open 'maml:relatedLinks'
    foreach ($line in (& $section 'RELATED LINKS').Lines) {
        if ($line -notmatch '^\s*[-*]?\s*\[([^\]]+)\]\(([^)]*)\)') { continue }
        $linkText, $target = $Matches[1], $Matches[2]
        Open 'maml:navigationLink'
        Leaf 'maml:linkText' $linkText
        Leaf 'maml:uri' $(if ($target -match '^https?://') { $target } else { '' })   # pages link each other by name only
        Close
    }
    Close
    Close
}

# ---------------------------------------------------------------- about topic

# Markdown to the plain text Get-Help about_* prints: headings flush left, text wrapped at 80 and indented.
function ConvertTo-AboutText([string] $Path) {
    $out = [Text.StringBuilder]::new(); $body = [Collections.Generic.List[string]]::new(); $inFence = $false
    $flush = {
        $blocks = @(ConvertTo-Block $body)
        for ($i = 0; $i -lt $blocks.Count; $i++) {
            $b = $blocks[$i]
            if ($b.Kind -eq 'code') { foreach ($l in $b.Text -split "`n") { [void]$out.AppendLine(('        ' + $l).TrimEnd()) } }
            elseif ($b.Table) { [void]$out.AppendLine('    ' + $b.Text) }
            else {
                $hang = if ($b.Text -match '^(([-*+]|\d+\.)\s+)') { ' ' * $Matches[1].Length } else { '' }
                $line = '    '
                foreach ($word in $b.Text -split '\s+') {
                    if ($line.Trim() -and $line.Length + 1 + $word.Length -gt 80) { [void]$out.AppendLine($line.TrimEnd()); $line = '    ' + $hang }
                    $line += $(if ($line.Trim()) { ' ' } else { '' }) + $word
                }
                [void]$out.AppendLine($line.TrimEnd())
            }
            # A blank line after each block, except between the items of one list or the rows of one table.
            $next = if ($i + 1 -lt $blocks.Count) { $blocks[$i + 1] }
            if (-not ($next -and (($b.Item -and $next.Item) -or ($b.Table -and $next.Table)))) { [void]$out.AppendLine() }
        }
        $body.Clear()
    }
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if ($inFence -or $line -notmatch '^(#{1,3})\s+(.+?)\s*$') { $body.Add($line); continue }
        & $flush
        switch ($Matches[1].Length) {
            1 { [void]$out.AppendLine('TOPIC').AppendLine("    $($Matches[2])").AppendLine() }
            2 { [void]$out.AppendLine($Matches[2].ToUpperInvariant()) }
            3 { [void]$out.AppendLine("  $($Matches[2])") }
        }
    }
    & $flush
    $out.ToString().TrimEnd() + [Environment]::NewLine
}

# ---------------------------------------------------------------- main

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$problems = [Collections.Generic.List[string]]::new()
$module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).Path -PassThru -Force
$commands = @($module.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { Get-Command -Name $_ -Module $module.Name -CommandType Cmdlet })
$pages = [ordered]@{}
foreach ($command in $commands) {
    $path = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $path)) { $problems.Add("${path}: missing; $($command.Name) is exported and needs a page."); continue }
    $pages[$command.Name] = Read-MarkdownPage $path
    foreach ($p in Test-Page $command $pages[$command.Name]) { $problems.Add("${path}: $p") }
}
$aboutSource = Join-Path $DocsPath "about_$($module.Name).md"
if (-not (Test-Path -LiteralPath $aboutSource)) { $problems.Add("${aboutSource}: missing; the module's about topic is built from it.") }

if ($problems.Count) {
    foreach ($p in $problems) { [Console]::Error.WriteLine("Build-Help: $p") }
    [Console]::Error.WriteLine("Build-Help: $($problems.Count) problem(s); no help was written.")
    exit 1
}

$null = New-Item -ItemType Directory -Force $OutputPath
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
$mamlPath = Join-Path $OutputPath $commands[0].HelpFile   # PhiFineTune.dll-Help.xml, where Get-Help looks
$script:xml = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $xml.WriteStartDocument()
    $xml.WriteStartElement('helpItems', 'http://msh')
    $xml.WriteAttributeString('schema', 'maml')
    foreach ($prefix in $ns.Keys) { $xml.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
    foreach ($command in $commands) { Write-Command $command $pages[$command.Name] }
    $xml.WriteEndElement()
    $xml.WriteEndDocument()
}
finally { $xml.Dispose() }

$aboutPath = Join-Path $OutputPath "about_$($module.Name).help.txt"
[IO.File]::WriteAllText($aboutPath, (ConvertTo-AboutText $aboutSource), [Text.UTF8Encoding]::new($false))
# Silent on success: build.ps1 reads this process's output as its exit code.
exit 0
