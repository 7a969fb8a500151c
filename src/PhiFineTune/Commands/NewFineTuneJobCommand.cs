using System.Collections;
using System.Globalization;
using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>
/// Creates a fine-tuning job of a Phi base model on the serverless path: checks the region, the hyperparameters and
/// the data (nothing is uploaded when the data has errors), uploads the files to the workspace's default datastore and
/// creates the job. Re-running it returns the job it made instead of making a second one.
/// </summary>
[Cmdlet(VerbsCommon.New, "FineTuneJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ValidationFileSet)]
[OutputType(typeof(FineTuneJob))]
public sealed class NewFineTuneJobCommand : FineTuneConnectedCmdlet
{
    const string ValidationFileSet = "ValidationFile";
    const string SplitSet = "ValidationPercent";

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(BaseModelNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("TrainingData")]
    [ValidateNotNullOrEmpty]
    public string? TrainingFile { get; set; }

    [Parameter(ParameterSetName = ValidationFileSet)]
    [Alias("ValidationData")]
    [ValidateNotNullOrEmpty]
    public string? ValidationFile { get; set; }

    /// <summary>Splits this share of the training file off as validation data, as Split-FineTuneDataset does.</summary>
    [Parameter(ParameterSetName = SplitSet, Mandatory = true)]
    [ValidateRange(0.1, 50.0)]
    public double ValidationPercent { get; set; }

    [Parameter(ParameterSetName = SplitSet)]
    public int Seed { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int Epochs { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int BatchSize { get; set; }

    /// <summary>The absolute learning rate (learning_rate), e.g. 0.00002.</summary>
    [Parameter]
    public double LearningRate { get; set; }

    /// <summary>The portal's multiplier of the model's default learning rate; converted to the absolute rate.</summary>
    [Parameter]
    public double LearningRateMultiplier { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputModelName { get; set; }

    /// <summary>The job's name; by default the model and a hash of every input, so a re-run finds the same job.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    [Parameter]
    public Hashtable? Tag { get; set; }

    /// <summary>Uploads the data without checking it first.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        var request = new JobSubmissionRequest
        {
            Connection = connection,
            Model = Model!,
            TrainingFile = GetUnresolvedProviderPathFromPSPath(TrainingFile),
            ValidationFile = ValidationFile is null ? null : GetUnresolvedProviderPathFromPSPath(ValidationFile),
            ValidationPercent = ParameterSetName == SplitSet ? ValidationPercent : null,
            Seed = Seed,
            Hyperparameters = new HyperparameterRequest(
                IsBound(nameof(Epochs)) ? Epochs : null,
                IsBound(nameof(BatchSize)) ? BatchSize : null,
                IsBound(nameof(LearningRate)) ? LearningRate : null,
                IsBound(nameof(LearningRateMultiplier)) ? LearningRateMultiplier : null),
            Name = Name,
            OutputModelName = OutputModelName,
            DisplayName = DisplayName,
            Tags = Tags(),
            SkipValidation = SkipValidation,
        };

        using var prepared = Run((observer, token) => JobSubmission.PrepareAsync(request,
            issue => observer.Post(cmdlet => DatasetCmdlets.WriteIssue(cmdlet, issue)), observer, token));
        var files = prepared.ValidationFile is null
            ? $"'{request.TrainingFile}'"
            : $"'{request.TrainingFile}' ({(request.ValidationPercent is { } p ? $"{p.ToString(CultureInfo.InvariantCulture)} % split off for validation" : $"validation '{request.ValidationFile}'")})";
        if (!ShouldProcess($"workspace {connection.WorkspaceName}",
                $"Upload {files} and create a fine-tuning job{(Name is null ? "" : $" '{Name}'")} of {prepared.Model.Name}"))
            return;

        var created = Run((observer, token) => JobSubmission.SubmitAsync(prepared, observer, token));
        if (!created.Created)
            WriteWarning($"The job '{created.Job.Name}' exists already with the same inputs ({created.Job.Status}); no second job was made.");
        WriteObject(created.Job);
    }

    Dictionary<string, string> Tags()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Tag ?? new Hashtable())
            tags[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? "";
        return tags;
    }
}
