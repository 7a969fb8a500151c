using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>Puts the emulator back to its seeded state: providers, faults, request log and settings.</summary>
[Cmdlet(VerbsCommon.Reset, "FineTuneEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class ResetFineTuneEmulatorCommand : EmulatorCmdlet
{
    protected override void ProcessRecordCore()
    {
        var emulator = ResolveEmulator();
        if (!ShouldProcess(emulator.ToString(), "Reset to the seeded state")) return;
        Run((_, token) => EmulatorAdmin.ResetAsync(emulator, token));
    }
}
