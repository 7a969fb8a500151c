BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:emulator = Start-FineTuneEmulator -RegistrationDelayMilliseconds 1000
    $script:connection = $emulator | Connect-FineTuneWorkspace
    $script:required = 'Microsoft.MachineLearningServices', 'Microsoft.Network', 'Microsoft.Storage'
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'Register-ProviderCheck' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false }

    It 'reports the providers the Phi path needs, with Microsoft.Network not registered, and warns' {
        $status = Register-ProviderCheck -WarningVariable warnings -WarningAction SilentlyContinue
        $status.ProviderNamespace | Should -Be $required
        $status | ForEach-Object { $_ | Should -BeOfType 'PhiFineTune.ProviderStatus' }
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState | Should -Be 'NotRegistered'
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').IsReady | Should -BeFalse
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Storage').IsReady | Should -BeTrue
        $status.Purpose | Should -Not -Contain $null
        $status[0].SubscriptionId | Should -Be $emulator.SubscriptionId
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'Microsoft.Network is NotRegistered'
        Get-FineTuneEmulatorRequest Providers_Register | Should -BeNullOrEmpty
    }

    It 'checks other namespaces named with -ProviderNamespace, once each' {
        $status = Register-ProviderCheck -ProviderNamespace Microsoft.CognitiveServices, microsoft.network -WarningAction SilentlyContinue
        $status.ProviderNamespace | Should -Be ($required + 'Microsoft.CognitiveServices')
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.CognitiveServices').Purpose | Should -BeNullOrEmpty
    }

    It 'reports an unknown namespace as an error and still reports the others' {
        $status = Register-ProviderCheck -ProviderNamespace Microsoft.DoesNotExist -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $status.ProviderNamespace | Should -Be $required
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GetProviderNotFound,*'
        $failures[0].ErrorDetails.Message | Should -Match 'InvalidResourceNamespace'
        $failures[0].TargetObject | Should -Be "/subscriptions/$($emulator.SubscriptionId)/providers/Microsoft.DoesNotExist"
    }

    It 'rejects a malformed namespace or subscription id before any request' {
        { Register-ProviderCheck -ProviderNamespace 'not a namespace' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidProviderNamespace,*'
        { Register-ProviderCheck -SubscriptionId '1234' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSubscriptionId,*'
        $Error[0].ErrorDetails.Message | Should -Match "-SubscriptionId '1234'"
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        $status = Register-ProviderCheck -Register -WhatIf -WarningAction SilentlyContinue
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState | Should -Be 'NotRegistered'
        Get-FineTuneEmulatorRequest Providers_Register | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 1200
        (Register-ProviderCheck -WarningAction SilentlyContinue | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState |
            Should -Be 'NotRegistered'
    }

    It 'registers what is not registered and waits until it is Registered' {
        $status = Register-ProviderCheck -Register -Confirm:$false -TimeoutSec 60
        $status.IsReady | Should -Not -Contain $false
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState | Should -Be 'Registered'
        $registered = Get-FineTuneEmulatorRequest Providers_Register
        $registered | Should -HaveCount 1
        $registered[0].Path | Should -BeLike '*/providers/Microsoft.Network/register'
        (Get-FineTuneEmulatorRequest Providers_Get).Count | Should -BeGreaterThan 3 -Because 'it polled until Registered'
    }

    It 'registers in another subscription given with -SubscriptionId through the same sign-in' {
        { Register-ProviderCheck -SubscriptionId '11111111-2222-3333-4444-555555555555' -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetProviderNotFound,*'
        $Error[0].ErrorDetails.Message | Should -Match 'SubscriptionNotFound'
    }

    It 'retries a throttled (429) and an unavailable (503) register, then succeeds' {
        $null = Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Throttle -Count 1 -RetryAfterSeconds 1
        $null = Add-FineTuneEmulatorFault -Operation Providers_Register -Kind ServiceUnavailable -Count 1
        $status = Register-ProviderCheck -Register -Confirm:$false -TimeoutSec 60
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').IsReady | Should -BeTrue
        (Get-FineTuneEmulatorRequest Providers_Register).Status | Should -Be @(429, 503, 200)
    }

    It 'turns a 403 into an error naming the missing permission and the subscription, and registers nothing' {
        $null = Add-FineTuneEmulatorFault -Operation Providers_Register -Kind Forbidden
        $status = Register-ProviderCheck -Register -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RegisterProviderPermissionDenied,*'
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failures[0].ErrorDetails.Message | Should -Match ([regex]::Escape('Microsoft.Resources/subscriptions/providers/register/action'))
        $failures[0].ErrorDetails.Message | Should -Match $emulator.SubscriptionId
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Owner|Contributor'
        ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState | Should -Be 'NotRegistered'
    }

    It 'stops waiting at -TimeoutSec with a timeout error and the objects as they stand' {
        $slow = Start-FineTuneEmulator -RegistrationDelayMilliseconds 120000
        try {
            $slowConnection = $slow | Connect-FineTuneWorkspace
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $status = Register-ProviderCheck -Connection $slowConnection -Register -TimeoutSec 2 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            ($status | Where-Object ProviderNamespace -eq 'Microsoft.Network').RegistrationState | Should -Be 'Registering'
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'ProviderRegistrationTimeout,*'
            $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failures[0].ErrorDetails.Message | Should -Match 'Microsoft.Network \(Registering\)'
        }
        finally { $slow | Stop-FineTuneEmulator -Confirm:$false }
    }

    It 'takes the connection from piped objects' {
        $status = $connection | Register-ProviderCheck -WarningAction SilentlyContinue
        $status | Should -HaveCount 3
        ($status | Register-ProviderCheck -WarningAction SilentlyContinue | Select-Object -First 1).Connection.ConnectionId |
            Should -Be $connection.ConnectionId
    }
}
