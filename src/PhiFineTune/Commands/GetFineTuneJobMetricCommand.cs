using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>Gets a job's training and validation loss by step, from its MLflow run.</summary>
[Cmdlet(VerbsCommon.Get, "FineTuneJobMetric", DefaultParameterSetName = NameSet)]
[OutputType(typeof(FineTuneJobMetric))]
public sealed class GetFineTuneJobMetricCommand : FineTuneConnectedCmdlet
{
    const string JobSet = "Job";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = JobSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FineTuneJob[]? Job { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Which metrics: loss (training) and eval_loss (validation) by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Metric { get; set; } = [JobRuns.TrainingLoss, JobRuns.ValidationLoss];

    protected override void ProcessRecordCore()
    {
        var targets = Job?.Select(j => (j.Connection, j.Name)) ??
                      Name!.Select(n => (ResolveConnection(), AzureIds.JobName(n)));
        foreach (var (connection, name) in targets)
        {
            try
            {
                var points = Run(async (_, token) =>
                {
                    var all = new List<FineTuneJobMetric>();
                    foreach (var metric in Metric)
                    {
                        await foreach (var point in JobRuns.HistoryAsync(connection, name, metric, token).ConfigureAwait(false))
                            all.Add(point);
                    }
                    return all;
                });
                WriteObject(points, enumerateCollection: true);
            }
            catch (FineTuneException e)
            {
                WriteError(ToErrorRecord(e));
            }
        }
    }
}
