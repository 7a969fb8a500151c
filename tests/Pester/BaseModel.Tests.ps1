BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE

    function Get-Completion([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
    }
}

Describe 'Get-FineTuneBaseModel' {
    It 'lists the nine fine-tunable Phi models as typed objects, offline and without a connection' {
        $models = Get-FineTuneBaseModel
        $models | Should -HaveCount 9
        $models | ForEach-Object { $_ | Should -BeOfType 'PhiFineTune.FineTuneBaseModel' }
        $models[0].Name | Should -Be 'Phi-4-mini-instruct'
        $models.RegistryId | Should -Match '^azureml://registries/azureml/models/Phi-[0-9.]+-?'
        (Get-Command Get-FineTuneBaseModel).OutputType.Name | Should -Be 'PhiFineTune.FineTuneBaseModel'
    }

    It 'shows the table view: name, context length, tokenizer, exact counting, legacy, regions' {
        $table = Get-FineTuneBaseModel Phi-4 | Format-Table | Out-String -Width 200
        $table | Should -Match 'Name\s+ContextLength\s+Tokenizer\s+ExactTokenCount\s+IsLegacy\s+FineTuningRegions'
        $table | Should -Match 'Phi-4\s+16384\s+Cl100kBase\s+True\s+False\s+eastus2, eastus'
    }

    It 'takes wildcards and ignores case in -Name' {
        (Get-FineTuneBaseModel -Name 'phi-4*').Name | Should -Be @('Phi-4-mini-instruct', 'Phi-4', 'Phi-4-multimodal-instruct')
        (Get-FineTuneBaseModel '*128K*').Name | Should -Be @('Phi-3-mini-128k-instruct', 'Phi-3-medium-128k-instruct')
        (Get-FineTuneBaseModel 'PHI-3.5-MOE-INSTRUCT').Name | Should -Be 'Phi-3.5-MoE-instruct'
        Get-FineTuneBaseModel 'Phi-5*' -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'reads -Name as PowerShell wildcards: ?, [sets], several names in catalogue order, ` escapes' {
        (Get-FineTuneBaseModel 'phi-4').Name | Should -Be 'Phi-4'
        (Get-FineTuneBaseModel 'phi-3.?-*').Name | Should -Be @('Phi-3.5-mini-instruct', 'Phi-3.5-MoE-instruct')
        (Get-FineTuneBaseModel 'Phi-3-m[ei]*-4k-instruct').Name | Should -Be @('Phi-3-mini-4k-instruct', 'Phi-3-medium-4k-instruct')
        (Get-FineTuneBaseModel 'Phi-[34]' -ErrorAction Stop).Name | Should -Be 'Phi-4'
        (Get-FineTuneBaseModel 'Phi-4', 'Phi-4*').Name | Should -Be @('Phi-4-mini-instruct', 'Phi-4', 'Phi-4-multimodal-instruct')
        # An escaped * is a character of the name, not a wildcard: no model has that name.
        { Get-FineTuneBaseModel 'Phi-4`*' -ErrorAction Stop } | Should -Throw -ErrorId 'BaseModelNotFound,PhiFineTune.Commands.GetFineTuneBaseModelCommand'
    }

    It 'takes names from the pipeline' {
        ('Phi-4', 'Phi-3-mini-4k-instruct' | Get-FineTuneBaseModel).Name | Should -Be @('Phi-4', 'Phi-3-mini-4k-instruct')
        (Get-FineTuneBaseModel 'Phi-4' | Get-FineTuneBaseModel).Name | Should -Be 'Phi-4'
    }

    It 'keeps with -Region the models fine-tunable there, in ARM or display form' {
        (Get-FineTuneBaseModel -Region eastus).Name | Should -Be @('Phi-4-mini-instruct', 'Phi-4', 'Phi-4-multimodal-instruct')
        (Get-FineTuneBaseModel -Region 'East US 2') | Should -HaveCount 9
        (Get-FineTuneBaseModel -Region eastus2 | Where-Object IsLegacy) | Should -HaveCount 6
        Get-FineTuneBaseModel -Region swedencentral | Should -BeNullOrEmpty
        (Get-FineTuneBaseModel -Name '*mini*' -Region westus3).Name | Should -Be 'Phi-4-mini-instruct'
        (Get-FineTuneBaseModel -Name '*mini*' -Region eastus).Name | Should -Be 'Phi-4-mini-instruct'
        Get-FineTuneBaseModel -Name '*mini*' -Region eastus2 | Should -HaveCount 4
    }

    It 'says with -Verbose why a known model is filtered out by -Region' {
        $verbose = Get-FineTuneBaseModel Phi-3-mini-4k-instruct -Region eastus -Verbose 4>&1
        $verbose | Should -HaveCount 1
        "$verbose" | Should -Match 'cannot be fine-tuned in eastus; it can in eastus2'
    }

    It 'fails with BaseModelNotFound (ObjectNotFound) for an unknown name, listing the known ones, and goes on' {
        $found = Get-FineTuneBaseModel 'Phi-4-mini', 'Phi-4' -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'Phi-4'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'BaseModelNotFound,PhiFineTune.Commands.GetFineTuneBaseModelCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'Phi-4-mini'
        $err[0].Exception.Message | Should -Match 'Known models: Phi-4-mini-instruct, Phi-4, Phi-4-multimodal-instruct, Phi-3-mini-4k-instruct'
        $err[0].ErrorDetails.RecommendedAction | Should -Be 'Run Get-FineTuneBaseModel to list the models, or press Tab after -Name to complete one.'
        { Get-FineTuneBaseModel 'nope' -ErrorAction Stop } | Should -Throw -ErrorId 'BaseModelNotFound,PhiFineTune.Commands.GetFineTuneBaseModelCommand'
    }

    It 'carries the sources, the hyperparameter wire names and what no source gives' {
        $mini = Get-FineTuneBaseModel Phi-4-mini-instruct
        $mini.ContextLength | Should -Be 131072
        $mini.Tokenizer | Should -Be 'O200kBase'
        $mini.ExactTokenCount | Should -BeTrue
        $mini.ContextLengthSource | Should -Match 'config\.json'
        $mini.Hyperparameters.WireName | Should -Be @('per_device_train_batch_size', 'learning_rate', 'num_train_epochs')
        $mini.Hyperparameters | ForEach-Object { $_.Source | Should -Match 'No source gives' }
        $legacy = Get-FineTuneBaseModel Phi-3-mini-4k-instruct
        $legacy.ExactTokenCount | Should -BeFalse
        $legacy.FineTuningRegions | Should -Be @('eastus2')
        ($legacy.Hyperparameters | Where-Object WireName -EQ 'per_device_train_batch_size').Maximum | Should -Be 256
    }
}

Describe 'Tab completion of base-model names' {
    It 'completes -Name Phi-4 with the Phi-4 models only, the exact name first' {
        $matches_ = Get-Completion 'Get-FineTuneBaseModel -Name Phi-4'
        $matches_.CompletionText | Should -Be @('Phi-4', 'Phi-4-mini-instruct', 'Phi-4-multimodal-instruct')
        $matches_[0].ResultType | Should -Be 'ParameterValue'
        $matches_[0].ToolTip | Should -Match 'context 16384 tokens'
    }

    It 'completes the positional name, with wildcards, honouring -Region' {
        (Get-Completion 'Get-FineTuneBaseModel *moe').CompletionText | Should -Be 'Phi-3.5-MoE-instruct'
        (Get-Completion 'Get-FineTuneBaseModel -Region eastus Phi-3').CompletionText | Should -BeNullOrEmpty
        (Get-Completion 'Get-FineTuneBaseModel -Region eastus2 phi-3.5').CompletionText | Should -Be @('Phi-3.5-mini-instruct', 'Phi-3.5-MoE-instruct')
    }

    It 'completes in a new session before any command of the module ran' {
        $hostPath = [Environment]::ProcessPath
        $prefix = @(if ((Split-Path $hostPath -Leaf) -match '^dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
        $script = "Import-Module '$env:PHIFINETUNE_TEST_MODULE'; `$l = 'Get-FineTuneBaseModel -Name Phi-4-m'; (TabExpansion2 -inputScript `$l -cursorColumn `$l.Length).CompletionMatches.CompletionText"
        $output = & $hostPath @prefix -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0
        $output | Should -Be @('Phi-4-mini-instruct', 'Phi-4-multimodal-instruct')
    }
}
