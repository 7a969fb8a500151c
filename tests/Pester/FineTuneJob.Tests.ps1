BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    # 12 steps of 150 ms: a job runs from creation to Completed in under 2 s.
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $script:data = Join-Path $TestDrive 'data'
    New-Item -ItemType Directory $data | Out-Null
    $script:corpus = Join-Path $PSScriptRoot '../datasets'

    function Get-Count([string] $Operation) { @(Get-FineTuneEmulatorRequest $Operation).Count }
    function New-Lines([int] $Count, [string] $Tag) {
        1..$Count | ForEach-Object {
            '{"messages":[{"role":"system","content":"You answer briefly."},{"role":"user","content":"Question ' + $_ + ' ' + $Tag + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}'
        }
    }
    # 60 examples: a 20 % split leaves 12 for validation, above the 10 the service needs.
    Set-Content (Join-Path $data 'train.jsonl') -Value (New-Lines 60 'train')
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'New-FineTuneJob' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 150 }

    It 'checks, splits, uploads and creates the job of the contract, then waits for it with its run and metrics' {
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -ValidationPercent 20 -Epochs 2 -Tag @{ team = 'ops' }
        $job | Should -BeOfType 'PhiFineTune.FineTuneJob'
        $job.Name | Should -Match '^phi-4-mini-instruct-ft-[0-9a-f]{12}$'
        $job.BaseModel | Should -Be 'Phi-4-mini-instruct'
        $job.BaseModelId | Should -Match '^azureml://registries/azureml/models/Phi-4-mini-instruct/versions/\d+$'
        $job.TrainingData | Should -Match '^azureml://datastores/workspaceblobstore/paths/LocalUpload/[0-9a-f]{32}/train\.train\.jsonl$'
        $job.ValidationData | Should -Match '/LocalUpload/[0-9a-f]{32}/train\.validation\.jsonl$'
        $job.Hyperparameters['num_train_epochs'] | Should -Be '2'
        $job.Epochs | Should -Be 2
        $job.OutputModelName | Should -Be $job.Name
        $job.Tags['team'] | Should -Be 'ops'
        $job.Connection.ConnectionId | Should -Be $connection.ConnectionId

        $put = Get-FineTuneEmulatorRequest Jobs_CreateOrUpdate
        $put | Should -HaveCount 1
        $put[0].Path | Should -BeLike "*/workspaces/$($emulator.WorkspaceName)/jobs/$($job.Name)"

        $done = $job | Wait-FineTuneJob
        $done.Status | Should -Be 'Completed'
        $done.StartedAt | Should -Not -BeNullOrEmpty
        $done.FinishedAt | Should -BeGreaterThan $done.StartedAt
        $done.LatestLoss | Should -BeGreaterThan 0
        $done.Error | Should -BeNullOrEmpty

        $metrics = $done | Get-FineTuneJobMetric
        $training = @($metrics | Where-Object Kind -eq 'Training')
        $validation = @($metrics | Where-Object Kind -eq 'Validation')
        $training.Count | Should -BeGreaterThan 1
        $validation.Count | Should -Be $training.Count
        $training.Step | Should -Be ($training.Step | Sort-Object)
        $training[-1].Value | Should -BeLessThan $training[0].Value
        $validation[0].Metric | Should -Be 'eval_loss'

        (Get-FineTuneJob -Status Completed).Name | Should -Contain $job.Name
        Get-FineTuneJob -Status Failed | Should -BeNullOrEmpty
    }

    It 'returns the same job when run again, uploading and creating nothing a second time' {
        $first = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Epochs 1
        $second = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Epochs 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $second.Name | Should -Be $first.Name
        "$warnings" | Should -Match 'exists already with the same inputs'
        Get-Count 'Jobs_CreateOrUpdate' | Should -Be 1
        @(Get-FineTuneJob).Count | Should -Be 1
    }

    It 'refuses a -Name in use by a job with other inputs, naming what differs' {
        New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name faq-v1 -Epochs 1 | Out-Null
        { New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name faq-v1 -Epochs 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'JobNameInUse,*'
        $Error[0].Exception.Message | Should -Match 'hyperparameters'
        Get-Count 'Jobs_CreateOrUpdate' | Should -Be 1
    }

    It 'reports every data error with its line and uploads nothing and creates no job' {
        $bad = Join-Path $data 'bad.jsonl'
        Set-Content $bad -Value ((New-Lines 12 'bad') + '{"messages": [{"role": "user", "content": "no answer"}]}' + 'not json')
        New-FineTuneJob Phi-4-mini-instruct $bad -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems.FullyQualifiedErrorId | Should -Be @(
            'MissingAssistantMessage,PhiFineTune.Commands.NewFineTuneJobCommand',
            'InvalidJson,PhiFineTune.Commands.NewFineTuneJobCommand',
            'DatasetInvalid,PhiFineTune.Commands.NewFineTuneJobCommand')
        $problems[0].TargetObject.Line | Should -Be 13
        $problems[1].TargetObject.Line | Should -Be 14
        $problems[2].Exception.Message | Should -Match 'nothing was uploaded and no job was created'
        Get-Count 'Datastores_Get' | Should -Be 0
        Get-Count 'Jobs_CreateOrUpdate' | Should -Be 0
    }

    It 'checks the data with -WhatIf and uploads and creates nothing' {
        New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -ValidationPercent 20 -WhatIf | Should -BeNullOrEmpty
        Get-FineTuneEmulatorRequest | Where-Object Operation -ne 'Workspaces_Get' | Should -BeNullOrEmpty
    }

    It 'refuses a split that leaves fewer than 10 validation examples, before any upload' {
        { New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -ValidationPercent 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidValidationPercent,*'
        $Error[0].Exception.Message | Should -Match '3 of the 60 examples'
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'rejects a learning rate that is a multiplier, before any request' {
        { New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -LearningRate 0.5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidLearningRate,*'
        $Error[0].Exception.Message | Should -Match 'LearningRateMultiplier'
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'reports a job the service fails, with the reason from its run' {
        $few = Join-Path $data 'few.jsonl'
        Set-Content $few -Value (New-Lines 5 'few')
        $job = New-FineTuneJob Phi-4-mini-instruct $few -SkipValidation
        $ended = $job | Wait-FineTuneJob
        $ended.Status | Should -Be 'Failed'
        $ended.Error | Should -Match 'InvalidTrainingData'
        (Get-FineTuneJob $job.Name).Error | Should -Be $ended.Error
    }

    It 'retries 429 and 503 during create and during polling' {
        Add-FineTuneEmulatorFault -Operation Jobs_CreateOrUpdate -Kind Throttle -Count 1 | Out-Null
        Add-FineTuneEmulatorFault -Operation Jobs_Get -Kind ServiceUnavailable -Count 2 | Out-Null
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Epochs 1
        ($job | Wait-FineTuneJob).Status | Should -Be 'Completed'
        (Get-FineTuneEmulatorRequest Jobs_CreateOrUpdate).Status | Should -Be @(429, 201)
        @(Get-FineTuneEmulatorRequest Jobs_Get | Where-Object Status -eq 503).Count | Should -Be 2
    }
}

Describe 'Stop-FineTuneJob' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 1000 }

    It 'changes nothing with -WhatIf' {
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl')
        $job | Stop-FineTuneJob -WhatIf
        Get-FineTuneEmulatorRequest Jobs_Cancel | Should -BeNullOrEmpty
    }

    It 'cancels a job and waits until it reads Canceled' {
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl')
        $stopped = $job | Stop-FineTuneJob -Confirm:$false
        $stopped.Status | Should -Be 'Canceled'
        Get-FineTuneEmulatorRequest Jobs_Cancel | Should -HaveCount 1
        (Get-FineTuneJob $job.Name).Status | Should -Be 'Canceled'
    }
}

Describe 'Wait-FineTuneJob' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 400 }

    It 'returns the jobs as they stand after -TimeoutSec, and a new process re-attaches by name' {
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl')
        $standing = $job | Wait-FineTuneJob -TimeoutSec 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $standing.Name | Should -Be $job.Name
        $standing.IsTerminal | Should -BeFalse
        "$warnings" | Should -Match 'had not ended after 1 s'

        $script = @"
Import-Module '$env:PHIFINETUNE_TEST_MODULE'
Connect-FineTuneWorkspace -EmulatorEndpoint '$($emulator.Endpoint)' -CertificateThumbprint '$($emulator.CertificateThumbprintSha256)' ``
    -SubscriptionId '$($emulator.SubscriptionId)' -ResourceGroupName '$($emulator.ResourceGroupName)' -WorkspaceName '$($emulator.WorkspaceName)' | Out-Null
(Wait-FineTuneJob -Name '$($job.Name)' -TimeoutSec 60).Status
"@
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $status = & dotnet $pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $status | Should -Be 'Completed'
    }

    It 'polls each job at most once per interval and writes each job when it ends' {
        $jobs = 1..3 | ForEach-Object { New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name "wait-$_" }
        $since = [DateTimeOffset]::UtcNow
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ended = $jobs | Wait-FineTuneJob -PollIntervalSec 0.5
        $watch.Stop()
        $ended.Name | Sort-Object | Should -Be @('wait-1', 'wait-2', 'wait-3')
        $ended.Status | Should -Be @('Completed', 'Completed', 'Completed')
        # Each poll is one request, and the next poll of a job starts an interval after the last one answered, on the
        # cmdlet's own monotonic clock (the one this Stopwatch reads too). So N polls of a job need (N - 1) intervals
        # of this wait: no timestamps of two processes are compared, and there is no timer resolution to allow for.
        $mostPolls = [Math]::Floor($watch.Elapsed.TotalSeconds / 0.5) + 1
        foreach ($name in $jobs.Name) {
            $polls = @(Get-FineTuneEmulatorRequest | Where-Object { $_.Time -ge $since -and ($_.Path -match "/jobs/$name$" -or $_.Query -match "run_id=$name(&|$)") })
            $polls.Count | Should -BeGreaterThan 3
            $polls.Count | Should -BeLessOrEqual $mostPolls -Because "the wait took $($watch.Elapsed.TotalSeconds) s and polls at most once per 0.5 s"
        }
    }

    It 'writes an error for a job that does not exist and waits for the others' {
        $job = New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name exists
        $ended = Wait-FineTuneJob -Name exists, missing -ErrorVariable failures -ErrorAction SilentlyContinue
        $ended.Name | Should -Be 'exists'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GetFineTuneJobNotFound,*'
    }
}

Describe 'Get-FineTuneJob' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 150 }

    It 'lists every job across the service''s pages and filters by status' {
        $jobs = 1..6 | ForEach-Object { New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name "page-$_" }
        $jobs[0] | Stop-FineTuneJob -Confirm:$false | Out-Null
        $listed = Get-FineTuneJob
        $listed.Name | Sort-Object | Should -Be ($jobs.Name | Sort-Object)
        # The emulator's pages hold 4 jobs (docs/emulator.md), so the list took two requests.
        Get-FineTuneEmulatorRequest Jobs_List | Should -HaveCount 2
        (Get-FineTuneJob -Status Canceled).Name | Should -Be 'page-1'
    }

    It 'reads a job by name from the pipeline, and reports a name the workspace does not have' {
        New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name by-name | Out-Null
        $found = [pscustomobject]@{ JobName = 'by-name' }, [pscustomobject]@{ JobName = 'no-such-job' } |
            Get-FineTuneJob -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'by-name'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GetFineTuneJobNotFound,*'
        $failures[0].TargetObject | Should -Be 'no-such-job'
    }
}
