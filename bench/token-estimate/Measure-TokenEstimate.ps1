#requires -Version 7.4
<#
.SYNOPSIS
    Calibrates and measures the Llama 2 token estimate of Phi-3 and Phi-3.5 (docs/benchmarks.md).
.DESCRIPTION
    Makes two corpora under bench/data/token-estimate/ (git-ignored): a generated one (bench/generate-dataset.py, a
    seed of its own) and one of real text from this machine (real-text-corpus.py). Counts every message content's
    tokens with the Llama 2 vocabulary (llama-tokenizer-js, npm ci here) and with cl100k_base (Cl100kCount: the
    Microsoft.ML.Tokenizers count, which the Engine's TokenCounter matches exactly), then prints calibrate.py's markdown tables: the ratio
    and the error of ceil(cl100k_base x ratio) per message, per example and in total.
    Needs node and npm, python3 and the .NET SDK; builds Cl100kCount with an artifacts path under bench/out/.
.EXAMPLE
    dotnet pwsh bench/token-estimate/Measure-TokenEstimate.ps1
#>
[CmdletBinding()]
param(
    [string] $GeneratedSize = '4MB',
    [int] $GeneratedSeed = 2,
    [int] $RealExamples = 1500,
    [double] $Current = 1.24,
    [string] $WorkPath = (Join-Path (Split-Path $PSScriptRoot) 'data/token-estimate'),
    [string] $ArtifactsPath = (Join-Path (Split-Path $PSScriptRoot) 'out/artifacts')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$here = $PSScriptRoot

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$null = New-Item -ItemType Directory -Force $WorkPath
if (-not (Test-Path (Join-Path $here 'node_modules/llama-tokenizer-js'))) {
    Push-Location $here
    try { Invoke-Native npm @('ci', '--no-audit', '--no-fund') } finally { Pop-Location }
}
Invoke-Native dotnet @('build', (Join-Path $here 'Cl100kCount/Cl100kCount.csproj'), '-c', 'Release', '--artifacts-path', $ArtifactsPath,
    '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
$cl100k = Join-Path $ArtifactsPath 'bin/Cl100kCount/release/Cl100kCount.dll'

$generated = Join-Path $WorkPath "generated-$GeneratedSize-seed$GeneratedSeed.jsonl"
$real = Join-Path $WorkPath "real-text-$RealExamples.jsonl"
if (-not (Test-Path $generated)) {
    Invoke-Native python3 @((Join-Path (Split-Path $here) 'generate-dataset.py'), '--size', $GeneratedSize, '--seed', $GeneratedSeed,
        '--output', $generated)
}
if (-not (Test-Path $real)) {
    Invoke-Native python3 @((Join-Path $here 'real-text-corpus.py'), $real, '--examples', $RealExamples)
}

$calibrateArgs = @()
foreach ($corpus in @(@{ Name = 'generated'; Path = $generated }, @{ Name = 'real text'; Path = $real })) {
    $llama = "$($corpus.Path).llama.tsv"
    $cl = "$($corpus.Path).cl100k.tsv"
    Invoke-Native node @((Join-Path $here 'llama-count.mjs'), $corpus.Path, $llama)
    Invoke-Native dotnet @($cl100k, $corpus.Path, $cl)
    $calibrateArgs += $corpus.Name, $corpus.Path, $llama, $cl
}
& python3 (Join-Path $here 'calibrate.py') @calibrateArgs --current $Current
if ($LASTEXITCODE -ne 0) { throw "calibrate.py failed with exit code $LASTEXITCODE" }
