using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>Gets a job's training and validation loss by step, from its MLflow run.</summary>
[Cmdlet(VerbsCommon.Get, "FineTuneJobMetric", DefaultParameterSetName = NameSet)]
[OutputType(typeof(FineTuneJobMetric))]
public sealed class GetFineTuneJobMetricCommand : FineTuneJobTargetCmdlet
{

    /// <summary>Which metrics: loss (training) and eval_loss (validation) by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Metric { get; set; } = [JobRuns.TrainingLoss, JobRuns.ValidationLoss];

    protected override void ProcessRecordCore() => ForEachItem(JobTargets(), target =>
    {
        var points = Run(async (_, token) =>
        {
            var all = new List<FineTuneJobMetric>();
            foreach (var metric in Metric)
            {
                await foreach (var point in JobRuns.HistoryAsync(target.Connection, target.Name, metric, token).ConfigureAwait(false))
                    all.Add(point);
            }
            return all;
        });
        WriteObject(points, enumerateCollection: true);
    });
}
