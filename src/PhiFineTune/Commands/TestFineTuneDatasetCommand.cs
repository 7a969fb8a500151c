using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands;

/// <summary>
/// Checks chat-format JSONL training data offline, before anything is uploaded: every line against the service's
/// rules, token counts per example for the base model, and the billed tokens for a number of epochs.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "FineTuneDataset", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DatasetReport), typeof(bool))]
public sealed class TestFineTuneDatasetCommand : FineTuneCmdlet
{
    const string PathSet = "Path";
    const string LiteralPathSet = "LiteralPath";

    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(BaseModelNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = BaseModelCatalog.DefaultModel;

    [Parameter]
    [ValidateRange(1, 100)]
    public int Epochs { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaxErrors { get; set; } = 100;

    [Parameter]
    public SwitchParameter NoTokenCount { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordCore()
    {
        var model = DatasetCmdlets.ResolveModel(this, Model);
        var options = new DatasetCheckOptions
        {
            Model = model,
            CountTokens = !NoTokenCount,
            Epochs = Epochs > 0 ? Epochs : DatasetCmdlets.DefaultEpochs(model),
            MaxErrors = MaxErrors,
        };
        foreach (var file in DatasetCmdlets.ResolveFiles(this, Path, LiteralPath))
        {
            var report = Run((observer, token) => DatasetValidator.CheckAsync(file, options,
                issue => { if (!Quiet) observer.Post(cmdlet => DatasetCmdlets.WriteIssue(cmdlet, issue)); },
                observer, token));
            if (Quiet)
            {
                WriteObject(report.IsValid);
                continue;
            }
            if (report.ErrorCount > MaxErrors)
                WriteWarning($"{report.Path}: {report.ErrorCount - MaxErrors} more error(s) were found and not written (-MaxErrors {MaxErrors}).");
            WriteObject(report);
        }
    }
}
