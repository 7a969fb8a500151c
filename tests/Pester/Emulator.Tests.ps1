BeforeAll {
    Import-Module $env:PHIFINETUNE_TEST_MODULE

    # Node processes started by a process (Azurite runs as node under the emulator).
    function Get-NodeChild([int] $ParentId) {
        @(Get-Process -Name node -ErrorAction Ignore | Where-Object { $_.Parent -and $_.Parent.Id -eq $ParentId })
    }
}

Describe 'Start-FineTuneEmulator with blob storage' {
    It 'starts Azurite under the emulator, and Stop-FineTuneEmulator leaves no node process behind' {
        $emulator = Start-FineTuneEmulator
        try {
            $emulator.BlobEndpoint | Should -Match '^https://127\.0\.0\.1:\d+/devstoreaccount1$'
            $nodes = Get-NodeChild $emulator.ProcessId
            $nodes.Count | Should -Be 1
        }
        finally {
            $emulator | Stop-FineTuneEmulator -Confirm:$false
        }
        # SIGKILL is asynchronous: give the kernel a moment to end (and reap) the process.
        $deadline = [datetime]::UtcNow.AddSeconds(5)
        while ((Get-Process -Id $nodes.Id -ErrorAction Ignore | Where-Object { -not $_.HasExited }) -and [datetime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
        }
        Get-Process -Id $nodes.Id -ErrorAction Ignore | Where-Object { -not $_.HasExited } | Should -BeNullOrEmpty
    }

    It 'runs without Azurite with -NoBlobStorage' {
        $emulator = Start-FineTuneEmulator -NoBlobStorage
        try {
            $emulator.BlobEndpoint | Should -BeNullOrEmpty
            (Get-NodeChild $emulator.ProcessId).Count | Should -Be 0
        }
        finally {
            $emulator | Stop-FineTuneEmulator -Confirm:$false
        }
    }

    It 'says to install Node.js when node is not on PATH' {
        $path = $env:PATH
        try {
            $env:PATH = ''
            { Start-FineTuneEmulator -ErrorAction Stop } | Should -Throw -ErrorId 'NodeNotFound*' -ExpectedMessage '*Node.js*'
        }
        finally {
            $env:PATH = $path
        }
    }
}
