BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE
    $script:emulator = Start-FineTuneEmulator
}
AfterAll { Stop-FineTuneEmulator -Confirm:$false }

Describe 'Connect-FineTuneWorkspace against the emulator' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false }

    It 'connects from the piped emulator object and records the workspace location and ids' {
        $connection = $emulator | Connect-FineTuneWorkspace
        $connection | Should -BeOfType 'PhiFineTune.FineTuneConnection'
        $connection.WorkspaceName | Should -Be $emulator.WorkspaceName
        $connection.Location | Should -Be 'eastus2'
        $connection.WorkspaceKind | Should -Be 'Project'
        $connection.WorkspaceId | Should -Match '^[0-9a-f-]{36}$'
        $connection.HubResourceId | Should -Match '/workspaces/phi-hub$'
        $connection.AuthenticationMethod | Should -Be 'Emulator'
        $connection.ArmEndpoint | Should -Be $emulator.Endpoint
        (Get-FineTuneEmulatorRequest Workspaces_Get).Status | Should -Be 200
    }

    It 'makes the connection the default of this runspace only' {
        $connection = Connect-FineTuneWorkspace -Emulator
        (Get-FineTuneConnection).ConnectionId | Should -Be $connection.ConnectionId

        $other = [powershell]::Create()
        try {
            $null = $other.AddScript("Import-Module '$env:PHIFINETUNE_TEST_MODULE'; Get-FineTuneConnection")
            $other.Invoke() | Should -BeNullOrEmpty
        }
        finally { $other.Dispose() }
    }

    It 'uses -Connection over the default, so objects keep the connection they came from' {
        $first = Connect-FineTuneWorkspace -Emulator
        $second = Start-FineTuneEmulator
        try {
            $secondConnection = $second | Connect-FineTuneWorkspace
            (Get-FineTuneConnection).ConnectionId | Should -Be $secondConnection.ConnectionId
            $status = Register-ProviderCheck -Connection $first -WarningAction SilentlyContinue
            $status[0].Connection.ConnectionId | Should -Be $first.ConnectionId
            (Get-FineTuneEmulatorRequest -Emulator $emulator Providers_Get).Count | Should -Be 3
            (Get-FineTuneEmulatorRequest -Emulator $second Providers_Get) | Should -BeNullOrEmpty
        }
        finally { $second | Stop-FineTuneEmulator -Confirm:$false }
    }

    It 'fails with the ARM code and ObjectNotFound for a workspace that does not exist' {
        { Connect-FineTuneWorkspace -Emulator -WorkspaceName 'no-such-project' -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetWorkspaceNotFound,PhiFineTune.Commands.ConnectFineTuneWorkspaceCommand'
        $err = $Error[0]
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.ErrorDetails.Message | Should -Match 'ResourceNotFound'
        $err.ErrorDetails.Message | Should -Match 'request id [0-9a-f-]{36}'
        $err.TargetObject | Should -Match '/workspaces/no-such-project$'
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'fails with SubscriptionNotFound for an unknown subscription' {
        { Connect-FineTuneWorkspace -Emulator -SubscriptionId '00000000-0000-0000-0000-00000000abcd' -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetWorkspaceNotFound,*'
        $Error[0].ErrorDetails.Message | Should -Match 'SubscriptionNotFound'
    }

    It 'rejects a malformed subscription id before any request is sent' {
        { Connect-FineTuneWorkspace -Emulator -SubscriptionId 'not-a-guid' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSubscriptionId,*'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Error[0].ErrorDetails.Message | Should -Match "-SubscriptionId 'not-a-guid'"
        Get-FineTuneEmulatorRequest | Should -BeNullOrEmpty
    }

    It 'reports a rejected token as an authentication error (401)' {
        $empty = [securestring]::new()
        { Connect-FineTuneWorkspace -Emulator -AccessToken $empty -ErrorAction Stop } |
            Should -Throw -ErrorId 'GetWorkspaceAuthentication,*'
        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        (Get-FineTuneEmulatorRequest Workspaces_Get).Status | Should -Contain 401
    }

    It 'reports a denied read (403) as PermissionDenied naming the action' {
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_Get -Kind Forbidden -Count 1
        { Connect-FineTuneWorkspace -Emulator -ErrorAction Stop } | Should -Throw -ErrorId 'GetWorkspacePermissionDenied,*'
        $Error[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $Error[0].ErrorDetails.Message | Should -Match 'Microsoft.MachineLearningServices/workspaces/read'
    }

    It 'retries 429 with Retry-After, 503 and a dropped connection, then succeeds' {
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_Get -Kind Throttle -Count 1 -RetryAfterSeconds 1
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_Get -Kind ServiceUnavailable -Count 1
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_Get -Kind DropConnection -Count 1
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $connection = Connect-FineTuneWorkspace -Emulator
        $watch.Stop()
        $connection.WorkspaceName | Should -Be 'phi-project'
        (Get-FineTuneEmulatorRequest Workspaces_Get).Status | Should -Be @(429, 503, 0, 200)
        # Less 20 ms: the retry's Task.Delay wakes on the OS timer (1 ms ticks on Linux, about 15.6 ms on Windows).
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.98 -Because 'the Retry-After of the 429 is honoured'
    }

    It 'gives up after the retries with a clear throttling error' {
        $null = Add-FineTuneEmulatorFault -Operation Workspaces_Get -Kind Throttle -RetryAfterSeconds 0
        { Connect-FineTuneWorkspace -Emulator -ErrorAction Stop } | Should -Throw -ErrorId 'GetWorkspaceThrottled,*'
        $Error[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        (Get-FineTuneEmulatorRequest Workspaces_Get).Count | Should -Be 6 -Because 'one try and five retries'
    }

    It 'forgets the default connection on Disconnect, and -WhatIf forgets nothing' {
        $null = Connect-FineTuneWorkspace -Emulator
        Disconnect-FineTuneWorkspace -WhatIf
        Get-FineTuneConnection | Should -Not -BeNullOrEmpty
        Disconnect-FineTuneWorkspace
        Get-FineTuneConnection | Should -BeNullOrEmpty
        { Register-ProviderCheck -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,*'
    }
}

Describe 'No secret reaches output, logs, errors or serialized objects' {
    BeforeEach { Reset-FineTuneEmulator -Confirm:$false }

    It 'keeps an -AccessToken out of the connection, its ToString, Export-Clixml, verbose, debug and errors' {
        $secret = 'eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXRva2VuLXZhbHVlLTQyNDI.c2lnbmF0dXJl'
        $token = ConvertTo-SecureString $secret -AsPlainText -Force
        $log = Join-Path $TestDrive 'streams.txt'
        $connection = Connect-FineTuneWorkspace -Emulator -AccessToken $token -Verbose -Debug *> $log
        $connection = Connect-FineTuneWorkspace -Emulator -AccessToken $token
        $null = Add-FineTuneEmulatorFault -Operation Providers_Get -Kind Forbidden -Count 3
        Register-ProviderCheck -ErrorAction SilentlyContinue -ErrorVariable failures -Verbose *>> $log
        $failures.Count | Should -Be 3

        $clixml = Join-Path $TestDrive 'connection.xml'
        $connection | Export-Clixml -Path $clixml -Depth 5
        $texts = @(
            (Get-Content -Raw $log)
            (Get-Content -Raw $clixml)
            $connection.ToString()
            ($connection | Format-List * | Out-String)
            ($failures | ForEach-Object { $_.ToString(); $_.ErrorDetails.Message; $_.Exception.ToString() }) -join "`n"
            (Get-FineTuneEmulatorRequest | ConvertTo-Json)
        )
        foreach ($text in $texts) {
            $text | Should -Not -BeNullOrEmpty
            $text | Should -Not -Match ([regex]::Escape($secret))
            $text | Should -Not -Match 'c2VjcmV0LXRva2VuLXZhbHVlLTQyNDI'
        }
        (Get-FineTuneEmulatorRequest Workspaces_Get)[0].HadAuthorization | Should -BeTrue
    }

    It 'has no public property that could hold a credential' {
        $names = [PhiFineTune.FineTuneConnection].GetProperties().Name
        $names | Should -Not -Contain 'Session'
        $names | Where-Object { $_ -match 'Secret|Token|Password|Key|Credential|Certificate' } | Should -BeNullOrEmpty
    }
}
