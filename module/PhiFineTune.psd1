@{
    # The version is stamped by build.ps1 from Directory.Build.props, the one place it lives.
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '6f0b3c6e-2d4a-4f1e-9c7b-8a5d2e1f4c30'
    Author               = 'PhiFineTune contributors'
    CompanyName          = 'PhiFineTune contributors'
    Copyright            = '(c) PhiFineTune contributors. MIT License.'
    Description          = 'Fine-tune Microsoft Phi models in Azure AI Foundry (hub-based projects) from PowerShell and Azure Automation runbooks: resource providers, training data, jobs, deployments, with an offline HTTPS emulator.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    # Windows PowerShell 5.1 reads the manifest, sees PowerShellVersion 7.4 and refuses at once with:
    # "The current Windows PowerShell version is '5.1'. The 'PhiFineTune' module requires ... '7.4'".
    RootModule           = 'PhiFineTune.dll'
    FormatsToProcess     = @('PhiFineTune.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-FineTuneWorkspace'
        'Get-FineTuneConnection'
        'Disconnect-FineTuneWorkspace'
        'Register-ProviderCheck'
        'Start-FineTuneEmulator'
        'Stop-FineTuneEmulator'
        'Add-FineTuneEmulatorFault'
        'Clear-FineTuneEmulatorFault'
        'Get-FineTuneEmulatorRequest'
        'Reset-FineTuneEmulator'
        'Test-FineTuneDataset'
        'Split-FineTuneDataset'
        'ConvertTo-FineTuneDataset'
        'Get-FineTuneBaseModel'
        'New-FineTuneJob'
        'Get-FineTuneJob'
        'Wait-FineTuneJob'
        'Stop-FineTuneJob'
        'Get-FineTuneJobMetric'
        'Get-FineTunedModel'
        'New-FineTunedModelDeployment'
        'Get-FineTunedModelDeployment'
        'Invoke-FineTunedModel'
        'Invoke-FineTuneEvaluation'
        'Remove-FineTunedModelDeployment'
        'Remove-FineTunedModel'
        'New-FineTuneProject'
        'Remove-FineTuneProject'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Azure', 'AzureML', 'AIFoundry', 'Phi', 'FineTuning', 'PSEdition_Core')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
