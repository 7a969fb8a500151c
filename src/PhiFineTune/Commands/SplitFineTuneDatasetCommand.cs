using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Commands;

/// <summary>Splits a JSONL dataset into a training and a validation file, the same way for the same -Seed.</summary>
[Cmdlet(VerbsCommon.Split, "FineTuneDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DatasetFile))]
public sealed class SplitFineTuneDatasetCommand : FineTuneCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(0.1, 50.0)]
    public double ValidationPercent { get; set; }

    [Parameter]
    public int Seed { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var options = new DatasetSplitOptions
        {
            Path = GetUnresolvedProviderPathFromPSPath(Path),
            ValidationPercent = ValidationPercent,
            Seed = Seed,
            OutputDirectory = OutputDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(OutputDirectory),
            Force = Force,
        };
        var (training, validation) = DatasetSplitter.OutputPaths(options);
        if (!ShouldProcess($"{training} and {validation}", $"Split {options.Path} ({ValidationPercent}% to validation, seed {Seed})")) return;
        var files = Run((observer, token) => DatasetSplitter.SplitAsync(options, observer, token));
        WriteObject(files, enumerateCollection: true);
    }
}
