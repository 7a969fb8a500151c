using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Sweeps;

namespace PhiFineTune.Commands;

/// <summary>
/// Compares fine-tuning jobs: one row per job with its hyperparameters, its final and best validation loss and the
/// perplexity at both, sorted best first (lowest best validation loss). -Best writes only the winner's job.
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

    protected override void EndProcessingCore()
    {
        var ranked = JobComparisons.Rank(_rows);
        foreach (var row in ranked.Where(r => r.BestValidationLoss is null))
            WriteWarning($"The job '{row.JobName}' ({row.Status}) has logged no validation loss; it is ranked last.");
        if (!Best)
        {
            WriteObject(ranked, enumerateCollection: true);
            return;
        }
        if (ranked.Count > 0 && ranked[0].BestValidationLoss is not null)
        {
            WriteObject(ranked[0].Job);
            return;
        }
        WriteError(ToErrorRecord(new FineTuneException("NoBestJob", FailureKind.InvalidOperation,
            ranked.Count == 0 ? "No job was given to compare." : "None of the jobs has logged a validation loss, so none is the best.",
            null, "Compare jobs trained with validation data, once they have run (Wait-FineTuneJob).")));
    }
}
