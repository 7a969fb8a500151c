using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>
/// Gets fine-tuning jobs of the workspace: one by -Name (also from the pipeline by property name) with its run's
/// times, failure reason and latest loss, or every fine-tuning job, filtered by -Status.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FineTuneJob", DefaultParameterSetName = ListSet)]
[OutputType(typeof(FineTuneJob))]
public sealed class GetFineTuneJobCommand : FineTuneConnectedCmdlet
{
    const string ListSet = "List";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(Completers.JobStatusCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Status { get; set; }

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        if (Name is null)
        {
            var statuses = Status?.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var jobs = Run(async (_, token) =>
            {
                var all = new List<FineTuneJob>();
                await foreach (var job in FineTuneJobs.ListAsync(connection, token).ConfigureAwait(false))
                {
                    if (statuses is null || statuses.Contains(job.Status)) all.Add(job);
                }
                return all;
            });
            WriteObject(jobs, enumerateCollection: true);
            return;
        }
        ForEachItem(Name, name => WriteObject(Run(async (_, token) =>
        {
            var job = await FineTuneJobs.GetAsync(connection, name, token).ConfigureAwait(false);
            return JobRuns.WithRun(job, await JobRuns.GetAsync(connection, name, token).ConfigureAwait(false));
        })));
    }
}
