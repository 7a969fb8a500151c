BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    # Jobs complete in under 2 s; a deployment is Creating (or Deleting) for 300 ms; the LRO Retry-After is 0 (an
    # emulator-only value) unless a test sets it.
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $script:data = Join-Path $TestDrive 'data'
    New-Item -ItemType Directory $data | Out-Null
    Set-Content (Join-Path $data 'train.jsonl') -Value (1..20 | ForEach-Object {
        '{"messages":[{"role":"system","content":"You answer briefly."},{"role":"user","content":"Question ' + $_ + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}'
    })

    function Get-Count([string] $Operation) { @(Get-FineTuneEmulatorRequest $Operation).Count }
    # A completed job whose registered model is $Model.
    function New-CompletedJob([string] $Model) {
        New-FineTuneJob Phi-4-mini-instruct (Join-Path $data 'train.jsonl') -Name "job-$Model" -OutputModelName $Model -Epochs 1 |
            Wait-FineTuneJob
    }
    function Deploy([string] $Model, [string] $Name) {
        New-CompletedJob $Model | New-FineTunedModelDeployment -Name $Name -Wait -WarningAction SilentlyContinue
    }
    function Reset-Emulator { Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0 }
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'The deployment pipeline' {
    BeforeEach { Reset-Emulator }

    It 'deploys a job''s model, chats with it, and removes model and deployment, leaving nothing' {
        $job = New-CompletedJob faq-model
        $reply = Get-FineTuneJob -Name $job.Name |
            New-FineTunedModelDeployment -Name faq-chat -Wait -WarningVariable warnings -WarningAction SilentlyContinue |
            Invoke-FineTunedModel -Message 'hello there'
        $reply | Should -BeOfType 'PhiFineTune.FineTunedModelReply'
        $reply.Content | Should -Match 'hello there'
        $reply.FinishReason | Should -Be 'stop'
        $reply.TotalTokens | Should -Be ($reply.PromptTokens + $reply.CompletionTokens)
        $reply.Model | Should -Be 'faq-model'
        $reply.DeploymentName | Should -Be 'faq-chat'
        "$warnings" | Should -Match 'billed while it exists'
        "$warnings" | Should -Match 'Pricing and terms'
        "$warnings" | Should -Match '15 days'

        $model = Get-FineTunedModel faq-model
        $model | Should -BeOfType 'PhiFineTune.FineTunedModel'
        $model.Version | Should -Be '1'
        $model.BaseModel | Should -Be 'Phi-4-mini-instruct'
        $model.JobName | Should -Be $job.Name
        $model.ModelId | Should -Be "azureml://locations/$($connection.Location)/workspaces/$($connection.WorkspaceId)/models/faq-model/versions/1"
        $model.Deployments | Should -Be @('faq-chat')
        ($job | Get-FineTunedModel).ModelId | Should -Be $model.ModelId

        $deployment = Get-FineTunedModelDeployment faq-chat
        $deployment.ProvisioningState | Should -Be 'Succeeded'
        $deployment.EndpointState | Should -Be 'Online'
        $deployment.ScoringUri | Should -Not -BeNullOrEmpty
        $deployment.ModelId | Should -Be $model.ModelId
        $deployment.ModelName | Should -Be 'faq-model'
        $deployment.ModelVersion | Should -Be '1'
        $deployment.ContentSafety | Should -Be 'Enabled'
        $deployment.TokensPerMinuteLimit | Should -Be 200000
        $deployment.RequestsPerMinuteLimit | Should -Be 1000

        Get-FineTunedModel faq-model | Remove-FineTunedModel -Force -Confirm:$false
        Get-FineTunedModelDeployment | Should -BeNullOrEmpty
        Get-FineTunedModel | Should -BeNullOrEmpty
        $deletes = Get-FineTuneEmulatorRequest | Where-Object Method -eq 'DELETE'
        $deletes.Operation | Should -Be @('ServerlessEndpoints_Delete', 'ModelVersions_Delete', 'ModelContainers_Delete')
    }

    It 'waits by default until the deployment has Succeeded, so that it pipes straight into a chat' {
        $reply = New-CompletedJob faq-model | New-FineTunedModelDeployment -Name faq-chat -WarningAction SilentlyContinue |
            Invoke-FineTunedModel -Message 'hello'
        $reply.Content | Should -Match 'hello'
        Get-Count 'ServerlessEndpoints_GetOperationStatus' | Should -BeGreaterThan 0
        { New-FineTunedModelDeployment -Name faq-chat-2 -ModelName faq-model -Wait -NoWait -ErrorAction Stop } |
            Should -Throw -ErrorId 'WaitConflictsWithNoWait,*'
        Get-Count 'ServerlessEndpoints_CreateOrUpdate' | Should -Be 1
    }

    It 'sends a system message, earlier messages and the options, and returns after the PUT with -NoWait' {
        Reset-FineTuneEmulator -Confirm:$false -DeploymentStepMilliseconds 3000
        $job = New-CompletedJob faq-model
        $created = $job | New-FineTunedModelDeployment -Name faq-chat -NoWait -WarningAction SilentlyContinue
        $created.ProvisioningState | Should -Be 'Creating'
        Get-Count 'ServerlessEndpoints_GetOperationStatus' | Should -Be 0
        # A deployment read while Creating is read again; until it has Succeeded it cannot answer.
        { $created | Invoke-FineTunedModel -Message 'hi' -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentNotReady,*'
        Start-Sleep -Milliseconds 3500
        (New-FineTunedModelDeployment -Name faq-chat -ModelName faq-model -WarningAction SilentlyContinue).ProvisioningState | Should -Be 'Succeeded'
        $history = @(@{ role = 'user'; content = 'How do I add a user?' }, [pscustomobject]@{ role = 'assistant'; content = 'Use Access control.' })
        $reply = $created | Invoke-FineTunedModel -SystemMessage 'Answer briefly please' -Messages $history -Message 'And remove one?' -MaxTokens 50 -Temperature 0.2
        $reply.Content | Should -Match 'system: Answer briefly please'
        $reply.Content | Should -Match 'And remove one'
        $reply.PromptTokens | Should -BeGreaterThan 10
    }

    It 'rejects a name outside the service''s pattern before any request' {
        foreach ($bad in '1starts-with-digit', 'has_underscore', ('a' * 53)) {
            { New-FineTunedModelDeployment -Name $bad -ModelName faq-model -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidDeploymentName,*'
        }
        $Error[0].Exception.Message | Should -Match '\^\[a-zA-Z\]'
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'allows one deployment per model, naming the existing one; a re-run returns it' {
        $job = New-CompletedJob faq-model
        $job | New-FineTunedModelDeployment -Name faq-chat -Wait -WarningAction SilentlyContinue | Out-Null
        { $job | New-FineTunedModelDeployment -Name faq-chat-2 -ErrorAction Stop } | Should -Throw -ErrorId 'ModelAlreadyDeployed,*'
        $Error[0].Exception.Message | Should -Match "'faq-chat'"
        $Error[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        { New-FineTunedModelDeployment -Name faq-chat-3 -ModelName faq-model -ModelVersion 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ModelAlreadyDeployed,*'
        $again = $job | New-FineTunedModelDeployment -Name faq-chat -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Name | Should -Be 'faq-chat'
        "$warnings" | Should -Match 'exists already'
        Get-Count 'ServerlessEndpoints_CreateOrUpdate' | Should -Be 1
    }

    It 'refuses a name another model''s deployment uses' {
        Deploy faq-model faq-chat | Out-Null
        { New-CompletedJob other-model | New-FineTunedModelDeployment -Name faq-chat -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeploymentNameInUse,*'
        $Error[0].Exception.Message | Should -Match 'faq-model'
        Get-Count 'ServerlessEndpoints_CreateOrUpdate' | Should -Be 1
    }

    It 'deploys a Phi base model by its registry id, more than once, and chats with it' {
        $base = New-FineTunedModelDeployment -Name base-chat -BaseModel phi-4-mini-instruct -Wait -WarningVariable warnings -WarningAction SilentlyContinue
        $base.ProvisioningState | Should -Be 'Succeeded'
        $base.ModelId | Should -Be 'azureml://registries/azureml/models/Phi-4-mini-instruct'
        $base.ModelName | Should -Be 'Phi-4-mini-instruct'
        $base.ModelVersion | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'Pricing and terms of Phi-4-mini-instruct'
        ($base | Invoke-FineTunedModel -Message 'hello there').Content | Should -Not -BeNullOrEmpty
        # Not a custom model: the one-deployment rule does not apply; a re-run returns the same one.
        (New-FineTunedModelDeployment -Name base-chat-2 -BaseModel Phi-4-mini-instruct -WarningAction SilentlyContinue).Name | Should -Be 'base-chat-2'
        $again = New-FineTunedModelDeployment -Name base-chat -BaseModel Phi-4-mini-instruct -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Name | Should -Be 'base-chat'
        "$warnings" | Should -Match 'Phi-4-mini-instruct \(base model\) exists already'
        Get-Count 'ServerlessEndpoints_CreateOrUpdate' | Should -Be 2
    }

    It 'refuses a base model the catalogue does not know before any request' {
        { New-FineTunedModelDeployment -Name base-chat -BaseModel gpt-4o -ErrorAction Stop } | Should -Throw -ErrorId 'BaseModelNotFound,*'
        $Error[0].Exception.Message | Should -Match 'Phi-4-mini-instruct'
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'creates nothing with -WhatIf' {
        New-CompletedJob faq-model | New-FineTunedModelDeployment -Name faq-chat -WhatIf | Should -BeNullOrEmpty
        Get-Count 'ServerlessEndpoints_CreateOrUpdate' | Should -Be 0
    }

    It 'reports a deployment that fails to provision, with the service''s reason' {
        { New-CompletedJob faq-model | New-FineTunedModelDeployment -Name emulator-fail-1 -Wait -WarningAction SilentlyContinue -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeploymentFailed,*'
        $Error[0].Exception.Message | Should -Match 'ended Failed'
    }
}

Describe 'Content safety' {
    BeforeEach { Reset-Emulator }

    It 'makes a prompt the content filter blocks its own error' {
        Deploy faq-model faq-chat | Out-Null
        { Invoke-FineTunedModel faq-chat -Message 'please emulator-content-filter this' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ContentFiltered,*'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Error[0].Exception.Message | Should -Match 'Content Safety'
        $Error[0].Exception.Message | Should -Match 'content_filter'
    }

    It 'warns with -DisableContentSafety, and the deployment then answers the same prompt' {
        $deployment = New-CompletedJob faq-model |
            New-FineTunedModelDeployment -Name faq-open -DisableContentSafety -Wait -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'Content Safety will be off'
        $deployment.ContentSafety | Should -Be 'Disabled'
        ($deployment | Invoke-FineTunedModel -Message 'please emulator-content-filter this').FinishReason | Should -Be 'stop'
    }
}

Describe 'Deployment keys' {
    BeforeEach { Reset-Emulator }

    It 'gives keys only with -IncludeKey, as SecureString, and never shows them anywhere' {
        Deploy faq-model faq-chat | Out-Null
        $plain = Get-FineTunedModelDeployment faq-chat
        $plain.PrimaryKey | Should -BeNullOrEmpty
        $plain.SecondaryKey | Should -BeNullOrEmpty
        (Get-FineTunedModelDeployment)[0].PrimaryKey | Should -BeNullOrEmpty

        $withKey = Get-FineTunedModelDeployment faq-chat -IncludeKey
        $withKey.PrimaryKey | Should -BeOfType 'System.Security.SecureString'
        $withKey.SecondaryKey | Should -BeOfType 'System.Security.SecureString'
        $key = ConvertFrom-SecureString -AsPlainText $withKey.PrimaryKey
        $key.Length | Should -BeGreaterThan 8
        $pattern = [regex]::Escape($key)

        $seen = Invoke-FineTunedModel faq-chat -Message 'hi' -Verbose 4>&1 | Out-String
        $seen | Should -Match 'chat/completions'
        $seen | Should -Not -Match $pattern
        Invoke-FineTunedModel faq-chat -Message 'emulator-content-filter' -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1 |
            Out-String | Should -Not -Match $pattern
        $failed | Should -Not -BeNullOrEmpty
        ($failed | Format-List * -Force | Out-String) | Should -Not -Match $pattern
        ($withKey | Format-List * | Out-String) | Should -Not -Match $pattern
        ($withKey | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) | Should -Not -Match $pattern
        (Get-FineTuneEmulatorRequest | ConvertTo-Json -Depth 3) | Should -Not -Match $pattern
        (Get-FineTuneEmulatorRequest Inference_GetChatCompletions).HadAuthorization | Should -Be @($true, $true)
    }

    It 'maps a refused key (401) to its own error without the key' {
        Deploy faq-model faq-chat | Out-Null
        $other = Deploy other-model other-chat
        # A deployment object naming faq-chat but pointing at other-chat's URI: faq-chat's key goes to other-chat.
        $mixed = [PhiFineTune.FineTunedModelDeployment]@{
            Name = 'faq-chat'; ProvisioningState = 'Succeeded'; ScoringUri = $other.ScoringUri; ResourceId = ''
            CheckedAt = [DateTimeOffset]::UtcNow; Connection = $connection
        }
        { $mixed | Invoke-FineTunedModel -Message 'hi' -ErrorAction Stop } | Should -Throw -ErrorId 'InvokeFineTunedModelAuthentication,*'
        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $Error[0].Exception.Message | Should -Match '401'
        $key = ConvertFrom-SecureString -AsPlainText (Get-FineTunedModelDeployment faq-chat -IncludeKey).PrimaryKey
        $Error[0].Exception.Message | Should -Not -Match ([regex]::Escape($key))
    }
}

Describe 'Removing deployments and models' {
    BeforeEach { Reset-Emulator }

    It 'refuses to remove a deployed model, naming the deployment, and deletes nothing' {
        Deploy faq-model faq-chat | Out-Null
        { Remove-FineTunedModel -Name faq-model -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ModelInUse,*'
        $Error[0].Exception.Message | Should -Match "'faq-chat'"
        $Error[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-FineTuneEmulatorRequest | Where-Object Method -eq 'DELETE' | Should -BeNullOrEmpty
        (Get-FineTunedModel faq-model).Deployments | Should -Be @('faq-chat')
    }

    It 'changes nothing with -WhatIf' {
        Deploy faq-model faq-chat | Out-Null
        Get-FineTunedModel faq-model | Remove-FineTunedModel -Force -WhatIf
        Remove-FineTunedModelDeployment -Name faq-chat -WhatIf
        Get-FineTuneEmulatorRequest | Where-Object Method -eq 'DELETE' | Should -BeNullOrEmpty
        (Get-FineTunedModelDeployment faq-chat).ProvisioningState | Should -Be 'Succeeded'
        (Get-FineTunedModel faq-model).Deployments | Should -Be @('faq-chat')
    }

    It 'deletes a deployment and waits until it is gone, keeping the model' {
        Reset-FineTuneEmulator -Confirm:$false -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 1
        $deployment = Deploy faq-model faq-chat
        $deployment | Remove-FineTunedModelDeployment -Confirm:$false
        # The delete's 202 gives Location and Azure-AsyncOperation; clients follow the operation resource (contract C.5).
        $delete = Get-FineTuneEmulatorRequest ServerlessEndpoints_Delete
        $polls = @(Get-FineTuneEmulatorRequest ServerlessEndpoints_GetOperationStatus | Where-Object Time -gt $delete.Time)
        $polls | Should -Not -BeNullOrEmpty
        $polls | Where-Object Status -ne 200 | Should -BeNullOrEmpty
        Get-Count ServerlessEndpoints_GetOperationResult | Should -Be 0
        Get-FineTunedModelDeployment faq-chat -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-FineTunedModel faq-model).Deployments | Should -BeNullOrEmpty
        # Retry-After 1 s: the delete's first poll comes no sooner.
        ($polls[0].Time - $delete.Time).TotalMilliseconds | Should -BeGreaterThan 900
        Remove-FineTunedModelDeployment -Name faq-chat -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'no deployment named'
    }
}

Describe 'Throttling and transient failures' {
    BeforeEach { Reset-Emulator }

    It 'retries 429 and 503 during create and during polling' {
        Reset-FineTuneEmulator -Confirm:$false -DeploymentStepMilliseconds 1500 -LroRetryAfterSeconds 0
        $job = New-CompletedJob faq-model
        Add-FineTuneEmulatorFault -Operation ServerlessEndpoints_CreateOrUpdate -Kind Throttle -Count 1 -RetryAfterSeconds 1 | Out-Null
        Add-FineTuneEmulatorFault -Operation ServerlessEndpoints_GetOperationStatus -Kind ServiceUnavailable -Count 2 | Out-Null
        ($job | New-FineTunedModelDeployment -Name faq-chat -Wait -WarningAction SilentlyContinue).ProvisioningState | Should -Be 'Succeeded'
        (Get-FineTuneEmulatorRequest ServerlessEndpoints_CreateOrUpdate).Status | Should -Be @(429, 201)
        @(Get-FineTuneEmulatorRequest ServerlessEndpoints_GetOperationStatus | Where-Object Status -eq 503).Count | Should -Be 2
    }

    It 'reports a deployment that throttles after retries with its limits' {
        Deploy faq-model faq-chat | Out-Null
        Add-FineTuneEmulatorFault -Operation Inference_GetChatCompletions -Kind Throttle -Count 10 -RetryAfterSeconds 0 | Out-Null
        { Invoke-FineTunedModel faq-chat -Message 'hi' -ErrorAction Stop } | Should -Throw -ErrorId 'InvokeFineTunedModelThrottled,*'
        $Error[0].Exception.Message | Should -Match '429'
        $Error[0].ErrorDetails.RecommendedAction | Should -Match '200,000 tokens'
    }
}
