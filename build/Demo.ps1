<#
.SYNOPSIS
    The whole user flow, against the emulator, as a user would see it. Stops everything it starts.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # progress bars do not survive a log; the steps below say what happens

function Step([string] $text) { Write-Host "`n>>> $text" -ForegroundColor Cyan }
# Tables as wide as they need to be, whatever the console (CI has none).
function Show { $input | Out-String -Width 160 | Write-Host }

Import-Module $ModulePath
$work = Join-Path ([IO.Path]::GetTempPath()) "phifinetune-demo-$PID"
$null = New-Item -ItemType Directory -Force $work
try {
    Step 'Get-FineTuneBaseModel Phi-4*'
    Get-FineTuneBaseModel Phi-4* | Format-Table | Show

    Step 'Import-Csv support.csv | ConvertTo-FineTuneDataset -Path support.jsonl -PromptProperty Question -ResponseProperty Answer -SystemMessage ...'
    $topics = 'reset a password', 'rotate a storage key', 'scale a deployment', 'read a bill', 'open a support case',
        'restore a backup', 'renew a certificate', 'add a user', 'remove a user', 'move a resource group',
        'tag a resource', 'export logs', 'set a budget alert', 'lock a resource', 'change a region'
    $rows = foreach ($topic in $topics) {
        [pscustomobject]@{ Question = "How do I $topic?"; Answer = "To $topic, open the portal, find the resource, and follow the '$topic' guide step by step." }
        [pscustomobject]@{ Question = "Can you help me $topic today?"; Answer = "Yes. Start with the '$topic' page; it lists what you need before you begin." }
        [pscustomobject]@{ Question = "Who is allowed to $topic?"; Answer = "Anyone with the Contributor role on the resource can $topic; Readers cannot." }
    }
    $rows += [pscustomobject]@{ Question = 'What about this one?'; Answer = '' }   # a row with no answer: reported, not dropped silently
    $rows | Export-Csv (Join-Path $work 'support.csv')
    Import-Csv (Join-Path $work 'support.csv') |
        ConvertTo-FineTuneDataset -Path (Join-Path $work 'support.jsonl') -PromptProperty Question -ResponseProperty Answer `
            -SystemMessage 'You are the Contoso cloud support assistant. Answer in two sentences.' -ErrorAction Continue |
        Format-Table | Show

    Step 'Test-FineTuneDataset support.jsonl -Model Phi-4-mini-instruct -Epochs 3'
    $report = Test-FineTuneDataset (Join-Path $work 'support.jsonl') -Model Phi-4-mini-instruct -Epochs 3
    $report | Format-Table | Show
    $report | Format-List Examples, Messages, TokensPerExample, AssistantTokens, EstimatedBilledTokens | Show
    Write-Host 'How these figures were arrived at:'
    $report.Basis | ForEach-Object { Write-Host "  - $_" }

    Step 'Split-FineTuneDataset support.jsonl -ValidationPercent 25 -Seed 42'
    Split-FineTuneDataset (Join-Path $work 'support.jsonl') -ValidationPercent 25 -Seed 42 | Format-Table | Show

    Step 'Start-FineTuneEmulator -RegistrationDelayMilliseconds 2000 -JobStepMilliseconds 500 -DeploymentStepMilliseconds 2000 -LroRetryAfterSeconds 1   (with Azurite behind its datastore)'
    $emulator = Start-FineTuneEmulator -RegistrationDelayMilliseconds 2000 -JobStepMilliseconds 500 -DeploymentStepMilliseconds 2000 -LroRetryAfterSeconds 1
    $emulator | Format-Table | Show

    Step '$emulator | Connect-FineTuneWorkspace'
    $connection = $emulator | Connect-FineTuneWorkspace
    $connection | Format-List WorkspaceName, WorkspaceKind, Location, ResourceGroupName, SubscriptionId, HubResourceId, AuthenticationMethod, Environment | Show

    Step 'Register-ProviderCheck   (read only: what does the Phi fine-tuning path need?)'
    Register-ProviderCheck -WarningAction Continue | Format-Table | Show

    Step 'Register-ProviderCheck -Register -WhatIf'
    Register-ProviderCheck -Register -WhatIf -WarningAction SilentlyContinue | Format-Table | Show

    Step 'Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Throttle -Count 1 -RetryAfterSeconds 1   (Azure throttles once)'
    Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Throttle -Count 1 -RetryAfterSeconds 1 | Format-Table | Show

    Step 'Register-ProviderCheck -Register -TimeoutSec 60 -Verbose'
    $started = Get-Date
    Register-ProviderCheck -Register -TimeoutSec 60 -Verbose -Confirm:$false | Format-Table | Show
    Write-Host ("Registered in {0:0.0} s, with the throttled request retried after its Retry-After." -f ((Get-Date) - $started).TotalSeconds)

    Step 'Get-FineTuneEmulatorRequest Providers_Register   (what was sent: no token is ever logged)'
    Get-FineTuneEmulatorRequest Providers_Register | Format-Table | Show

    $train = Join-Path $work 'support.train.jsonl'
    $valid = Join-Path $work 'support.validation.jsonl'
    Step 'New-FineTuneJob Phi-4-mini-instruct support.train.jsonl -ValidationFile support.validation.jsonl -Epochs 2 -OutputModelName contoso-support -Verbose'
    $job = New-FineTuneJob Phi-4-mini-instruct $train -ValidationFile $valid -Epochs 2 -OutputModelName contoso-support -Verbose
    $job | Format-List Name, Status, BaseModelId, TrainingData, ValidationData, Hyperparameters, OutputModelName | Show

    Step 'New-FineTuneJob ... again   (a re-run finds the job it made: no second upload, no second job)'
    New-FineTuneJob Phi-4-mini-instruct $train -ValidationFile $valid -Epochs 2 -OutputModelName contoso-support -WarningAction Continue |
        Format-Table | Show

    Step 'Add-FineTuneEmulatorFault -Operation Jobs_Get -Kind ServiceUnavailable -Count 1   (Azure fails once while we wait)'
    Add-FineTuneEmulatorFault -Operation Jobs_Get -Kind ServiceUnavailable -Count 1 | Format-Table | Show

    Step '$job | Wait-FineTuneJob -Verbose   (status changes and the latest loss as they happen)'
    $ProgressPreference = 'Continue'
    $done = $job | Wait-FineTuneJob -Verbose
    $ProgressPreference = 'SilentlyContinue'
    $done | Format-List Name, Status, StartedAt, FinishedAt, LatestLoss, Error | Show

    Step '$done | Get-FineTuneJobMetric'
    $done | Get-FineTuneJobMetric | Format-Table | Show

    Step 'Get-FineTuneJob'
    Get-FineTuneJob | Format-Table | Show

    Step '$done | Get-FineTunedModel   (the model the job registered)'
    $done | Get-FineTunedModel | Format-List Name, Version, BaseModel, JobName, ModelId, Deployments | Show

    Step 'New-FineTunedModelDeployment -Name bad_name ...   (the name is checked before any request)'
    try { $done | New-FineTunedModelDeployment -Name bad_name -ErrorAction Stop }
    catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }

    Step 'Get-FineTuneJob -Name <job> | New-FineTunedModelDeployment -Name contoso-support-chat -Verbose'
    $ProgressPreference = 'Continue'
    $deployment = Get-FineTuneJob -Name $done.Name | New-FineTunedModelDeployment -Name contoso-support-chat -Verbose -WarningAction Continue
    $ProgressPreference = 'SilentlyContinue'
    $deployment | Format-List Name, ProvisioningState, EndpointState, ScoringUri, ModelName, ModelVersion, ContentSafety, TokensPerMinuteLimit, RequestsPerMinuteLimit, PrimaryKey | Show

    Step 'New-FineTunedModelDeployment -Name second-chat ...   (one deployment per model)'
    try { $done | New-FineTunedModelDeployment -Name second-chat -ErrorAction Stop }
    catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }

    Step '$deployment | Invoke-FineTunedModel -SystemMessage ... -Message ''How do I rotate a storage key?'' -Verbose   (the key is fetched, never shown)'
    $deployment | Invoke-FineTunedModel -SystemMessage 'You are the Contoso cloud support assistant.' -Message 'How do I rotate a storage key?' -MaxTokens 200 -Verbose |
        Format-List | Show

    Step 'Invoke-FineTunedModel contoso-support-chat -Message ''... emulator-content-filter ...''   (content safety blocks it)'
    try { Invoke-FineTunedModel contoso-support-chat -Message 'Tell me something emulator-content-filter' -ErrorAction Stop }
    catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }

    Step 'Get-FineTunedModelDeployment -IncludeKey   (keys only on request, as SecureString)'
    Get-FineTunedModelDeployment -IncludeKey | Format-List Name, ProvisioningState, PrimaryKey, SecondaryKey | Show

    Step 'Remove-FineTunedModel -Name contoso-support   (refused: the model is deployed)'
    try { Remove-FineTunedModel -Name contoso-support -Confirm:$false -ErrorAction Stop }
    catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }

    Step '$deployment | Remove-FineTunedModelDeployment -Confirm:$false -Verbose   (waits until it is gone)'
    $deployment | Remove-FineTunedModelDeployment -Confirm:$false -Verbose

    Step 'Get-FineTunedModel contoso-support | Remove-FineTunedModel -Force -Confirm:$false'
    Get-FineTunedModel contoso-support | Remove-FineTunedModel -Force -Confirm:$false

    Step 'Get-FineTunedModelDeployment; Get-FineTunedModel   (nothing left running or registered)'
    $left = @(Get-FineTunedModelDeployment) + @(Get-FineTunedModel)
    Write-Host "$($left.Count) deployments and models left."

    # The guide's first and last steps: from an empty resource group to the best of two models, evaluated.
    $projectArgs = @{ Name = 'contoso-project'; HubName = 'contoso-hub'; ResourceGroupName = 'rg-contoso'; Location = 'East US 2'; Model = 'Phi-4-mini-instruct' }
    Step 'New-FineTuneProject contoso-project -HubName contoso-hub -ResourceGroupName rg-contoso -Location ''East US 2'' -Model Phi-4-mini-instruct -WhatIf'
    New-FineTuneProject @projectArgs -WhatIf | Out-Null

    Step 'New-FineTuneProject ... -Connect   (resource group, storage account, key vault, AI Services, hub, its connection, project)'
    $project = New-FineTuneProject @projectArgs -Connect -WarningAction Continue
    $project.Resources | Format-Table | Show

    Step 'New-FineTuneProject ... again   (a re-run creates nothing)'
    New-FineTuneProject @projectArgs -InformationAction Continue -WarningAction SilentlyContinue | Out-Null

    Step 'New-FineTuneSweep Phi-4-mini-instruct support.train.jsonl -ValidationFile support.validation.jsonl -Epochs 1,3 -Name contoso-sweep   (in the new project)'
    $sweep = New-FineTuneSweep Phi-4-mini-instruct $train -ValidationFile $valid -Epochs 1, 3 -Name contoso-sweep -InformationAction Continue
    $sweep | Format-Table | Show

    Step '$sweep | Wait-FineTuneJob | Compare-FineTuneJob   (best first)'
    $finished = $sweep | Wait-FineTuneJob
    $finished | Compare-FineTuneJob | Format-Table | Show

    Step '$finished | Compare-FineTuneJob -Best | New-FineTunedModelDeployment -Name contoso-best'
    $best = $finished | Compare-FineTuneJob -Best
    $best | New-FineTunedModelDeployment -Name contoso-best -WarningAction SilentlyContinue | Format-Table | Show

    Step 'New-FineTunedModelDeployment -Name phi-base -BaseModel Phi-4-mini-instruct   (the base model, as the baseline)'
    New-FineTunedModelDeployment -Name phi-base -BaseModel Phi-4-mini-instruct -WarningAction SilentlyContinue | Format-Table | Show

    Step 'Invoke-FineTuneEvaluation contoso-best support.validation.jsonl -BaselineDeployment phi-base -Job $best'
    $evaluation = Invoke-FineTuneEvaluation contoso-best $valid -BaselineDeployment phi-base -Job $best
    $evaluation | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationResult] } | Select-Object -First 3 | Format-Table | Show
    $summary = $evaluation | Where-Object { $_ -is [PhiFineTune.FineTuneEvaluationSummary] }
    $summary | Format-List | Show
    Write-Host 'Fine-tuned against base, per metric (mean difference and its paired bootstrap 95 % interval):'
    $summary.Differences | Format-Table | Show

    Step '$project | Remove-FineTuneProject -IncludeHub -Confirm:$false   (deployments and models first, then what New-FineTuneProject made)'
    $removeStarted = Get-Date
    $project | Remove-FineTuneProject -IncludeHub -Confirm:$false -WarningAction Continue
    Write-Host 'What it deleted, in order (the emulator''s request log):'
    Get-FineTuneEmulatorRequest | Where-Object { $_.Method -eq 'DELETE' -and $_.Time -ge $removeStarted } |
        Format-Table Operation, Status, @{ n = 'Resource'; e = { $_.Path.Split('/')[-1] } } | Show
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    Step 'Stop-FineTuneEmulator'
    Stop-FineTuneEmulator -Confirm:$false
    Write-Host 'Emulator stopped; nothing left running.'
}
