#requires -Version 7.4
<#
.SYNOPSIS
    The wait benchmark: Wait-FineTuneJob over many jobs at once against the emulator, and, as the baseline, a plain
    PowerShell loop that calls Get-FineTuneJob -Name for every job every interval.
.DESCRIPTION
    For each case, in a fresh pwsh with a fresh emulator (and Azurite), -Jobs jobs are created with New-FineTuneJob
    (one small dataset, so only the first job uploads), then waited for. The emulator's request log, which records the
    time, path and query of every request, attributes each request to its job (the job's ARM path, or run_id= in the
    MLflow query). Reported:

      requests/job/interval  a job's requests divided by the intervals it was waited for (target <= 1)
      max in one interval    the most requests any job got within one interval (the shortest gap is also shown)
      CPU ms/round           the waiting process's CPU time divided by the number of polling rounds
      wall s                 how long the wait took

    The emulator keeps the newest 5000 requests; the defaults keep a run under that, and the script says when a run
    went over.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh bench/Measure-JobWait.ps1
#>
[CmdletBinding()]
param(
    [int] $Jobs = 200,
    [double] $IntervalSec = 2,
    # A job takes 12 steps; 3000 ms keeps every job running while the others are created.
    [int] $JobStepMilliseconds = 3000,
    [ValidateSet('wait', 'loop')] [string[]] $Case = @('wait', 'loop'),
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not $ModulePath) {
    # The emulator ships in the full layout only: run ./build.ps1 Build first.
    $ModulePath = Get-ChildItem (Join-Path $PSScriptRoot '../out/PhiFineTune/*/PhiFineTune.psd1') | Select-Object -First 1 -ExpandProperty FullName
    if (-not $ModulePath) { throw 'No built module in out/: run ./build.ps1 Build first, or pass -ModulePath.' }
}
if (-not $env:PHIFINETUNE_AZURITE_DIR -and (Test-Path (Join-Path $PSScriptRoot '../out/azurite/node_modules'))) {
    $env:PHIFINETUNE_AZURITE_DIR = Resolve-Path (Join-Path $PSScriptRoot '../out/azurite')
}

$child = {
    param($ModulePath, $Case, $Jobs, $IntervalSec, $JobStepMilliseconds)
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    Import-Module $ModulePath
    $emulator = Start-FineTuneEmulator -JobStepMilliseconds $JobStepMilliseconds
    try {
        $emulator | Connect-FineTuneWorkspace | Out-Null
        $data = Join-Path ([IO.Path]::GetTempPath()) "phifinetune-wait-$PID.jsonl"
        Set-Content $data -Value (1..20 | ForEach-Object {
            '{"messages":[{"role":"user","content":"Question ' + $_ + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}' })
        $created = 1..$Jobs | ForEach-Object { New-FineTuneJob Phi-4-mini-instruct $data -Name "bench-$_" -WarningAction SilentlyContinue }
        Remove-Item $data

        $since = [DateTimeOffset]::UtcNow
        $cpu = (Get-Process -Id $PID).TotalProcessorTime
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $rounds = 0
        if ($Case -eq 'wait') {
            $ended = @($created | Wait-FineTuneJob -PollIntervalSec $IntervalSec)
            $rounds = [math]::Ceiling($clock.Elapsed.TotalSeconds / $IntervalSec)
        }
        else {
            $open = [Collections.Generic.List[string]]::new([string[]]$created.Name)
            $ended = [Collections.Generic.List[object]]::new()
            while ($open.Count -gt 0) {
                $round = [Diagnostics.Stopwatch]::StartNew()
                $rounds++
                foreach ($name in @($open)) {
                    $job = Get-FineTuneJob -Name $name
                    if ($job.IsTerminal) { $ended.Add($job); $null = $open.Remove($name) }
                }
                $rest = $IntervalSec - $round.Elapsed.TotalSeconds
                if ($open.Count -gt 0 -and $rest -gt 0) { Start-Sleep -Milliseconds ([int]($rest * 1000)) }
            }
        }
        $wall = $clock.Elapsed.TotalSeconds
        $cpuMs = ((Get-Process -Id $PID).TotalProcessorTime - $cpu).TotalMilliseconds

        $log = @(Get-FineTuneEmulatorRequest | Where-Object Time -ge $since)
        $perJob = foreach ($name in $created.Name) {
            $times = @($log | Where-Object { $_.Path -match "/jobs/$name$" -or $_.Query -match "run_id=$name(&|$)" } |
                ForEach-Object Time | Sort-Object)
            $span = if ($times.Count -gt 1) { ($times[-1] - $times[0]).TotalSeconds } else { 0 }
            $intervals = [math]::Max(1, [math]::Ceiling($span / $IntervalSec))
            $gaps = for ($i = 1; $i -lt $times.Count; $i++) { ($times[$i] - $times[$i - 1]).TotalSeconds }
            $maxInWindow = 0
            for ($i = 0; $i -lt $times.Count; $i++) {
                $n = @($times | Where-Object { $_ -ge $times[$i] -and ($_ - $times[$i]).TotalSeconds -lt $IntervalSec }).Count
                if ($n -gt $maxInWindow) { $maxInWindow = $n }
            }
            [pscustomobject]@{
                Requests = $times.Count
                PerInterval = $times.Count / $intervals
                MaxInWindow = $maxInWindow
                MinGap = if ($gaps) { ($gaps | Measure-Object -Minimum).Minimum } else { $null }
            }
        }
        [pscustomobject]@{
            Case = $Case
            Jobs = $Jobs
            Ended = @($ended | Where-Object IsTerminal).Count
            WallSeconds = [math]::Round($wall, 1)
            Rounds = $rounds
            Requests = $log.Count
            LogFull = $log.Count -ge 5000
            RequestsPerJobPerInterval = [math]::Round(($perJob | Measure-Object PerInterval -Average).Average, 3)
            MaxRequestsPerJobInOneInterval = ($perJob | Measure-Object MaxInWindow -Maximum).Maximum
            ShortestGapSeconds = [math]::Round(($perJob | Where-Object MinGap | Measure-Object MinGap -Minimum).Minimum, 3)
            CpuMsPerRound = [math]::Round($cpuMs / [math]::Max(1, $rounds), 1)
        } | ConvertTo-Json -Compress
    }
    finally {
        Stop-FineTuneEmulator -Confirm:$false
    }
}

$pwsh = Join-Path $PSHOME 'pwsh.dll'
$rows = foreach ($name in $Case) {
    Write-Host "Running $name over $Jobs jobs (interval $IntervalSec s, job step $JobStepMilliseconds ms); load: $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3)"
    $encoded = "& { $child } '$ModulePath' '$name' $Jobs $IntervalSec $JobStepMilliseconds"
    $json = & dotnet $pwsh -NoProfile -NonInteractive -Command $encoded | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "The $name case failed (exit code $LASTEXITCODE)." }
    $json | ConvertFrom-Json
}
$rows | Format-Table Case, Jobs, Ended, WallSeconds, Rounds, Requests, LogFull, RequestsPerJobPerInterval,
    MaxRequestsPerJobInOneInterval, ShortestGapSeconds, CpuMsPerRound -AutoSize | Out-String -Width 200 | Write-Host
