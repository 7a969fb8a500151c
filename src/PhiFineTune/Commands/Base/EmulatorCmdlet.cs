using System.Management.Automation;

namespace PhiFineTune.Commands.Base;

/// <summary>A cmdlet that drives an emulator's admin API: -Emulator, or the one this session started last.</summary>
public abstract class EmulatorCmdlet : FineTuneCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    public EmulatorInstance? Emulator { get; set; }

    protected EmulatorInstance ResolveEmulator()
    {
        var emulator = Emulator ?? RunspaceState.Current.Emulators.LastOrDefault(e => !e.HasExited);
        if (emulator is null)
        {
            Terminate(new FineTuneException("NoEmulatorRunning", FailureKind.InvalidOperation,
                "No emulator was given and none started in this session is running.", null,
                "Run Start-FineTuneEmulator first, or pass -Emulator."));
        }
        return emulator!;
    }
}
