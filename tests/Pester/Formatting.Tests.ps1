# Issue 11: every output type has a default table and a default list view, its table keeps every column at 120
# columns with the values a user needs at a glance whole, and ToString() reads well inside a string. The objects are
# real ones, from one flow against the emulator, with names as long as a user's would be.
BeforeDiscovery {
    # Every type an exported cmdlet declares as its output, and the types those carry that have views of their own.
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $declared = @(Get-Command -Module PhiFineTune -CommandType Cmdlet | ForEach-Object OutputType | ForEach-Object Type |
        Where-Object { $_ -and $_.Namespace -eq 'PhiFineTune' })
    $script:types = @($declared + @([PhiFineTune.HyperparameterRange], [PhiFineTune.FineTuneProjectResource]) | Sort-Object FullName -Unique |
            ForEach-Object { @{ Name = $_.Name; Type = $_ } })
}

BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:emulator = Start-FineTuneEmulator -JobStepMilliseconds 150 -DeploymentStepMilliseconds 300 -LroRetryAfterSeconds 0
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $data = Join-Path $TestDrive 'data'
    New-Item -ItemType Directory $data | Out-Null
    $train = Join-Path $data 'support-tickets-train.jsonl'
    Set-Content $train -Value (1..60 | ForEach-Object {
        '{"messages":[{"role":"system","content":"You answer briefly."},{"role":"user","content":"Question ' + $_ + '?"},{"role":"assistant","content":"Answer ' + $_ + '."}]}'
    })
    $validation = Join-Path $data 'support-tickets-validation.jsonl'
    Set-Content $validation -Value (Get-Content $train | Select-Object -First 12)

    $script:objects = @{}
    function Keep($Object) { foreach ($o in @($Object)) { $objects[$o.GetType().Name] = @($objects[$o.GetType().Name]) + $o | Where-Object { $_ } } }

    Keep $emulator
    Keep $connection
    Keep (Register-ProviderCheck -WarningAction SilentlyContinue)
    Keep (Add-FineTuneEmulatorFault -Operation Jobs_Get -Kind Latency -LatencyMilliseconds 1 -Count 1)
    Keep (Get-FineTuneBaseModel)
    Keep (Get-FineTuneBaseModel Phi-4-mini-instruct).Hyperparameters
    Keep (Test-FineTuneDataset $train -Model Phi-4-mini-instruct -WarningAction SilentlyContinue)
    Keep (Split-FineTuneDataset $train -ValidationPercent 20 -Seed 1 -OutputDirectory (Join-Path $data 'split'))

    $script:job = New-FineTuneJob Phi-4-mini-instruct $train -ValidationFile $validation -Name 'support-tickets-phi4mini-e2-lr2e5' `
        -OutputModelName 'support-phi4mini-v1' -Epochs 2 -LearningRate 2e-5 -WarningAction SilentlyContinue | Wait-FineTuneJob
    Keep $job
    Keep ($job | Get-FineTuneJobMetric)
    $script:deployment = $job | New-FineTunedModelDeployment -Name 'support-chat' -WarningAction SilentlyContinue
    Keep $deployment
    Keep (Get-FineTunedModel 'support-phi4mini-v1')
    Keep ($deployment | Invoke-FineTunedModel -Message 'Question 3?')
    Keep ($deployment | Invoke-FineTuneEvaluation -Path $validation -Job $job)

    $sweep = New-FineTuneSweep Phi-4-mini-instruct $train -ValidationPercent 20 -Epochs 1, 2 -Name 'support-tickets-sweep' -WarningAction SilentlyContinue |
        Wait-FineTuneJob
    Keep (Get-FineTuneSweep | Where-Object Name -EQ 'support-tickets-sweep')
    Keep ($sweep | Compare-FineTuneJob)
    Keep (Get-FineTuneEmulatorRequest | Select-Object -Last 5)

    $project = New-FineTuneProject -Name 'support-tickets-project' -HubName 'support-tickets-hub' -ResourceGroupName 'rg-support-tickets' `
        -Location 'East US 2' -WarningAction SilentlyContinue
    Keep $project
    Keep $project.Resources

    # The views PowerShell would pick for a type, by control.
    function Get-View([type] $Type, [string] $Control) {
        @((Get-FormatData -TypeName $Type.FullName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition |
                Where-Object { $_.Control.GetType().Name -eq $Control })
    }
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'The views of <Name>' -ForEach $types {
    It 'has a default table and a default list view' {
        Get-View $Type 'TableControl' | Should -HaveCount 1 -Because "Format-Table of $Name needs a view"
        Get-View $Type 'ListControl' | Should -HaveCount 1 -Because "Format-List of $Name needs a view"
    }

    It 'is among the objects the flow made' {
        $objects[$Name] | Should -Not -BeNullOrEmpty -Because 'every output type is checked on a real object'
    }

    It 'keeps every column of its table at 120 columns' {
        $labels = (Get-View $Type 'TableControl')[0].Control.Headers.Label
        $text = $objects[$Name] | Format-Table | Out-String -Width 120
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
        $header = $lines[0]
        foreach ($label in $labels) { $header | Should -Match ([regex]::Escape($label)) -Because "the column $label must not be dropped at 120 columns:`n$text" }
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }

    It 'shows a list whose every line has a value or a label' {
        $text = $objects[$Name] | Select-Object -First 1 | Format-List | Out-String -Width 120
        $labels = (Get-View $Type 'ListControl')[0].Control.Entries[0].Items | ForEach-Object { if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value } }
        foreach ($label in $labels) { $text | Should -Match "(?m)^$([regex]::Escape($label))\s+:" }
    }

    It 'reads well inside a string' {
        $object = $objects[$Name] | Select-Object -First 1
        $Type.GetMethod('ToString', [type[]]@()).DeclaringType | Should -Be $Type
        "$object" | Should -Not -BeNullOrEmpty
        "$object" | Should -Not -Match '^PhiFineTune\.'
    }
}

Describe 'What a user needs at a glance' {
    It 'shows a job''s name, status, base model, creation time and output model whole at 120 columns' {
        $text = $job | Format-Table | Out-String -Width 120
        $text | Should -Match 'Name\s+Status\s+BaseModel\s+Created\s+OutputModel'
        foreach ($value in $job.Name, $job.Status, $job.BaseModel, $job.OutputModelName, $job.CreatedAt.ToLocalTime().ToString('yyyy-MM-dd HH:mm')) {
            $text | Should -Match ([regex]::Escape($value))
        }
    }

    It 'shows a deployment''s name, state, model and whole scoring URI at 120 columns' {
        $text = $deployment | Format-Table | Out-String -Width 120
        $text | Should -Match 'Name\s+State\s+Model\s+ScoringUri'
        foreach ($value in $deployment.Name, $deployment.ProvisioningState, "$($deployment.ModelName):$($deployment.ModelVersion)", $deployment.ScoringUri.AbsoluteUri) {
            $text | Should -Match ([regex]::Escape($value))
        }
    }

    It 'never shows a deployment''s keys in its views' {
        $withKey = Get-FineTunedModelDeployment $deployment.Name -IncludeKey
        $withKey.PrimaryKey | Should -Not -BeNullOrEmpty -Because 'the keys are on the object, so the views must leave them out'
        $key = [Net.NetworkCredential]::new('', $withKey.PrimaryKey).Password
        $shown = ($withKey | Format-Table | Out-String -Width 400) + ($withKey | Format-List | Out-String -Width 400)
        $shown | Should -Not -Match 'PrimaryKey|SecondaryKey|SecureString'
        $shown | Should -Not -Match ([regex]::Escape($key))
    }
}
