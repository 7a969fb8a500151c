using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>
/// Puts the emulator back to its seeded state: providers, faults, request log, jobs, models and settings; then applies
/// -JobStepMilliseconds, -DeploymentStepMilliseconds and -LroRetryAfterSeconds when given.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "FineTuneEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class ResetFineTuneEmulatorCommand : EmulatorCmdlet
{
    /// <summary>The job clock's step length after the reset, for jobs created from then on.</summary>
    [Parameter]
    [ValidateRange(1, 3_600_000)]
    public int JobStepMilliseconds { get; set; }

    /// <summary>How long a deployment stays Creating or Deleting after the reset.</summary>
    [Parameter]
    [ValidateRange(1, 3_600_000)]
    public int DeploymentStepMilliseconds { get; set; }

    /// <summary>The Retry-After, in seconds, of the deployments' long-running operations after the reset.</summary>
    [Parameter]
    [ValidateRange(0, 600)]
    public int LroRetryAfterSeconds { get; set; } = -1;

    protected override void ProcessRecordCore()
    {
        var emulator = ResolveEmulator();
        if (!ShouldProcess(emulator.ToString(), "Reset to the seeded state")) return;
        Run(async (_, token) =>
        {
            await EmulatorAdmin.ResetAsync(emulator, token).ConfigureAwait(false);
            if (JobStepMilliseconds > 0) await EmulatorAdmin.SetJobStepAsync(emulator, JobStepMilliseconds, token).ConfigureAwait(false);
            if (DeploymentStepMilliseconds > 0 || LroRetryAfterSeconds >= 0)
            {
                await EmulatorAdmin.SetDeploymentTimingAsync(emulator, DeploymentStepMilliseconds > 0 ? DeploymentStepMilliseconds : null,
                    LroRetryAfterSeconds >= 0 ? LroRetryAfterSeconds : null, token).ConfigureAwait(false);
            }
        });
    }
}
