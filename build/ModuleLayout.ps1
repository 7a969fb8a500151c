<#
.SYNOPSIS
    The module's layout, shared by build.ps1 and bench/Build-BenchModule.ps1: the Engine and all of its dependencies
    go to dependencies/ (loaded in the module's own load context); beside the manifest sit only the cmdlet and
    shared-types assemblies, the stamped manifest and the format file; emulator/azurite/ holds Azurite's package.json
    and package-lock.json (from src/PhiFineTune.Emulator/azurite/), beside the emulator that runs it.
#>
function Copy-ModuleLayout {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $Version,
        # The Engine's publish output.
        [Parameter(Mandatory)] [string] $EngineDirectory,
        # Where PhiFineTune.dll and PhiFineTune.Contracts.dll were built.
        [Parameter(Mandatory)] [string] $CmdletDirectory,
        [Parameter(Mandatory)] [string] $Destination
    )
    $dependencies = New-Item -ItemType Directory -Force (Join-Path $Destination 'dependencies')
    Get-ChildItem $EngineDirectory -File |
        Where-Object { $_.Extension -in '.dll', '.json' -and $_.Name -ne 'PhiFineTune.Contracts.dll' } |
        Copy-Item -Destination $dependencies
    foreach ($assembly in 'PhiFineTune.dll', 'PhiFineTune.Contracts.dll') {
        Copy-Item (Join-Path $CmdletDirectory $assembly) -Destination $Destination
    }
    # Azurite is not shipped, only its pinned package files: Start-FineTuneEmulator runs npm ci on first use.
    $azurite = New-Item -ItemType Directory -Force (Join-Path $Destination 'emulator/azurite')
    foreach ($file in 'package.json', 'package-lock.json') {
        Copy-Item (Join-Path $Root "src/PhiFineTune.Emulator/azurite/$file") -Destination $azurite
    }
    Copy-Item (Join-Path $Root 'module/PhiFineTune.format.ps1xml') -Destination $Destination
    (Get-Content -Raw (Join-Path $Root 'module/PhiFineTune.psd1')).Replace('{{ModuleVersion}}', $Version) |
        Set-Content -NoNewline -Encoding utf8 (Join-Path $Destination 'PhiFineTune.psd1')
}
