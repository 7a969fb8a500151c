using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Evaluation;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Sweeps;

namespace PhiFineTune.Commands;

/// <summary>
/// Compares fine-tuning jobs: one row per job with its hyperparameters, its final and best validation loss and the
/// perplexity at both, and with -EvaluationPath the scores of its deployed model; sorted best first (highest mean F1
/// when evaluated, else lowest best validation loss). -Best writes only the winner's job.
/// </summary>
[Cmdlet(VerbsData.Compare, "FineTuneJob", DefaultParameterSetName = NameSet)]
[OutputType(typeof(FineTuneJobComparison), typeof(FineTuneJob))]
public sealed class CompareFineTuneJobCommand : FineTuneJobTargetCmdlet
{
    readonly List<FineTuneJobComparison> _rows = [];

    /// <summary>Writes only the best job (a FineTuneJob, which pipes to New-FineTunedModelDeployment).</summary>
    [Parameter]
    public SwitchParameter Best { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Job is not null)
        {
            ForEachItem(Job, job => _rows.Add(Run((_, token) => JobComparisons.CompareAsync(job, token))));
            return;
        }
        var connection = ResolveConnection();
        ForEachItem(Name!, name => _rows.Add(Run(async (_, token) =>
        {
            var job = await FineTuneJobs.GetAsync(connection, name, token).ConfigureAwait(false);
            return await JobComparisons.CompareAsync(job, token).ConfigureAwait(false);
        })));
    }

    /// <summary>
    /// A chat-format JSONL file (the validation split, say) to evaluate each job's deployed model on; the rows then
    /// carry the mean scores and rank by mean F1.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EvaluationPath { get; set; }

    /// <summary>Requests at a time to each deployment during the evaluation.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = EvaluationOptions.DefaultThrottleLimit;

    protected override void EndProcessingCore()
    {
        if (EvaluationPath is not null) Evaluate(GetUnresolvedProviderPathFromPSPath(EvaluationPath));
        var ranked = JobComparisons.Rank(_rows);
        foreach (var row in ranked.Where(r => r.BestValidationLoss is null))
            WriteWarning($"The job '{row.JobName}' ({row.Status}) has logged no validation loss; it is ranked last.");
        if (!Best)
        {
            WriteObject(ranked, enumerateCollection: true);
            return;
        }
        if (ranked.Count > 0 && (ranked[0].F1 is not null || ranked[0].BestValidationLoss is not null))
        {
            WriteObject(ranked[0].Job);
            return;
        }
        WriteError(ToErrorRecord(new FineTuneException("NoBestJob", FailureKind.InvalidOperation,
            ranked.Count == 0 ? "No job was given to compare." : "None of the jobs has logged a validation loss or was evaluated, so none is the best.",
            null, "Compare jobs trained with validation data, once they have run (Wait-FineTuneJob).")));
    }

    void Evaluate(string path)
    {
        if (_rows.Count == 0) return;
        var examples = Run((_, token) => EvaluationSetReader.ReadAsync(path, token));
        var options = new EvaluationOptions { ThrottleLimit = ThrottleLimit, Path = path };
        for (var i = 0; i < _rows.Count; i++)
        {
            var row = _rows[i];
            try
            {
                _rows[i] = Run((observer, token) => JobComparisons.EvaluateAsync(row, examples, options, observer, token));
            }
            catch (FineTuneException e) when (e.Kind is FailureKind.InvalidOperation or FailureKind.NotFound)
            {
                WriteWarning($"The job '{row.JobName}' was not evaluated: {e.Message}");
            }
        }
    }
}
