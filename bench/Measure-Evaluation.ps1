#requires -Version 7.4
<#
.SYNOPSIS
    The evaluation benchmark: Invoke-FineTuneEvaluation over many examples against the emulator, and, as the baseline
    in the same run, a plain loop of Invoke-FineTunedModel over the same examples.
.DESCRIPTION
    In a fresh pwsh with a fresh emulator (and Azurite, so the model answers from its training data), one job is
    trained on a small file and deployed; then -Examples examples (prompts near the training prompts) are evaluated:

      evaluation  Invoke-FineTuneEvaluation -ThrottleLimit 8 (-ThrottleLimit sets it)
      loop        foreach example: Invoke-FineTunedModel with its messages, one request (and one key read) after another

    Reported per case: wall seconds, examples per second and the client process's CPU milliseconds per example
    (the emulator is another process). The loop's replies are checked against the evaluation's.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh bench/Measure-Evaluation.ps1
#>
[CmdletBinding()]
param(
    [int] $Examples = 1000,
    [int] $ThrottleLimit = 8,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not $ModulePath) {
    $ModulePath = Get-ChildItem (Join-Path $PSScriptRoot '../out/PhiFineTune/*/PhiFineTune.psd1') | Select-Object -First 1 -ExpandProperty FullName
    if (-not $ModulePath) { throw 'No built module in out/: run ./build.ps1 Build first, or pass -ModulePath.' }
}
if (-not $env:PHIFINETUNE_AZURITE_DIR -and (Test-Path (Join-Path $PSScriptRoot '../out/azurite/node_modules'))) {
    $env:PHIFINETUNE_AZURITE_DIR = Resolve-Path (Join-Path $PSScriptRoot '../out/azurite')
}

$child = {
    param($ModulePath, $Examples, $ThrottleLimit)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    Import-Module $ModulePath
    $emulator = Start-FineTuneEmulator -JobStepMilliseconds 100 -DeploymentStepMilliseconds 200 -LroRetryAfterSeconds 0
    $folder = Join-Path ([IO.Path]::GetTempPath()) "phifinetune-eval-$PID"
    New-Item -ItemType Directory $folder | Out-Null
    try {
        $emulator | Connect-FineTuneWorkspace | Out-Null
        function Line([string] $User, [string] $Assistant) {
            @{ messages = @(@{ role = 'user'; content = $User }, @{ role = 'assistant'; content = $Assistant }) } | ConvertTo-Json -Compress
        }
        $train = Join-Path $folder 'train.jsonl'
        Set-Content $train -Value (1..50 | ForEach-Object { Line "How do I configure feature $_ of service $_?" "Open the settings of feature $_ and switch it on" })
        $validation = Join-Path $folder 'validation.jsonl'
        Set-Content $validation -Value (1..$Examples | ForEach-Object { $n = $_ % 50 + 1; Line "Configure feature $n please" "Open the settings of feature $n and switch it on" })
        $deployment = New-FineTuneJob Phi-4-mini-instruct $train -Name bench-eval -Epochs 2 -LearningRate 0.00002 -WarningAction SilentlyContinue |
            Wait-FineTuneJob | New-FineTunedModelDeployment -Name bench-eval-chat -Wait -WarningAction SilentlyContinue

        $rows = @()
        $cpu = (Get-Process -Id $PID).TotalProcessorTime
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $out = $deployment | Invoke-FineTuneEvaluation -Path $validation -ThrottleLimit $ThrottleLimit
        $wall = $clock.Elapsed.TotalSeconds
        $cpuMs = ((Get-Process -Id $PID).TotalProcessorTime - $cpu).TotalMilliseconds
        $summary = $out[-1]
        $replies = @{}
        foreach ($r in $out | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] }) { $replies[$r.Index] = $r.Reply }
        $rows += [pscustomobject]@{ Case = "evaluation -ThrottleLimit $ThrottleLimit"; Examples = $summary.Scored; WallSeconds = [math]::Round($wall, 1)
            ExamplesPerSecond = [math]::Round($summary.Scored / $wall, 1); CpuMsPerExample = [math]::Round($cpuMs / $summary.Scored, 2)
            MeanF1 = [math]::Round($summary.F1.Mean, 4) }

        $lines = Get-Content $validation
        $cpu = (Get-Process -Id $PID).TotalProcessorTime
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $same = 0
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $messages = @(($lines[$i] | ConvertFrom-Json).messages)
            $reply = $deployment | Invoke-FineTunedModel -Messages $messages[0..($messages.Count - 2)]
            if ($reply.Content -eq $replies[$i]) { $same++ }
        }
        $wall = $clock.Elapsed.TotalSeconds
        $cpuMs = ((Get-Process -Id $PID).TotalProcessorTime - $cpu).TotalMilliseconds
        $rows += [pscustomobject]@{ Case = 'loop of Invoke-FineTunedModel'; Examples = $lines.Count; WallSeconds = [math]::Round($wall, 1)
            ExamplesPerSecond = [math]::Round($lines.Count / $wall, 1); CpuMsPerExample = [math]::Round($cpuMs / $lines.Count, 2)
            MeanF1 = "same replies: $same" }
        $rows | ConvertTo-Json -Compress
    }
    finally {
        Stop-FineTuneEmulator -Confirm:$false
        Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
    }
}

$pwsh = Join-Path $PSHOME 'pwsh.dll'
Write-Host "Evaluating $Examples examples (-ThrottleLimit $ThrottleLimit) and the loop; load: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
$json = & dotnet $pwsh -NoProfile -NonInteractive -Command "& { $child } '$ModulePath' $Examples $ThrottleLimit" | Select-Object -Last 1
if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
$json | ConvertFrom-Json | Format-Table Case, Examples, WallSeconds, ExamplesPerSecond, CpuMsPerExample, MeanF1 -AutoSize |
    Out-String -Width 200 | Write-Host
Write-Host "Load after: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
