#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates the PhiFineTune module.
.DESCRIPTION
    Build  lays the module out under out/PhiFineTune/<version>/, importable as is.
    Test   builds, runs every xunit and Pester test, and ends with one line "N passed, N failed, N skipped".
           It fails when a test fails or a test runner exits non-zero.
    Demo   builds, starts the emulator, runs the user flow against it and stops everything it started.
    Clean  removes out/ and every bin/ and obj/ folder.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
. (Join-Path $root 'build/ModuleLayout.ps1')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Get-ModuleVersion {
    ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix |
        Where-Object { $_ } | Select-Object -First 1
}

function Get-ModuleOutput { Join-Path $root "out/PhiFineTune/$(Get-ModuleVersion)" }

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

# A fresh pwsh of the same version as this one, so tests and the demo import the module into a clean session.
function Invoke-ChildPwsh([string[]] $Arguments) {
    $host_ = [Environment]::ProcessPath
    $prefix = @(if ((Split-Path $host_ -Leaf) -match '^dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
    & $host_ @prefix -NoProfile -NonInteractive @Arguments | Out-Host
    return $LASTEXITCODE
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $out = Get-ModuleOutput
    $staging = Join-Path $root 'out/staging'
    if (Test-Path $out) { Remove-Item -Recurse -Force $out }
    if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }

    Write-Host "Building PhiFineTune $version ($Configuration)"
    Invoke-Dotnet build (Join-Path $root 'PhiFineTune.sln') -c $Configuration --nologo -v quiet '-clp:ErrorsOnly'
    Invoke-Dotnet publish (Join-Path $root 'src/PhiFineTune.Engine/PhiFineTune.Engine.csproj') -c $Configuration `
        --no-build -o (Join-Path $staging 'engine') --nologo -v quiet
    Invoke-Dotnet publish (Join-Path $root 'src/PhiFineTune.Emulator/PhiFineTune.Emulator.csproj') -c $Configuration `
        --no-build -o (Join-Path $out 'emulator') --nologo -v quiet

    Copy-ModuleLayout -Root $root -Version $version -EngineDirectory (Join-Path $staging 'engine') `
        -CmdletDirectory (Join-Path $root "src/PhiFineTune/bin/$Configuration/net8.0") -Destination $out
    Get-ChildItem (Join-Path $out 'emulator') -Filter '*.pdb' | Remove-Item

    $help = Join-Path $out 'en-US'
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $root 'build/Build-Help.ps1'), '-ModulePath', (Join-Path $out 'PhiFineTune.psd1'),
        '-DocsPath', (Join-Path $root 'docs'), '-OutputPath', $help)
    if ($exit -ne 0) { throw "Building help from docs/ failed (exit code $exit)." }
    Remove-Item -Recurse -Force $staging
    Write-Host "Module laid out at $out"
}

function Get-PesterModule {
    Invoke-Dotnet restore (Join-Path $root 'build/TestTools.csproj') --nologo -v quiet
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 6.2.0 was not restored to $pester." }
    $pester
}

# Azurite for the emulator, installed from the committed lockfile into out/azurite (never into the source tree).
# Skipped when out/azurite already holds an install of the same lockfile.
function Install-Azurite {
    $source = Join-Path $root 'src/PhiFineTune.Emulator/azurite'
    $target = Join-Path $root 'out/azurite'
    $entry = Join-Path $target 'node_modules/azurite/dist/src/blob/main.js'
    $lock = Join-Path $target 'package-lock.json'
    if ((Test-Path $entry) -and (Test-Path $lock) -and
        (Get-FileHash $lock).Hash -eq (Get-FileHash (Join-Path $source 'package-lock.json')).Hash) {
        return $target
    }
    if (-not (Get-Command npm -ErrorAction Ignore)) { throw 'npm (Node.js 20 or later) is needed to install Azurite for the tests.' }
    if (Test-Path $target) { Remove-Item -Recurse -Force $target }
    $null = New-Item -ItemType Directory $target
    Copy-Item (Join-Path $source 'package.json'), (Join-Path $source 'package-lock.json') -Destination $target
    Write-Host 'Installing Azurite (npm ci)'
    Push-Location $target
    try {
        & npm ci --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "npm ci in $target failed with exit code $LASTEXITCODE" }
    }
    finally { Pop-Location }
    $target
}

# One count for both runners: a test passed, failed (trx failed/error/timeout/aborted; Pester failed tests, blocks
# and containers) or was skipped (everything else: not executed, not runnable, inconclusive, Pester skipped/not run).
function Get-TrxCount([string] $Path) {
    $counters = ([xml](Get-Content -Raw $Path)).TestRun.ResultSummary.Counters
    if ($null -eq $counters) { return $null }
    $read = { param($name) $value = $counters.GetAttribute($name); if ($value) { [int]$value } else { 0 } }
    $total = & $read 'total'
    $passed = & $read 'passed'
    $failed = (& $read 'failed') + (& $read 'error') + (& $read 'timeout') + (& $read 'aborted')
    [pscustomobject]@{ Total = $total; Passed = $passed; Failed = $failed; Skipped = [Math]::Max(0, $total - $passed - $failed) }
}

function Invoke-Test {
    Invoke-Build
    $env:PHIFINETUNE_AZURITE_DIR = Install-Azurite
    $results = Join-Path $root 'out/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $null = New-Item -ItemType Directory $results
    $passed = 0; $failed = 0; $skipped = 0
    $runnerFailures = [Collections.Generic.List[string]]::new()

    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj') {
        $trx = Join-Path $results "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo `
            --logger "trx;LogFileName=$(Split-Path $trx -Leaf)" --logger 'console;verbosity=minimal' --results-directory $results
        $exit = $LASTEXITCODE
        if ($exit -ne 0) { $runnerFailures.Add("dotnet test $($project.Name) exited with code $exit.") }
        $counts = if (Test-Path $trx) { Get-TrxCount $trx }
        if ($null -eq $counts -or $counts.Total -eq 0) { throw "$($project.Name) ran no test (exit code $exit)." }
        $passed += $counts.Passed
        $failed += $counts.Failed
        $skipped += $counts.Skipped
    }

    $pesterResult = Join-Path $results 'pester.json'
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', (Get-PesterModule), '-ModulePath', (Join-Path (Get-ModuleOutput) 'PhiFineTune.psd1'),
        '-ResultPath', $pesterResult)
    if (-not (Test-Path $pesterResult)) { throw "The Pester run ended (exit code $exit) without a result." }
    if ($exit -ne 0) { $runnerFailures.Add("The Pester run exited with code $exit.") }
    $pester = Get-Content -Raw $pesterResult | ConvertFrom-Json
    if ($pester.Total -eq 0) { throw 'The Pester run ran no test.' }
    $passed += $pester.Passed
    $failed += $pester.Failed
    $skipped += $pester.Skipped

    foreach ($failure in $runnerFailures) { Write-Host $failure }
    "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $runnerFailures.Count -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $env:PHIFINETUNE_AZURITE_DIR = Install-Azurite
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $root 'build/Demo.ps1'), '-ModulePath', (Join-Path (Get-ModuleOutput) 'PhiFineTune.psd1'))
    if ($exit -ne 0) { throw "The demo failed (exit code $exit)." }
}

function Invoke-Clean {
    foreach ($path in @(Join-Path $root 'out') + @(Get-ChildItem $root -Recurse -Directory -Include bin, obj |
            Where-Object FullName -NotMatch 'node_modules' | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item -Recurse -Force $path }
    }
    Write-Host 'Cleaned.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Clean' { Invoke-Clean }
}
