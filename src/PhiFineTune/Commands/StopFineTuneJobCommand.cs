using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>Cancels fine-tuning jobs and waits until they read Canceled.</summary>
[Cmdlet(VerbsLifecycle.Stop, "FineTuneJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = NameSet)]
[OutputType(typeof(FineTuneJob))]
public sealed class StopFineTuneJobCommand : FineTuneJobTargetCmdlet
{

    /// <summary>Seconds to wait for Canceled.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecordCore() => ForEachItem(JobTargets(), target => Stop(target.Connection, target.Name));

    void Stop(FineTuneConnection connection, string name)
    {
        var job = Run((_, token) => FineTuneJobs.GetAsync(connection, name, token));
        if (job.IsTerminal)
        {
            WriteWarning($"The job '{name}' has ended already ({job.Status}); there is nothing to cancel.");
            WriteObject(job);
            return;
        }
        if (!ShouldProcess($"fine-tuning job '{name}' ({job.Status}) in workspace {connection.WorkspaceName}", "Cancel")) return;

        Run((observer, token) => FineTuneJobs.CancelAsync(connection, name, observer, token));
        var options = new JobWaitOptions
        {
            Interval = JobWatcher.DefaultInterval(connection),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        FineTuneJob? ended = null;
        var result = Run((observer, token) => JobWatcher.WaitAsync([job], options, j => ended = j,
            error => observer.Post(cmdlet => cmdlet.WriteError(ToErrorRecord(error))), observer, token));
        if (result.TimedOut)
        {
            WriteWarning($"The job '{name}' did not read Canceled within {TimeoutSec} s; the service goes on cancelling it.");
            WriteObject(result.Unfinished, enumerateCollection: true);
            return;
        }
        if (ended is not null && !string.Equals(ended.Status, FineTuneJobStatus.Canceled, StringComparison.OrdinalIgnoreCase))
            WriteWarning($"The job '{name}' ended {ended.Status} before the cancellation took effect.");
        if (ended is not null) WriteObject(ended);
    }
}
