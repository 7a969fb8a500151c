using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>Makes the emulator fail matching requests: throttling, server errors, dropped connections, latency, 403.</summary>
[Cmdlet(VerbsCommon.Add, "FineTuneEmulatorFault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    DefaultParameterSetName = "Always")]
[OutputType(typeof(FaultRule))]
public sealed class AddFineTuneEmulatorFaultCommand : EmulatorCmdlet
{
    /// <summary>A contract operationId such as Providers_Register, or * for every ARM operation.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Operation { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    public FaultKind Kind { get; set; }

    /// <summary>Fail only the next N matching requests.</summary>
    [Parameter(ParameterSetName = "Count", Mandatory = true)]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Fail each matching request with this probability, repeatably for a given -Seed.</summary>
    [Parameter(ParameterSetName = "Probability", Mandatory = true)]
    [ValidateRange(0.0, 1.0)]
    public double Probability { get; set; }

    [Parameter(ParameterSetName = "Probability")]
    public int Seed { get; set; }

    [Parameter]
    [ValidateRange(0, 600)]
    public int RetryAfterSeconds { get; set; } = -1;

    [Parameter]
    [ValidateRange(0, 600_000)]
    public int LatencyMilliseconds { get; set; } = -1;

    protected override void ProcessRecordCore()
    {
        var emulator = ResolveEmulator();
        var rule = new FaultRule
        {
            Operation = Operation!,
            Kind = Kind,
            Count = ParameterSetName == "Count" ? Count : null,
            Probability = ParameterSetName == "Probability" ? Probability : null,
            Seed = ParameterSetName == "Probability" ? Seed : null,
            RetryAfterSeconds = RetryAfterSeconds >= 0 ? RetryAfterSeconds : null,
            LatencyMs = LatencyMilliseconds >= 0 ? LatencyMilliseconds : null,
        };
        if (!ShouldProcess(emulator.ToString(), $"Add fault {rule}")) return;
        var added = Run((_, token) => EmulatorAdmin.AddFaultsAsync(emulator, [rule], token));
        WriteObject(added, enumerateCollection: true);
    }
}
