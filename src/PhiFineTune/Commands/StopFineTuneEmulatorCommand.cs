using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>Stops an emulator, or every emulator this session started.</summary>
[Cmdlet(VerbsLifecycle.Stop, "FineTuneEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class StopFineTuneEmulatorCommand : FineTuneCmdlet
{
    [Parameter(ValueFromPipeline = true, Position = 0)]
    [Alias("Emulator")]
    public EmulatorInstance[]? InputObject { get; set; }

    protected override void ProcessRecordCore()
    {
        var state = RunspaceState.Current;
        foreach (var emulator in InputObject ?? [.. state.Emulators])
        {
            if (!ShouldProcess(emulator.ToString(), "Stop the PhiFineTune emulator")) continue;
            EmulatorLauncher.Stop(emulator, TimeSpan.FromSeconds(10));
            EmulatorRegistry.Remove(emulator);
            state.Emulators.Remove(emulator);
            if (state.DefaultConnection?.ArmEndpoint == emulator.Endpoint) state.DefaultConnection = null;
        }
    }
}
