<#
.SYNOPSIS
    Runs every *.Tests.ps1 here against the built module, in this fresh pwsh, and writes the totals as JSON.
    Exits 1 unless Pester's result is Passed, so a failure its counts miss still fails the run.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:PHIFINETUNE_TEST_MODULE = $ModulePath
# Restored by build/TestTools.csproj beside Pester: an older Azure.Core, as Az.Accounts would load one.
$env:PHIFINETUNE_TEST_OLD_AZURE_CORE = Join-Path $PesterPath '../../../../azure.core/1.36.0/lib/net6.0/Azure.Core.dll' | Resolve-Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = [IO.Path]::ChangeExtension($ResultPath, '.xml')
$configuration.TestResult.OutputFormat = 'NUnitXml'
$result = Invoke-Pester -Configuration $configuration

[ordered]@{
    Total   = $result.TotalCount
    Passed  = $result.PassedCount
    # A failed BeforeAll or a file that does not parse fails its tests without counting them as failed.
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # Neither passed nor failed, as build.ps1 counts xunit's not-executed tests.
    Skipped = $result.SkippedCount + $result.NotRunCount + $result.InconclusiveCount
} | ConvertTo-Json | Set-Content -Encoding utf8 $ResultPath
exit ([int]($result.Result -ne 'Passed'))
