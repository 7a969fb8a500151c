#requires -Version 7.4
<#
.SYNOPSIS
    Lays the module out for the benchmarks in a folder of its own, without touching out/ or any src/*/bin, obj.
.DESCRIPTION
    The same layout as build.ps1's Build task (the Engine and its dependencies under dependencies/, PhiFineTune.dll,
    PhiFineTune.Contracts.dll, the stamped manifest and the format file beside), built with --artifacts-path so that
    it can run while someone else builds or tests the repository. No help, no emulator: the benchmarks need neither.
    Writes source.txt beside the manifest: the commit and whether the work tree had changes, so that figures can be
    tied to the code they measured. Prints the manifest's path.
.EXAMPLE
    dotnet pwsh bench/Build-BenchModule.ps1 -OutputPath /tmp/bench/module
#>
[CmdletBinding()]
param(
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out/module'),
    [string] $ArtifactsPath = (Join-Path $PSScriptRoot 'out/artifacts')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot
. (Join-Path $root 'build/ModuleLayout.ps1')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Dotnet {
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

$version = ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix |
    Where-Object { $_ } | Select-Object -First 1
$out = Join-Path $OutputPath "PhiFineTune/$version"
$staging = Join-Path $ArtifactsPath 'staging-engine'
foreach ($path in $out, $staging) { if (Test-Path $path) { Remove-Item -Recurse -Force $path } }

Invoke-Dotnet build (Join-Path $root 'src/PhiFineTune/PhiFineTune.csproj') -c Release --artifacts-path $ArtifactsPath `
    --nologo -v quiet '-clp:ErrorsOnly'
Invoke-Dotnet publish (Join-Path $root 'src/PhiFineTune.Engine/PhiFineTune.Engine.csproj') -c Release --no-build `
    --artifacts-path $ArtifactsPath -o $staging --nologo -v quiet

Copy-ModuleLayout -Root $root -Version $version -EngineDirectory $staging `
    -CmdletDirectory (Join-Path $ArtifactsPath 'bin/PhiFineTune/release') -Destination $out
Remove-Item -Recurse -Force $staging

$commit = (& git -C $root rev-parse --short HEAD 2>$null)
$dirty = @(& git -C $root status --porcelain --untracked-files=no -- src module 2>$null).Count -gt 0
"commit $commit$(if ($dirty) { ' with uncommitted changes under src/ or module/' })" |
    Set-Content -Encoding utf8 (Join-Path $out 'source.txt')
Join-Path $out 'PhiFineTune.psd1'
