using System.Globalization;
using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Sweeps;

namespace PhiFineTune.Commands;

/// <summary>
/// Creates a hyperparameter sweep: one fine-tuning job per combination of -Epochs, -LearningRate and -BatchSize (or a
/// seeded sample of them), over data checked and uploaded once, each job named after its inputs and tagged with the
/// sweep's name. It writes the jobs and their billed tokens before submitting; -WhatIf stops there.
/// </summary>
[Cmdlet(VerbsCommon.New, "FineTuneSweep", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ValidationFileSet)]
[OutputType(typeof(FineTuneJob))]
public sealed class NewFineTuneSweepCommand : FineTuneConnectedCmdlet
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

    [Parameter(ParameterSetName = SplitSet, Mandatory = true)]
    [ValidateRange(0.1, 50.0)]
    public double ValidationPercent { get; set; }

    /// <summary>Seeds the validation split and the sample that -MaxJobs draws.</summary>
    [Parameter]
    public int Seed { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? Epochs { get; set; }

    /// <summary>Absolute learning rates (learning_rate), e.g. 1e-5,5e-5.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? LearningRate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? BatchSize { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxJobs { get; set; }

    /// <summary>The sweep's name, the value of each job's phifinetune.sweep tag; by default the model and a hash of the inputs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        var request = new SweepRequest
        {
            Connection = connection,
            Model = Model!,
            TrainingFile = GetUnresolvedProviderPathFromPSPath(TrainingFile),
            ValidationFile = ValidationFile is null ? null : GetUnresolvedProviderPathFromPSPath(ValidationFile),
            ValidationPercent = ParameterSetName == SplitSet ? ValidationPercent : null,
            Seed = Seed,
            Epochs = Epochs ?? [],
            LearningRates = LearningRate ?? [],
            BatchSizes = BatchSize ?? [],
            MaxJobs = IsBound(nameof(MaxJobs)) ? MaxJobs : null,
            Name = Name,
        };

        using var sweep = Run((observer, token) => FineTuneSweeps.PrepareAsync(request,
            issue => observer.Post(cmdlet => DatasetCmdlets.WriteIssue(cmdlet, issue)), observer, token));
        WritePlan(sweep);
        if (!ShouldProcess($"workspace {connection.WorkspaceName}",
                $"Upload '{request.TrainingFile}' once and create the {sweep.Jobs.Count} fine-tuning job(s) of sweep '{sweep.Name}' of {sweep.Data.Model.Name}"))
            return;

        var jobs = Run((observer, token) => FineTuneSweeps.SubmitAsync(sweep, observer, token));
        var reused = jobs.Where(j => !j.Created).Select(j => j.Job.Name).ToList();
        if (reused.Count > 0)
            WriteWarning($"Sweep '{sweep.Name}': {reused.Count} of the {jobs.Count} jobs exist already with the same inputs and were reused, not made again: {string.Join(", ", reused)}.");
        WriteObject(jobs.Select(j => j.Job), enumerateCollection: true);
    }

    void WritePlan(PreparedSweep sweep)
    {
        var estimate = sweep.TokenCountIsExact == false ? " (estimated)" : "";
        Say($"Sweep '{sweep.Name}': {sweep.Jobs.Count} job(s) of {sweep.Data.Model.Name}, " +
            (sweep.TokensPerEpoch is { } perEpoch ? $"{Count(perEpoch)} training tokens per epoch{estimate}." : "tokens not counted."));
        for (var i = 0; i < sweep.Jobs.Count; i++)
        {
            var job = sweep.Jobs[i];
            Say($"  {i + 1}. {job.Describe()}: " +
                (job.BilledTokens is { } billed ? $"{Count(billed)} billed tokens ({job.Epochs} epoch(s))" : "billed tokens not counted"));
        }
        if (sweep.TotalBilledTokens is { } total) Say($"Total: {Count(total)} billed tokens{estimate}.");
    }

    void Say(string message) => WriteInformation(new HostInformationMessage { Message = message }, ["PSHOST"]);

    static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
