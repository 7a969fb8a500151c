BeforeDiscovery {
    $manifest = Import-PowerShellDataFile $env:PHIFINETUNE_TEST_MODULE
    $script:cmdlets = $manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    $script:moduleDir = Split-Path $env:PHIFINETUNE_TEST_MODULE
    $script:manifest = Import-PowerShellDataFile $env:PHIFINETUNE_TEST_MODULE
    Import-Module $env:PHIFINETUNE_TEST_MODULE

    # Runs a script in a fresh pwsh, as a user's new session would.
    function Invoke-FreshPwsh([string] $script) {
        $hostPath = [Environment]::ProcessPath
        $prefix = @(if ((Split-Path $hostPath -Leaf) -match '^dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
        $output = & $hostPath @prefix -NoProfile -NonInteractive -Command $script 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

Describe 'Module layout and manifest' {
    It 'targets PowerShell 7.4+ Core only, with the version stamped from Directory.Build.props' {
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $props = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
        $manifest.ModuleVersion | Should -Be (@($props.Project.PropertyGroup.VersionPrefix) | Where-Object { $_ })
        Split-Path $moduleDir -Leaf | Should -Be $manifest.ModuleVersion
    }

    It 'exports exactly the cmdlets of the manifest, each with one class' {
        (Get-Command -Module PhiFineTune).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'keeps every Azure and MSAL assembly under dependencies/, not beside the manifest' {
        Get-ChildItem $moduleDir -Filter *.dll | ForEach-Object Name | Sort-Object |
            Should -Be @('PhiFineTune.Contracts.dll', 'PhiFineTune.dll')
        foreach ($name in 'PhiFineTune.Engine', 'Azure.Core', 'Azure.Identity', 'Microsoft.Identity.Client') {
            Join-Path $moduleDir "dependencies/$name.dll" | Should -Exist
        }
    }

    It 'has a cmdlet assembly that references no Azure, OpenAI or Microsoft.Identity assembly' {
        foreach ($dll in 'PhiFineTune.dll', 'PhiFineTune.Contracts.dll') {
            $stream = [IO.File]::OpenRead((Join-Path $moduleDir $dll))
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                $names = foreach ($handle in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($handle).Name) }
                $names | Should -Not -BeNullOrEmpty
                $names | Where-Object { $_ -match '^(Azure\.|OpenAI|Microsoft\.Identity\.)' } | Should -BeNullOrEmpty -Because "$dll must not reference them"
            }
            finally { $stream.Dispose() }
        }
    }

    It 'compiles the cmdlets against no Azure, MSAL or tokenizer assembly, so using one is a compile error' {
        $project = Join-Path $PSScriptRoot '../../src/PhiFineTune/PhiFineTune.csproj'
        $json = & dotnet msbuild $project -nologo -p:Configuration=Release -p:BuildProjectReferences=false `
            -t:FindReferenceAssembliesForReferences -getItem:ReferencePathWithRefAssemblies
        $LASTEXITCODE | Should -Be 0 -Because ($json | Out-String)
        $references = ($json | Out-String | ConvertFrom-Json).Items.ReferencePathWithRefAssemblies |
            Where-Object NuGetPackageId -ne 'Microsoft.NETCore.App.Ref' | ForEach-Object Filename | Sort-Object
        $references | Should -Contain 'PhiFineTune.Engine'
        $references | Should -Be @('PhiFineTune.Contracts', 'PhiFineTune.Engine', 'System.Diagnostics.DiagnosticSource',
            'System.IO.Pipelines', 'System.Management.Automation', 'System.Text.Encodings.Web', 'System.Text.Json')
    }

    It 'loads the Engine and the Azure SDK into its own load context' {
        $emulator = Start-FineTuneEmulator
        try { $null = $emulator | Connect-FineTuneWorkspace } finally { $emulator | Stop-FineTuneEmulator -Confirm:$false }
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'PhiFineTune'
        $context | Should -HaveCount 1
        $alcNames = $context.Assemblies | ForEach-Object { $_.GetName().Name }
        $alcNames | Should -Contain 'PhiFineTune.Engine'
        $alcNames | Should -Contain 'Azure.Core'
        $alcNames | Should -Not -Contain 'PhiFineTune.Contracts'
        [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | ForEach-Object { $_.GetName().Name } |
            Should -Not -Contain 'Azure.Core'
    }
}

Describe 'Coexistence with other modules that load another Azure.Core (Az.Accounts, Microsoft.Graph)' {
    It 'works when an older Azure.Core was loaded first, and leaves it alone' {
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$env:PHIFINETUNE_TEST_OLD_AZURE_CORE'
`$before = [Azure.Core.AccessToken]::new('x', [DateTimeOffset]::UtcNow)
Import-Module '$env:PHIFINETUNE_TEST_MODULE'
`$emulator = Start-FineTuneEmulator
try {
    `$null = `$emulator | Connect-FineTuneWorkspace
    `$status = Register-ProviderCheck -WarningAction SilentlyContinue
    'providers=' + `$status.Count
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Azure.Core' } |
        ForEach-Object { 'azure.core=' + `$_.GetName().Version + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
} finally { Stop-FineTuneEmulator -Confirm:`$false }
"@
        $result.Output | Should -Match 'providers=3'
        $result.Output | Should -Match 'azure.core=1\.36\.0\.0@Default'
        $result.Output | Should -Match 'azure.core=1\.\d+\.0\.0@PhiFineTune'
        $result.ExitCode | Should -Be 0 -Because $result.Output
    }

    It 'lets another module load an older Azure.Core after it' {
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PHIFINETUNE_TEST_MODULE'
`$emulator = Start-FineTuneEmulator
try {
    `$null = `$emulator | Connect-FineTuneWorkspace
    Add-Type -Path '$env:PHIFINETUNE_TEST_OLD_AZURE_CORE'
    `$token = [Azure.Core.AccessToken]::new('x', [DateTimeOffset]::UtcNow)
    'other=' + `$token.GetType().Assembly.GetName().Version
    'providers=' + (Register-ProviderCheck -WarningAction SilentlyContinue).Count
} finally { Stop-FineTuneEmulator -Confirm:`$false }
"@
        $result.Output | Should -Match 'other=1\.36\.0\.0'
        $result.Output | Should -Match 'providers=3'
        $result.ExitCode | Should -Be 0 -Because $result.Output
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
    }

    It 'has a written synopsis and description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + ' \[')   # not the auto-generated syntax line
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $help.examples.example[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
}

Describe 'Emulator process lifetime' {
    It 'stops the emulator on Stop-FineTuneEmulator' {
        $emulator = Start-FineTuneEmulator
        Get-Process -Id $emulator.ProcessId | Should -Not -BeNullOrEmpty
        $emulator | Stop-FineTuneEmulator -Confirm:$false
        $emulator.HasExited | Should -BeTrue
        Get-Process -Id $emulator.ProcessId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'does not outlive the pwsh that started it' {
        $result = Invoke-FreshPwsh "Import-Module '$env:PHIFINETUNE_TEST_MODULE'; (Start-FineTuneEmulator).ProcessId"
        # The whole output on failure: a start that failed says why.
        $result.Output.Trim() | Should -Match '^\d+$'
        $emulatorPid = [int]$result.Output.Trim()
        $deadline = (Get-Date).AddSeconds(15)
        while ((Get-Process -Id $emulatorPid -ErrorAction SilentlyContinue) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 200 }
        Get-Process -Id $emulatorPid -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'starts nothing with -WhatIf' {
        Start-FineTuneEmulator -WhatIf | Should -BeNullOrEmpty
    }

    It 'names the problem when the fault file does not exist' {
        { Start-FineTuneEmulator -FaultRulePath (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'FaultRulesNotFound,*'
    }
}
