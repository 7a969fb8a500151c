#requires -Version 7.4
<#
.SYNOPSIS
    Regenerates the table "In the emulator's code" of docs/contracts/emulator-choices.md from the emulator's source.
.DESCRIPTION
    The table lists every line of src/PhiFineTune.Emulator/**.cs that carries the label "Emulator choice": file, line
    and text. One implementation builds and checks it: EmulatorChoicesTableTests (tests/PhiFineTune.Emulator.Tests)
    fails when the table differs from the code, and writes the table instead when PHIFINETUNE_UPDATE_EMULATOR_CHOICES
    is 1, which this script sets for one run of that test. The first table (from the contract pages) is not touched.
.EXAMPLE
    pwsh -NoProfile -File build/Update-EmulatorChoices.ps1
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = Split-Path -Parent $PSScriptRoot
$tests = Join-Path $root 'tests/PhiFineTune.Emulator.Tests/PhiFineTune.Emulator.Tests.csproj'
$env:PHIFINETUNE_UPDATE_EMULATOR_CHOICES = '1'
try {
    dotnet test $tests -c $Configuration --filter 'FullyQualifiedName~EmulatorChoicesTableTests'
    if ($LASTEXITCODE -ne 0) { throw "dotnet test failed with exit code $LASTEXITCODE" }
}
finally {
    Remove-Item Env:PHIFINETUNE_UPDATE_EMULATOR_CHOICES -ErrorAction SilentlyContinue
}
