BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    # Jobs complete in under 2 s; a deployment is Creating for 300 ms.
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $script:data = Join-Path $TestDrive 'data'
    New-Item -ItemType Directory $data | Out-Null
    # 60 examples: a 20 % split leaves 12 for validation, above the 10 the service needs.
    $script:train = Join-Path $data 'train.jsonl'
    Set-Content $train -Value (1..60 | ForEach-Object {
        '{"messages":[{"role":"system","content":"You answer briefly."},{"role":"user","content":"Question ' + $_ + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}'
    })
    # Four jobs: epochs 1 and 2 at learning rates 2e-5 and 1e-4.
    $script:grid = @{ Model = 'Phi-4-mini-instruct'; TrainingFile = $train; ValidationPercent = 20; Epochs = 1, 2; LearningRate = 2e-5, 1e-4 }

    function Get-Count([string] $Operation) { @(Get-FineTuneEmulatorRequest $Operation).Count }
    function Reset-Emulator { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0 }

    # The emulator's loss rule (contract G.2, Emulator choice): the best validation loss it predicts for a job.
    function Get-PredictedBestLoss([PhiFineTune.FineTuneJob] $Job) {
        # FNV-1a in Int64, where the products (below 2^56) stay exact: mixed signed and unsigned operands become double.
        [long] $hash = 2166136261
        foreach ($c in $Job.TrainingData.ToCharArray()) { $hash = (([long]($hash -bxor [long][int]$c)) * [long]16777619) % [long]4294967296 }
        $start = 1.8 + 0.2 * (($hash % 1000) / 1000.0)
        $r = [Math]::Min(20.0, [Math]::Max(0.05, $Job.LearningRate / 0.00002))
        $speed = 0.9 * [Math]::Sqrt($r) * [Math]::Sqrt(4 / (1 + 3))
        $losses = 1..8 | ForEach-Object {
            $p = $_ / 8; $x = $Job.Epochs * $p
            $training = 0.3 + ($start - 0.3) * [Math]::Exp(-$speed * $x)
            $past = [Math]::Max(0.0, $x - 1)
            [Math]::Round(1.05 * $training + 0.03 + 0.3 * [Math]::Pow([Math]::Log10($r), 2) * $p + 0.03 * $past * $past, 6)
        }
        ($losses | Measure-Object -Minimum).Minimum
    }
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'New-FineTuneSweep' {
    BeforeEach { Reset-Emulator }

    It 'writes the plan, uploads once, creates every job tagged with the sweep, and a re-run makes no second job' {
        $jobs = New-FineTuneSweep @grid -Name faq-sweep -InformationVariable plan 6>$null
        $jobs | Should -HaveCount 4
        $jobs | ForEach-Object { $_ | Should -BeOfType 'PhiFineTune.FineTuneJob' }
        $jobs.Tags.'phifinetune.sweep' | Sort-Object -Unique | Should -Be 'faq-sweep'
        $jobs.Epochs | Should -Be @(1, 1, 2, 2)
        $jobs.LearningRate | Should -Be @(2e-5, 1e-4, 2e-5, 1e-4)
        $jobs.Name | Sort-Object -Unique | Should -HaveCount 4
        $jobs.TrainingData | Sort-Object -Unique | Should -HaveCount 1
        $jobs | ForEach-Object { $_.Name | Should -Match '^phi-4-mini-instruct-ft-[0-9a-f]{12}$' }

        "$plan" | Should -Match "Sweep 'faq-sweep': 4 job\(s\) of Phi-4-mini-instruct, [\d,]+ training tokens per epoch"
        $perEpoch = [long](("$plan" -replace '(?s).*of Phi-4-mini-instruct, ([\d,]+) training tokens.*', '$1') -replace ',', '')
        $perEpoch | Should -BeGreaterThan 0
        "$plan" | Should -Match ("3\. epochs 2, learning rate 2E-05: {0} billed tokens \(2 epoch\(s\)\)" -f (2 * $perEpoch).ToString('N0', [cultureinfo]::InvariantCulture))
        "$plan" | Should -Match ("Total: {0} billed tokens" -f (6 * $perEpoch).ToString('N0', [cultureinfo]::InvariantCulture))

        # One upload: each of the two files (training and validation parts of the split) looks up the datastore once.
        Get-Count 'Datastores_Get' | Should -Be 2
        Get-Count 'Jobs_CreateOrUpdate' | Should -Be 4

        $again = New-FineTuneSweep @grid -Name faq-sweep -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
        $again.Name | Should -Be $jobs.Name
        "$warnings" | Should -Match "4 of the 4 jobs exist already with the same inputs and were reused"
        Get-Count 'Jobs_CreateOrUpdate' | Should -Be 4
        @(Get-FineTuneJob).Count | Should -Be 4
    }

    It 'stops at the plan with -WhatIf: nothing uploaded, nothing created' {
        $out = New-FineTuneSweep @grid -WhatIf -InformationVariable plan 6>$null
        $out | Should -BeNullOrEmpty
        "$plan" | Should -Match '4 job\(s\)'
        "$plan" | Should -Match 'Total: [\d,]+ billed tokens'
        Get-FineTuneEmulatorRequest | Where-Object Operation -ne 'Workspaces_Get' | Should -BeNullOrEmpty
    }

    It 'refuses a bad hyperparameter anywhere in the grid before any request' {
        { New-FineTuneSweep Phi-4-mini-instruct $train -ValidationPercent 20 -Epochs 1 -LearningRate 2e-5, 0.5 -ErrorAction Stop 6>$null } |
            Should -Throw -ErrorId 'InvalidLearningRate,*'
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'completes a sweep that failed in the middle when run again, with no duplicate' {
        New-FineTuneSweep Phi-4-mini-instruct $train -ValidationPercent 20 -Epochs 1 -LearningRate 2e-5 -Name half 6>$null | Out-Null
        # The second job's PUT is refused (the first exists already: it is read, not put).
        Add-FineTuneEmulatorFault -Operation Jobs_CreateOrUpdate -Kind Forbidden -Count 1 | Out-Null
        { New-FineTuneSweep Phi-4-mini-instruct $train -ValidationPercent 20 -Epochs 1 -LearningRate 2e-5, 1e-4 -Name half -ErrorAction Stop -WarningAction SilentlyContinue 6>$null } |
            Should -Throw
        @(Get-FineTuneJob).Count | Should -Be 1

        $jobs = New-FineTuneSweep Phi-4-mini-instruct $train -ValidationPercent 20 -Epochs 1 -LearningRate 2e-5, 1e-4 -Name half -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
        $jobs | Should -HaveCount 2
        "$warnings" | Should -Match '1 of the 2 jobs exist already'
        @(Get-FineTuneJob).Count | Should -Be 2
        (Get-FineTuneEmulatorRequest Jobs_CreateOrUpdate).Status | Should -Be @(201, 403, 201)
    }
}

Describe 'Get-FineTuneSweep and Compare-FineTuneJob' {
    BeforeAll {
        Reset-Emulator
        $script:jobs = New-FineTuneSweep @grid -Name ranked 6>$null
        New-FineTuneJob Phi-4-mini-instruct $train -Epochs 3 -Name loner | Out-Null
        $script:done = Get-FineTuneSweep ranked | Wait-FineTuneJob
    }

    It 'lists the sweeps from the jobs'' tag, and one sweep''s jobs with -Name' {
        $sweeps = @(Get-FineTuneSweep)
        $sweeps | Should -HaveCount 1
        $sweeps[0] | Should -BeOfType 'PhiFineTune.FineTuneSweep'
        $sweeps[0].Name | Should -Be 'ranked'
        $sweeps[0].JobCount | Should -Be 4
        $sweeps[0].Completed | Should -Be 4
        $sweeps[0].BaseModel | Should -Be 'Phi-4-mini-instruct'
        (Get-FineTuneSweep ranked).Name | Sort-Object | Should -Be ($jobs.Name | Sort-Object)
        (Get-FineTuneSweep 'rank*').Name | Should -HaveCount 4
        Get-FineTuneSweep nope -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'GetFineTuneSweepNotFound,PhiFineTune.Commands.GetFineTuneSweepCommand'
    }

    It 'ranks the jobs best first, as the emulator''s loss rule predicts' {
        $done.Status | Sort-Object -Unique | Should -Be 'Completed'
        $rows = $done | Compare-FineTuneJob
        $rows | Should -HaveCount 4
        $rows.Position | Should -Be 1, 2, 3, 4
        $predicted = $done | Sort-Object { Get-PredictedBestLoss $_ }
        $rows.JobName | Should -Be $predicted.Name
        foreach ($row in $rows) {
            $row.BestValidationLoss | Should -BeLessOrEqual $row.FinalValidationLoss
            [Math]::Abs($row.BestValidationLoss - (Get-PredictedBestLoss $row.Job)) | Should -BeLessThan 1e-9
            [Math]::Abs($row.BestPerplexity - [Math]::Exp($row.BestValidationLoss)) | Should -BeLessThan 1e-9
            $row.Sweep | Should -Be 'ranked'
        }
        $rows[0].Epochs | Should -Be 2
        $rows[0].LearningRate | Should -Be 1e-4
        $rows[-1].Epochs | Should -Be 1
        $rows[-1].LearningRate | Should -Be 2e-5
        (Compare-FineTuneJob -Name $done.Name).JobName | Should -Be $rows.JobName
    }

    It 'ranks a job without validation loss last, with a warning' {
        $rows = @($done) + (Get-FineTuneJob loner | Wait-FineTuneJob) | Compare-FineTuneJob -WarningVariable warnings -WarningAction SilentlyContinue
        $rows[-1].JobName | Should -Be 'loner'
        $rows[-1].BestValidationLoss | Should -BeNullOrEmpty
        "$warnings" | Should -Match "'loner'.*no validation loss"
    }

    It 'emits the winner''s job with -Best, which deploys' {
        $best = $done | Compare-FineTuneJob -Best
        $best | Should -BeOfType 'PhiFineTune.FineTuneJob'
        $best.Name | Should -Be ($done | Compare-FineTuneJob)[0].JobName
        $deployment = $done | Compare-FineTuneJob -Best | New-FineTunedModelDeployment -Name sweep-best -Wait -WarningAction SilentlyContinue
        $deployment.ProvisioningState | Should -Be 'Succeeded'
        $deployment.ModelName | Should -Be $best.OutputModelName
        Remove-FineTunedModelDeployment -Name sweep-best -Confirm:$false
    }

    It 'evaluates each deployed job''s model with -EvaluationPath and ranks by mean F1' {
        $pair = $done | Where-Object LearningRate -eq 2e-5
        $pair | Should -HaveCount 2
        $pair | ForEach-Object { $_ | New-FineTunedModelDeployment -Name "eval-$($_.Epochs)" -Wait -WarningAction SilentlyContinue } | Out-Null
        $rows = $done | Compare-FineTuneJob -EvaluationPath $train -WarningVariable warnings -WarningAction SilentlyContinue
        $rows | Should -HaveCount 4
        $evaluated = @($rows | Where-Object F1 -ne $null)
        $evaluated | Should -HaveCount 2
        $rows[0..1].JobName | Should -Be $evaluated.JobName
        $evaluated[0].F1 | Should -BeGreaterOrEqual $evaluated[1].F1
        @($warnings | Where-Object { "$_" -match 'was not evaluated: .*has no deployment' }) | Should -HaveCount 2
        foreach ($row in $evaluated) {
            $row.DeploymentName | Should -Be "eval-$($row.Epochs)"
            $row.Evaluation.Count | Should -Be 60
            $row.Evaluation.JobName | Should -Be $row.JobName
            $summary = Invoke-FineTuneEvaluation -Deployment $row.DeploymentName -Path $train 6>$null | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationSummary] }
            $row.F1 | Should -Be $summary.F1.Mean
            $row.ExactMatch | Should -Be $summary.ExactMatch.Mean
        }
        ($done | Compare-FineTuneJob -EvaluationPath $train -Best -WarningAction SilentlyContinue).Name | Should -Be $rows[0].JobName
        'eval-1', 'eval-2' | ForEach-Object { Remove-FineTunedModelDeployment -Name $_ -Confirm:$false }
    }
}
