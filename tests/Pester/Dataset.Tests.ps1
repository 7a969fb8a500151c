BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:corpus = Join-Path $PSScriptRoot '../datasets'
    $script:expected = Get-Content -Raw (Join-Path $corpus 'expected.json') | ConvertFrom-Json -AsHashtable
}

Describe 'Test-FineTuneDataset' {
    It 'reports a valid file with token statistics and the basis of every estimate' {
        $report = Test-FineTuneDataset (Join-Path $corpus 'valid.jsonl')
        $report | Should -BeOfType 'PhiFineTune.DatasetReport'
        $report.IsValid | Should -BeTrue
        $report.Examples | Should -Be 12
        $report.Messages | Should -Be 36
        $report.Model | Should -Be 'Phi-4-mini-instruct'
        $report.TokenCountIsExact | Should -BeTrue
        $report.TokensPerExample.Total | Should -BeGreaterThan 0
        $report.EstimatedBilledTokens | Should -Be ($report.TokensPerExample.Total * $report.Epochs)
        ($report.Basis -join "`n") | Should -Match 'o200k_base'
        ($report.Basis -join "`n") | Should -Match 'Billed tokens'
    }

    It 'writes each problem as an error record naming the file, the line and the category' {
        $null = Test-FineTuneDataset (Join-Path $corpus 'unknown-role.jsonl') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'UnknownRole,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject.Line | Should -Be 9
        $problems[0].TargetObject.Path | Should -BeLike '*unknown-role.jsonl'
        $problems[0].ErrorDetails.Message | Should -BeLike '*unknown-role.jsonl:9: UnknownRole:*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'line 9'
    }

    It 'checks every corpus file from the pipeline with the expected categories' {
        $files = Get-ChildItem $corpus -Filter *.jsonl | Where-Object Name -ne 'tool-role.jsonl'
        $reports = $files | Test-FineTuneDataset -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $reports | Should -HaveCount $files.Count
        foreach ($file in $files) {
            $errors = @($expected[$file.Name] | Where-Object { $_.category -notin 'UnknownKey', 'MissingSystemMessage', 'DuplicateExample', 'ExceedsContextLength' })
            ($reports | Where-Object Path -eq $file.FullName).IsValid | Should -Be ($errors.Count -eq 0) -Because $file.Name
            foreach ($e in $errors) {
                $problems | Where-Object { $_.TargetObject.Path -eq $file.FullName -and $_.TargetObject.Line -eq $e.line -and $_.FullyQualifiedErrorId -like "$($e.category),*" } |
                    Should -Not -BeNullOrEmpty -Because "$($file.Name) line $($e.line) is $($e.category)"
            }
        }
    }

    It 'refuses tool messages for a model that does not take them' {
        $models = Get-FineTuneBaseModel | Where-Object { -not $_.SupportsToolMessages }
        $report = Test-FineTuneDataset (Join-Path $corpus 'tool-role.jsonl') -Model $models[0].Name -ErrorVariable problems -ErrorAction SilentlyContinue
        $report.IsValid | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ToolRoleNotSupported,*'
    }

    It 'writes warnings for a missing system message and duplicates' {
        $null = Test-FineTuneDataset (Join-Path $corpus 'duplicate.jsonl'), (Join-Path $corpus 'no-system.jsonl') -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'duplicate.jsonl:11: DuplicateExample: The example repeats line 2'
        ($warnings -join "`n") | Should -Match 'no-system.jsonl:12: MissingSystemMessage'
    }

    It 'returns only $true or $false with -Quiet, and writes no record' {
        Test-FineTuneDataset (Join-Path $corpus 'valid.jsonl') -Quiet | Should -BeTrue
        $result = Test-FineTuneDataset (Join-Path $corpus 'invalid-json.jsonl') -Quiet -ErrorVariable problems
        $result | Should -BeFalse
        $problems | Should -BeNullOrEmpty
    }

    It 'labels Phi-3 counts as estimates and skips tokens with -NoTokenCount' {
        $estimate = Test-FineTuneDataset (Join-Path $corpus 'valid.jsonl') -Model Phi-3-mini-4k-instruct -Epochs 2
        $estimate.TokenCountIsExact | Should -BeFalse
        $estimate.Epochs | Should -Be 2
        ($estimate.Basis -join "`n") | Should -Match 'estimated'
        $none = Test-FineTuneDataset (Join-Path $corpus 'valid.jsonl') -NoTokenCount
        $none.TokensPerExample | Should -BeNullOrEmpty
        $none.IsValid | Should -BeTrue
    }

    It 'bounds the error records with -MaxErrors' {
        $path = Join-Path $TestDrive 'bad.jsonl'
        Set-Content $path (1..30 | ForEach-Object { 'not json' })
        $report = Test-FineTuneDataset $path -MaxErrors 3 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 3
        $report.ErrorCount | Should -Be 31
    }

    It 'names an unknown model and a missing file' {
        { Test-FineTuneDataset (Join-Path $corpus 'valid.jsonl') -Model Phi-9 -ErrorAction Stop } | Should -Throw -ErrorId 'BaseModelNotFound,*'
        { Test-FineTuneDataset (Join-Path $TestDrive 'nope*.jsonl') -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotFound,*'
        Test-FineTuneDataset (Join-Path $TestDrive 'nope.jsonl') -Quiet | Should -BeFalse
        $report = Test-FineTuneDataset -LiteralPath (Join-Path $TestDrive 'nope.jsonl') -ErrorAction SilentlyContinue -ErrorVariable problems
        $report.IsValid | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
    }
}

Describe 'Split-FineTuneDataset' {
    BeforeEach {
        $script:work = New-Item -ItemType Directory (Join-Path $TestDrive ([guid]::NewGuid()))
        Copy-Item (Join-Path $corpus 'valid.jsonl') $work
        $script:source = Join-Path $work 'valid.jsonl'
    }

    It 'writes a training and a validation file beside the input and describes both' {
        $files = Split-FineTuneDataset $source -ValidationPercent 25 -Seed 3
        $files | ForEach-Object { $_ | Should -BeOfType 'PhiFineTune.DatasetFile' }
        ($files | Where-Object Role -eq 'Validation').Examples | Should -Be 3
        ($files | Where-Object Role -eq 'Training').Examples | Should -Be 9
        $files.Path | ForEach-Object { $_ | Should -Exist }
        (Get-Content $files[0].Path).Count + (Get-Content $files[1].Path).Count | Should -Be 12
    }

    It 'is deterministic for a seed' {
        $a = Split-FineTuneDataset $source -ValidationPercent 25 -Seed 3 -OutputDirectory (Join-Path $work a)
        $b = Split-FineTuneDataset $source -ValidationPercent 25 -Seed 3 -OutputDirectory (Join-Path $work b)
        Get-Content -Raw $a[1].Path | Should -Be (Get-Content -Raw $b[1].Path)
    }

    It 'never overwrites without -Force, and -WhatIf writes nothing' {
        Split-FineTuneDataset $source -ValidationPercent 25 -WhatIf
        Join-Path $work 'valid.train.jsonl' | Should -Not -Exist
        $null = Split-FineTuneDataset $source -ValidationPercent 25
        { Split-FineTuneDataset $source -ValidationPercent 25 -ErrorAction Stop } | Should -Throw -ErrorId 'OutputFileExists,*'
        Split-FineTuneDataset $source -ValidationPercent 25 -Force | Should -HaveCount 2
    }

    It 'takes files from the pipeline' {
        (Get-Item $source | Split-FineTuneDataset -ValidationPercent 10).Count | Should -Be 2
    }
}

Describe 'ConvertTo-FineTuneDataset' {
    It 'converts CSV rows with a system message, reports rows with missing values, and the result passes the check' {
        $csv = Join-Path $TestDrive 'rows.csv'
        $rows = foreach ($n in 1..12) { [pscustomobject]@{ Question = "Question $n"; Answer = "Answer $n" } }
        $rows += [pscustomobject]@{ Question = 'No answer'; Answer = '' }
        $rows | Export-Csv $csv
        $out = Join-Path $TestDrive 'chat.jsonl'

        $file = Import-Csv $csv | ConvertTo-FineTuneDataset -Path $out -PromptProperty Question -ResponseProperty Answer `
            -SystemMessage 'You answer briefly.' -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $file.Examples | Should -Be 12
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MissingValue,*'
        $problems[0].ErrorDetails.Message | Should -Match "row 13: 'Answer' is missing or empty"
        [IO.File]::ReadAllBytes($out)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF) -Because 'the serverless how-to asks for UTF-8 with a BOM'
        $first = Get-Content $out -TotalCount 1 | ConvertFrom-Json
        $first.messages.role | Should -Be @('system', 'user', 'assistant')
        (Test-FineTuneDataset $out).IsValid | Should -BeTrue
    }

    It 'creates the output folder when it does not exist' {
        $out = Join-Path $TestDrive 'new-folder/chat.jsonl'
        (1..10 | ForEach-Object { [pscustomobject]@{ prompt = "p$_"; completion = "c$_" } } | ConvertTo-FineTuneDataset -Path $out).Examples | Should -Be 10
    }

    It 'converts prompt/completion JSONL and names the bad lines' {
        $source = Join-Path $TestDrive 'legacy.jsonl'
        $lines = 1..11 | ForEach-Object { @{ prompt = "p$_"; completion = "c$_" } | ConvertTo-Json -Compress }
        $lines += '{"prompt": "only a prompt"}'
        $lines += 'not json'
        Set-Content $source $lines
        $out = Join-Path $TestDrive 'legacy-chat.jsonl'

        $file = ConvertTo-FineTuneDataset -SourcePath $source -Path $out -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $file.Examples | Should -Be 11
        $problems | Should -HaveCount 2
        $problems[0].ErrorDetails.Message | Should -Match 'legacy.jsonl:12'
        $problems[1].ErrorDetails.Message | Should -Match 'legacy.jsonl:13'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MissingValue,*'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'InvalidSourceLine,*'
    }

    It 'refuses to overwrite without -Force and leaves nothing when no row converts' {
        $out = Join-Path $TestDrive 'exists.jsonl'
        Set-Content $out 'keep'
        { [pscustomobject]@{ prompt = 'p'; completion = 'c' } | ConvertTo-FineTuneDataset -Path $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutputFileExists,*'
        Get-Content $out | Should -Be 'keep'

        $empty = Join-Path $TestDrive 'empty.jsonl'
        { [pscustomobject]@{ x = 1 } | ConvertTo-FineTuneDataset -Path $empty -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NoExamples,*'
        $empty | Should -Not -Exist
        Get-ChildItem $TestDrive -Filter '*.tmp' | Should -BeNullOrEmpty
    }
}
