BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
    $script:sub = $emulator.SubscriptionId
    # The emulator's signed-in user, as the module's emulator token names it (oid).
    $script:caller = 'e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13'
    $script:data = Join-Path $TestDrive 'train.jsonl'
    Set-Content $data -Value (1..20 | ForEach-Object {
        '{"messages":[{"role":"system","content":"You answer briefly."},{"role":"user","content":"Question ' + $_ + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}'
    })

    function Reset-Emulator {
        Reset-FineTuneEmulator -Confirm:$false -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
        $null = $emulator | Connect-FineTuneWorkspace
    }
    # The project of every test: an empty resource group (rg-new) to a hub and project in East US 2.
    $script:project = @{ Name = 'proj1'; HubName = 'hub1'; ResourceGroupName = 'rg-new'; Location = 'East US 2' }
    function Get-Writes { @(Get-FineTuneEmulatorRequest | Where-Object Method -In 'PUT', 'DELETE', 'PATCH') }
    # A request straight to the emulator, as another tool (the portal, az) would make it; returns the status.
    function Invoke-Arm([string] $Method, [string] $Path, $Body) {
        $arguments = @{
            Method = $Method; Uri = $emulator.Endpoint.AbsoluteUri.TrimEnd('/') + $Path; SkipCertificateCheck = $true
            SkipHttpErrorCheck = $true; Headers = @{ Authorization = 'Bearer test' }
        }
        if ($Body) { $arguments.Body = $Body | ConvertTo-Json -Depth 10; $arguments.ContentType = 'application/json' }
        (Invoke-WebRequest @arguments).StatusCode
    }
    function Get-Status([string] $Id, [string] $ApiVersion) { Invoke-Arm GET "$($Id)?api-version=$ApiVersion" }
    $script:group = "/subscriptions/$sub/resourceGroups/rg-new"
    $script:workspaces = "$group/providers/Microsoft.MachineLearningServices/workspaces"
    $script:ml = '2025-01-01-preview'
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'New-FineTuneProject' {
    BeforeEach { Reset-Emulator }

    It 'creates everything from an empty resource group, a job in the project completes, and a re-run creates nothing' {
        Get-Status $group '2025-04-01' | Should -Be 404
        $made = New-FineTuneProject @project -Model Phi-4-mini-instruct -WarningAction SilentlyContinue

        $made | Should -BeOfType 'PhiFineTune.FineTuneProject'
        $made.Resources.ResourceType | Should -Be @('Microsoft.Resources/resourceGroups', 'Microsoft.Storage/storageAccounts',
            'Microsoft.KeyVault/vaults', 'Microsoft.CognitiveServices/accounts', 'Microsoft.MachineLearningServices/workspaces',
            'Microsoft.MachineLearningServices/workspaces/connections', 'Microsoft.MachineLearningServices/workspaces')
        $made.Resources.State | Should -Be (@('Created') * 7)
        $made.CreatedCount | Should -Be 7
        $made.Location | Should -Be 'eastus2'
        $made.WorkspaceName | Should -Be 'proj1'
        $made.HubResourceId | Should -Be "$workspaces/hub1"
        $made.StorageAccountName | Should -Match '^sthub1[0-9a-f]{8}$'
        Get-Status "$workspaces/proj1" $ml | Should -Be 200
        Get-Status "$workspaces/hub1/connections/$($made.AIServicesName)" $ml | Should -Be 200

        $connection = $made | Connect-FineTuneWorkspace
        $connection.WorkspaceName | Should -Be 'proj1'
        $connection.WorkspaceKind | Should -Be 'Project'
        $connection.Environment | Should -Be 'Emulator'
        (Get-FineTuneConnection).WorkspaceName | Should -Be 'proj1'
        $job = New-FineTuneJob Phi-4-mini-instruct $data -Epochs 1 | Wait-FineTuneJob
        $job.Status | Should -Be 'Completed'

        $writes = (Get-Writes).Count
        $again = New-FineTuneProject @project -InformationVariable info -WarningAction SilentlyContinue
        $again.Resources.State | Should -Be (@('Reused') * 7)
        $again.CreatedCount | Should -Be 0
        "$info" | Should -Match 'nothing to create'
        (Get-Writes).Count | Should -Be $writes
    }

    It '-Connect makes the project the default connection' {
        $null = New-FineTuneProject @project -Connect -WarningAction SilentlyContinue
        (Get-FineTuneConnection).WorkspaceName | Should -Be 'proj1'
        (Get-FineTuneConnection).ResourceGroupName | Should -Be 'rg-new'
    }

    It 'starts from a connection with no workspace, which the other cmdlets refuse' {
        $bare = Connect-FineTuneWorkspace -EmulatorEndpoint $emulator.Endpoint -CertificateThumbprint $emulator.CertificateThumbprintSha256 `
            -BlobEndpoint $emulator.BlobEndpoint -SubscriptionId $sub -ResourceGroupName rg-new
        $bare.HasWorkspace | Should -BeFalse
        { Get-FineTuneJob -ErrorAction Stop } | Should -Throw -ErrorId 'NoWorkspace,*'

        $made = New-FineTuneProject @project -Connect -WarningAction SilentlyContinue
        $made.Resources.State | Should -Be (@('Created') * 7)
        (Get-FineTuneConnection).WorkspaceName | Should -Be 'proj1'
        @(Get-FineTuneJob).Count | Should -Be 0
    }

    It '-WhatIf creates nothing' {
        $output = New-FineTuneProject @project -WhatIf
        $output | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        Get-Status $group '2025-04-01' | Should -Be 404
    }

    It 'a failure at the hub leaves what was created, with a clear error, and a re-run completes' {
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_CreateOrUpdate -Kind Forbidden -Count 1
        { New-FineTuneProject @project -ErrorAction Stop } | Should -Throw -ErrorId 'NewFineTuneProjectPermissionDenied,*'
        Get-Status $group '2025-04-01' | Should -Be 200
        Get-Status "$workspaces/hub1" $ml | Should -Be 404

        $made = New-FineTuneProject @project -WarningAction SilentlyContinue
        $made.Resources.State | Should -Be @('Reused', 'Reused', 'Reused', 'Reused', 'Created', 'Created', 'Created')
    }

    It 'a storage account name taken elsewhere fails before anything is created' {
        New-FineTuneProject @project -StorageAccountName phitakenstorage -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'StorageAccountNameTaken,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failure[0].Exception.Message | Should -Match "'phitakenstorage' \(-StorageAccountName\)"
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'New-FineTuneProject'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'a region without Phi fine-tuning fails before any call, naming the regions' {
        $before = @(Get-FineTuneEmulatorRequest).Count
        { New-FineTuneProject -Name proj1 -HubName hub1 -ResourceGroupName rg-new -Location 'West Europe' -ErrorAction Stop } |
            Should -Throw -ErrorId 'RegionNotForFineTuning,*'
        { New-FineTuneProject -Name proj1 -HubName hub1 -ResourceGroupName rg-new -Location eastus -Model Phi-3-mini-4k-instruct -ErrorAction Stop } |
            Should -Throw '*those regions are: eastus2.'
        @(Get-FineTuneEmulatorRequest).Count | Should -Be $before
    }

    It 'warns with the role assignment command without a role, and not once Azure AI Developer is granted' {
        $null = New-FineTuneProject @project -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match "az role assignment create --assignee $caller --role `"Azure AI Developer`" --scope $group"
        "$warnings" | Should -Match "New-AzRoleAssignment -ObjectId $caller -RoleDefinitionName 'Azure AI Developer' -Scope $group"

        Invoke-Arm PUT "$group/providers/Microsoft.Authorization/roleAssignments/$([guid]::NewGuid())?api-version=2022-04-01" @{
            properties = @{
                roleDefinitionId = "/subscriptions/$sub/providers/Microsoft.Authorization/roleDefinitions/64702f94-c441-49e6-a78b-ef80e0188fee"
                principalId = $caller; principalType = 'User'
            }
        } | Should -Be 201
        $null = New-FineTuneProject @project -WarningVariable after -WarningAction SilentlyContinue
        $after | Should -BeNullOrEmpty
    }
}

Describe 'Remove-FineTuneProject' {
    BeforeAll {
        function New-DeployedProject([hashtable] $Extra = @{}) {
            $created = New-FineTuneProject @project @Extra -WarningAction SilentlyContinue
            $null = New-FineTuneJob Phi-4-mini-instruct $data -Name job-p -OutputModelName model-p -Epochs 1 -Connection $created.Connection |
                Wait-FineTuneJob | New-FineTunedModelDeployment -Name chat-p -Wait -WarningAction SilentlyContinue
            $created
        }
    }
    BeforeEach { Reset-Emulator }

    It 'a project that does not exist is a warning, and nothing is deleted' {
        Remove-FineTuneProject -Name nothing-here -ResourceGroupName rg-new -IncludeHub -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match "There is no project 'nothing-here' in resource group 'rg-new'"
        Get-Writes | Should -BeNullOrEmpty
    }

    It '-WhatIf deletes nothing' {
        $made = New-DeployedProject
        $writes = (Get-Writes).Count
        $made | Remove-FineTuneProject -IncludeHub -WhatIf
        (Get-Writes).Count | Should -Be $writes
        Get-Status "$workspaces/proj1" $ml | Should -Be 200
        @(Get-FineTunedModelDeployment -Connection $made.Connection).Count | Should -Be 1
    }

    It 'without -IncludeHub deletes the deployment, the model and the project, in that order, and keeps the hub' {
        $made = New-DeployedProject
        Remove-FineTuneProject -Name proj1 -ResourceGroupName rg-new -Confirm:$false
        $deletes = @(Get-FineTuneEmulatorRequest | Where-Object Method -EQ 'DELETE')
        $deletes[0].Path | Should -Match '/serverlessEndpoints/chat-p$'
        $deletes[1].Path | Should -Match '/models/model-p$'
        $deletes[-1].Path | Should -Match '/workspaces/proj1$'
        Get-Status "$workspaces/proj1" $ml | Should -Be 404
        Get-Status "$workspaces/hub1" $ml | Should -Be 200
        Get-Status "$group/providers/Microsoft.Storage/storageAccounts/$($made.StorageAccountName)" '2024-01-01' | Should -Be 200
    }

    It 'with -IncludeHub deletes what PhiFineTune created and keeps a key vault that existed before' {
        Invoke-Arm PUT "/subscriptions/$sub/resourcegroups/rg-new?api-version=2025-04-01" @{ location = 'eastus2' } | Should -BeIn 200, 201
        $vault = "$group/providers/Microsoft.KeyVault/vaults/kv-existing"
        Invoke-Arm PUT "$($vault)?api-version=2023-07-01" @{
            location = 'eastus2'; properties = @{ tenantId = [guid]::Empty; sku = @{ family = 'A'; name = 'standard' } }
        } | Should -BeIn 200, 201
        $made = New-DeployedProject @{ KeyVaultName = 'kv-existing' }
        ($made.Resources | Where-Object ResourceType -EQ 'Microsoft.KeyVault/vaults').State | Should -Be 'Reused'

        Remove-FineTuneProject -Name proj1 -ResourceGroupName rg-new -IncludeHub -Confirm:$false -WarningVariable warnings
        "$warnings" | Should -Match 'Keeping the key vault kv-existing: it was not created by PhiFineTune'
        Get-Status $vault '2023-07-01' | Should -Be 200
        Get-Status "$workspaces/hub1" $ml | Should -Be 404
        Get-Status "$group/providers/Microsoft.Storage/storageAccounts/$($made.StorageAccountName)" '2024-01-01' | Should -Be 404
        Get-Status "$group/providers/Microsoft.CognitiveServices/accounts/$($made.AIServicesName)" '2024-10-01' | Should -Be 404
        Get-Status $group '2025-04-01' | Should -Be 200
    }
}
