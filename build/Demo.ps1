<#
.SYNOPSIS
    The user flow so far, against the emulator, as a user would see it. Stops everything it starts.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # progress bars do not survive a log; the steps below say what happens

function Step([string] $text) { Write-Host "`n>>> $text" -ForegroundColor Cyan }

Import-Module $ModulePath
try {
    Step 'Start-FineTuneEmulator -RegistrationDelayMilliseconds 2000'
    $emulator = Start-FineTuneEmulator -RegistrationDelayMilliseconds 2000
    $emulator | Format-Table | Out-Host

    Step '$emulator | Connect-FineTuneWorkspace'
    $connection = $emulator | Connect-FineTuneWorkspace
    $connection | Format-List WorkspaceName, WorkspaceKind, Location, ResourceGroupName, SubscriptionId, HubResourceId, AuthenticationMethod, Environment | Out-Host

    Step 'Register-ProviderCheck   (read only: what does the Phi fine-tuning path need?)'
    Register-ProviderCheck -WarningAction Continue | Format-Table | Out-Host

    Step 'Register-ProviderCheck -Register -WhatIf'
    Register-ProviderCheck -Register -WhatIf -WarningAction SilentlyContinue | Format-Table | Out-Host

    Step 'Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Throttle -Count 1 -RetryAfterSeconds 1   (Azure throttles once)'
    Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Throttle -Count 1 -RetryAfterSeconds 1 | Format-Table | Out-Host

    Step 'Register-ProviderCheck -Register -TimeoutSec 60 -Verbose'
    $started = Get-Date
    Register-ProviderCheck -Register -TimeoutSec 60 -Verbose -Confirm:$false | Format-Table | Out-Host
    Write-Host ("Registered in {0:0.0} s, with the throttled request retried after its Retry-After." -f ((Get-Date) - $started).TotalSeconds)

    Step 'Get-FineTuneEmulatorRequest Providers_Register   (what was sent: no token is ever logged)'
    Get-FineTuneEmulatorRequest Providers_Register | Format-Table | Out-Host
}
finally {
    Step 'Stop-FineTuneEmulator'
    Stop-FineTuneEmulator -Confirm:$false
    Write-Host 'Emulator stopped; nothing left running.'
}
