#requires -Version 7.4
<#
.SYNOPSIS
    The upload benchmark: the Engine's dataset upload against one curl PUT of the same file, both to the emulator's
    Azurite.
.DESCRIPTION
    Makes bench/data/chat-500MB-seed2.jsonl with generate-dataset.py if missing, builds bench/UploadProbe and the
    emulator into -ArtifactsPath, then runs -Repeat times, interleaved, each in a fresh process with a fresh
    emulator + Azurite (not timed):

      engine  DatasetUploader.UploadAsync: datastore GET, listSecrets, the MD5 content hash (a full read of the file),
              Get Blob Properties, the upload with the transfer options users get against the emulator (one Put Blob
              up to 1 GiB; real storage accounts get parallel blocks, not measured here), Set Blob Metadata.
              Peak RSS is the probe's VmHWM.
      curl    curl -T FILE to the container with the listSecrets SAS (--insecure: the emulator's certificate is
              self-signed and its PEM is deleted once Azurite has read it), one Put Blob request.

    Prints the medians: seconds, MB/s, the ratio engine/curl (target >= 0.7) and the engine's peak RSS (target < 250 MB).
    -BlockMB and -Concurrency override the uploader's transfer options (default: the Engine's own for the emulator).
.EXAMPLE
    dotnet pwsh bench/Measure-Upload.ps1
.EXAMPLE
    dotnet pwsh bench/Measure-Upload.ps1 -BlockMB 4 -Concurrency 16 -Repeat 1
#>
[CmdletBinding()]
param(
    [string] $Path,
    [int] $Repeat = 3,
    [int] $BlockMB,
    [int] $Concurrency,
    [string] $ArtifactsPath = (Join-Path $PSScriptRoot 'out/artifacts')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$root = Split-Path $PSScriptRoot

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

if (-not $Path) {
    $Path = Join-Path $PSScriptRoot 'data/chat-500MB-seed2.jsonl'
    if (-not (Test-Path $Path)) {
        Invoke-Native python3 @((Join-Path $PSScriptRoot 'generate-dataset.py'), '--size', '500MB', '--seed', '2', '--output', $Path)
    }
}
$Path = (Resolve-Path $Path).Path
$sizeMB = (Get-Item $Path).Length / 1MB

$azurite = if ($env:PHIFINETUNE_AZURITE_DIR) { $env:PHIFINETUNE_AZURITE_DIR } else { Join-Path $root 'out/azurite' }
if (-not (Test-Path (Join-Path $azurite 'node_modules/azurite/dist/src/blob/main.js'))) {
    throw "Azurite is not installed in $azurite; run ./build.ps1 Test once, or set PHIFINETUNE_AZURITE_DIR."
}

foreach ($project in 'src/PhiFineTune.Emulator/PhiFineTune.Emulator.csproj', 'bench/UploadProbe/UploadProbe.csproj') {
    Invoke-Native dotnet @('build', (Join-Path $root $project), '-c', 'Release', '--artifacts-path', $ArtifactsPath,
        '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
}
$emulatorDir = Join-Path $ArtifactsPath 'bin/PhiFineTune.Emulator/release'
$probe = Join-Path $ArtifactsPath 'bin/UploadProbe/release/UploadProbe.dll'

# The file is read once first, so every run starts with it in the page cache.
Get-Content $Path -AsByteStream -ReadCount 8MB | Out-Null

$runs = foreach ($i in 1..$Repeat) {
    foreach ($mode in 'engine', 'curl') {
        $probeArgs = @($probe, $Path, $emulatorDir, $azurite, $mode)
        if ($BlockMB) { $probeArgs += @($BlockMB, $(if ($Concurrency) { $Concurrency } else { 8 })) }
        $line = & dotnet @probeArgs | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0) { throw "UploadProbe $mode failed (exit code $LASTEXITCODE)." }
        $run = $line | ConvertFrom-Json
        Write-Host ("  run {0} {1,-6} {2,6:0.00} s {3,7:0.0} MB/s  peak RSS {4:0} MB" -f $i, $mode, $run.seconds, ($sizeMB / $run.seconds), $run.peakRssMB)
        $run
    }
}

function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }
$engine = Get-Median @($runs | Where-Object mode -EQ 'engine' | ForEach-Object seconds)
$curl = Get-Median @($runs | Where-Object mode -EQ 'curl' | ForEach-Object seconds)
$rss = Get-Median @($runs | Where-Object mode -EQ 'engine' | ForEach-Object peakRssMB)
$ratio = ($sizeMB / $engine) / ($sizeMB / $curl)

''
"File: $(Split-Path $Path -Leaf) ($('{0:0}' -f $sizeMB) MB), median of $Repeat, load before: $((Get-Content /proc/loadavg -ErrorAction Ignore) -replace ' \d+/.*$')"
''
'| Upload | Time (s) | MB/s | Peak RSS (MB) |'
'|---|---:|---:|---:|'
'| Engine (DatasetUploader{0}) | {1:0.00} | {2:0.0} | {3:0} |' -f $(if ($BlockMB) { ", $BlockMB MB blocks x $(if ($Concurrency) { $Concurrency } else { 8 })" } else { '' }), $engine, ($sizeMB / $engine), $rss
'| curl -T, one Put Blob | {0:0.00} | {1:0.0} | |' -f $curl, ($sizeMB / $curl)
''
'Ratio engine / curl: {0:0.00} (target >= 0.7); engine peak RSS {1:0} MB (target < 250 MB)' -f $ratio, $rss
