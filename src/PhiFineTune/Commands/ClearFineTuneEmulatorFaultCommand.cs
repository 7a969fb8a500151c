using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>Removes one fault rule (-Id) or all of them from the emulator.</summary>
[Cmdlet(VerbsCommon.Clear, "FineTuneEmulatorFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class ClearFineTuneEmulatorFaultCommand : EmulatorCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    protected override void ProcessRecordCore()
    {
        var emulator = ResolveEmulator();
        if (!ShouldProcess(emulator.ToString(), Id is null ? "Remove every fault rule" : $"Remove fault rule {Id}")) return;
        Run((_, token) => EmulatorAdmin.ClearFaultsAsync(emulator, Id, token));
    }
}
