BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $script:data = Join-Path $TestDrive 'data'
    New-Item -ItemType Directory $data | Out-Null

    function Line([string] $User, [string] $Assistant) {
        @{ messages = @(@{ role = 'system'; content = 'You are the support assistant.' }, @{ role = 'user'; content = $User },
                @{ role = 'assistant'; content = $Assistant }) } | ConvertTo-Json -Depth 5 -Compress
    }
    # Every answer is four words with "the" second: a model that learned a quarter of it says only the first word.
    $script:train = Join-Path $data 'train.jsonl'
    Set-Content $train -Value @(
        Line 'How do I reset my password?' 'Open the security page'
        Line 'How do I rotate a storage key?' 'Regenerate the access keys'
        Line 'Where can I see my invoices?' 'Check the billing blade'
        Line 'How do I add a new user?' 'Use the identity portal'
        Line 'How can I delete a virtual machine?' 'Select the delete button'
        Line 'How do I enable backups?' 'Turn the vault on'
        Line 'Which region has the lowest latency?' 'Test the network speed'
        Line 'How do I change the subscription owner?' 'Transfer the billing ownership'
        Line 'How do I scale out an app service?' 'Raise the instance count'
        Line 'Why is my deployment failing?' 'Read the activity log'
        Line 'How do I restrict network access?' 'Configure the firewall rules'
        Line 'How do I export the audit logs?' 'Enable the diagnostic settings'
    )
    # Prompts not trained on; each one's nearest training prompt (most words shared) has the reference as its answer.
    $script:validation = Join-Path $data 'validation.jsonl'
    Set-Content $validation -Value @(
        Line 'Please help me reset the password' 'Open the security page'
        Line 'Rotate storage key now' 'Regenerate the access keys'
        Line 'Show invoices for last month' 'Check the billing blade'
        Line 'Deployment keeps failing, why?' 'Read the activity log'
        Line 'Add user account' 'Use the identity portal'
        Line 'Delete virtual machine quickly' 'Select the delete button'
        Line 'Enable backups tonight' 'Turn the vault on'
        Line 'Scale out app service' 'Raise the instance count'
        Line 'Restrict network access now' 'Configure the firewall rules'
        Line 'Export audit logs' 'Enable the diagnostic settings'
    )
    $script:answers = 'Open the security page', 'Regenerate the access keys', 'Check the billing blade', 'Read the activity log',
        'Use the identity portal', 'Select the delete button', 'Turn the vault on', 'Raise the instance count',
        'Configure the firewall rules', 'Enable the diagnostic settings'

    # Jobs trained with 4 epochs at the emulator's best learning rate answer in full, with 1 epoch a quarter of it.
    $script:job4 = New-FineTuneJob Phi-4-mini-instruct $train -ValidationFile $validation -Name eval-job-4 -OutputModelName eval-model-4 `
        -Epochs 4 -LearningRate 0.00002 | Wait-FineTuneJob
    $script:job1 = New-FineTuneJob Phi-4-mini-instruct $train -ValidationFile $validation -Name eval-job-1 -OutputModelName eval-model-1 `
        -Epochs 1 -LearningRate 0.00002 | Wait-FineTuneJob
    $script:deployment4 = $job4 | New-FineTunedModelDeployment -Name eval-chat-4 -Wait -WarningAction SilentlyContinue
    $script:deployment1 = $job1 | New-FineTunedModelDeployment -Name eval-chat-1 -Wait -WarningAction SilentlyContinue
    function Get-Count([string] $Operation) { @(Get-FineTuneEmulatorRequest $Operation).Count }
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'Invoke-FineTuneEvaluation' {
    AfterEach { Clear-FineTuneEmulatorFault }

    It 'scores the validation split exactly as the emulator''s rule predicts, then summarises' {
        $jobs = $job4, $job1
        $jobs.Status | Should -Be @('Completed', 'Completed')
        $out = $deployment4 | Invoke-FineTuneEvaluation -Path $validation
        $results = @($out | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] } | Sort-Object Index)
        $summary = $out[-1]
        $summary | Should -BeOfType 'PhiFineTune.FineTuneEvaluationSummary'
        $results.Index | Should -Be (0..9)
        $results.Line | Should -Be (1..10)
        $results.Reply | Should -Be $answers
        $results.ExactMatch | Should -Be (@(1) * 10)
        $results.F1 | Should -Be (@(1) * 10)
        $summary.Count | Should -Be 10
        $summary.Scored | Should -Be 10
        $summary.Failed | Should -Be 0
        $summary.Completed | Should -BeTrue
        $summary.ExactMatch.Mean | Should -Be 1
        $summary.F1.Mean | Should -Be 1
        $summary.RougeL.Mean | Should -Be 1
        $summary.TotalTokens | Should -Be (($results | Measure-Object PromptTokens -Sum).Sum + ($results | Measure-Object CompletionTokens -Sum).Sum)

        # One epoch learned a quarter of each answer: its first word. SQuAD F1 of "open" against "open security page"
        # is 2 × 1 × 1/3 / (1 + 1/3) = 0.5; ROUGE-L keeps "the": 2 × 1 × 1/4 / (1 + 1/4) = 0.4.
        $one = Invoke-FineTuneEvaluation eval-chat-1 $validation -ThrottleLimit 2
        $oneResults = @($one | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] } | Sort-Object Index)
        $oneResults.Reply | Should -Be ($answers | ForEach-Object { ($_ -split ' ')[0] })
        $one[-1].ExactMatch.Mean | Should -Be 0
        [math]::Round($one[-1].F1.Mean, 12) | Should -Be 0.5
        [math]::Round($one[-1].RougeL.Mean, 12) | Should -Be 0.4
        # The key is fetched once per evaluation.
        Get-Count 'ServerlessEndpoints_ListKeys' | Should -Be 2
    }

    It 'compares with a baseline deployment: the better model''s interval is above 0' {
        $out = Invoke-FineTuneEvaluation eval-chat-4 $validation -BaselineDeployment eval-chat-1 -Seed 3
        $summary = $out[-1]
        @($out | Where-Object DeploymentName -eq 'eval-chat-1' | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] }).Count | Should -Be 10
        $summary.Baseline.DeploymentName | Should -Be 'eval-chat-1'
        $f1 = $summary.Differences | Where-Object Metric -eq 'F1'
        [math]::Round($f1.MeanDifference, 12) | Should -Be 0.5
        $f1.Lower | Should -BeGreaterThan 0
        $f1.Seed | Should -Be 3
        ($summary.Differences | Where-Object Metric -eq 'ExactMatch').Lower | Should -Be 1
        [math]::Round(($summary.Differences | Where-Object Metric -eq 'RougeL').MeanDifference, 12) | Should -Be 0.6
    }

    It 'gives the perplexity of the job''s validation loss with -Job' {
        $summary = (Invoke-FineTuneEvaluation eval-chat-4 $validation -Job $job4 -Metric F1)[-1]
        $losses = @($job4 | Get-FineTuneJobMetric | Where-Object Kind -eq 'Validation')
        $last = $losses | Sort-Object Step | Select-Object -Last 1
        $best = $losses | Sort-Object Value | Select-Object -First 1
        $summary.JobName | Should -Be 'eval-job-4'
        $summary.PerplexityLast | Should -Be ([math]::Exp($last.Value))
        $summary.PerplexityLastStep | Should -Be $last.Step
        $summary.PerplexityBest | Should -Be ([math]::Exp($best.Value))
        $summary.ExactMatch | Should -BeNullOrEmpty
        $summary.F1.Mean | Should -Be 1
    }

    It 'refuses a bad line, naming file and line, before any request' {
        $bad = Join-Path $data 'bad.jsonl'
        Set-Content $bad -Value @((Line 'a question' 'an answer'), '{"messages":[{"role":"user","content":"no answer"}]}')
        $before = @(Get-FineTuneEmulatorRequest).Count
        { Invoke-FineTuneEvaluation eval-chat-4 $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidEvaluationExample,*'
        $Error[0].Exception.Message | Should -Match 'Line 2 of .*bad\.jsonl.*no assistant message'
        $Error[0].ErrorDetails.RecommendedAction | Should -Match 'Test-FineTuneDataset'
        @(Get-FineTuneEmulatorRequest).Count | Should -Be $before
    }

    It 'counts a content-filter refusal as a failed example with its reason' {
        $filtered = Join-Path $data 'filtered.jsonl'
        Set-Content $filtered -Value @((Line 'Rotate storage key now' 'Regenerate the access keys'),
            (Line 'Tell me emulator-content-filter things' 'Nothing'))
        $out = Invoke-FineTuneEvaluation eval-chat-4 $filtered
        $failed = $out | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] -and -not $_.Succeeded }
        $failed.Index | Should -Be 1
        $failed.ErrorId | Should -Be 'ContentFiltered'
        $failed.Error | Should -Match 'content_filter'
        $out[-1].Failed | Should -Be 1
        $out[-1].Scored | Should -Be 1
        $out[-1].F1.Mean | Should -Be 1
    }

    It 'retries a throttled request (429 with Retry-After) and scores every example' {
        Add-FineTuneEmulatorFault -Operation Inference_GetChatCompletions -Kind Throttle -Count 2 -RetryAfterSeconds 1 | Out-Null
        $before = Get-Count 'Inference_GetChatCompletions'
        $summary = (Invoke-FineTuneEvaluation eval-chat-4 $validation -ThrottleLimit 1)[-1]
        $summary.Failed | Should -Be 0
        $summary.F1.Mean | Should -Be 1
        (Get-Count 'Inference_GetChatCompletions') - $before | Should -Be 12
        $summary.Elapsed.TotalSeconds | Should -BeGreaterThan 1.5
    }

    It 'emits what was scored when stopped (Ctrl+C)' {
        $slow = Join-Path $data 'slow.jsonl'
        Set-Content $slow -Value (1..30 | ForEach-Object { Line 'Rotate storage key now' 'Regenerate the access keys' })
        Add-FineTuneEmulatorFault -Operation Inference_GetChatCompletions -Kind Latency -LatencyMilliseconds 300 | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $emulator, $path)
                    Import-Module $module
                    $emulator | Connect-FineTuneWorkspace | Out-Null
                    Invoke-FineTuneEvaluation eval-chat-4 $path -ThrottleLimit 1
                }).AddArgument($env:PHIFINETUNE_TEST_MODULE).AddArgument($emulator).AddArgument($slow)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($output.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $ps.Stop()
            $output.Count | Should -BeGreaterOrEqual 2
            $output.Count | Should -BeLessThan 30
            @($output | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] }).Count | Should -Be $output.Count
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }
    }
}
