using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Commands;

/// <summary>
/// Waits for fine-tuning jobs to end, with progress (status, elapsed time, latest loss), and writes each job when it
/// ends. -TimeoutSec returns the jobs as they stand with a warning, so a runbook can stop in time and a later run can
/// wait again by name. Ctrl+C stops the wait, never the jobs.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "FineTuneJob", DefaultParameterSetName = JobSet)]
[OutputType(typeof(FineTuneJob))]
public sealed class WaitFineTuneJobCommand : FineTuneJobTargetCmdlet
{
    readonly List<FineTuneJob> _jobs = [];
    readonly List<string> _names = [];

    /// <summary>Seconds to wait in all; by default the wait lasts until every job ends.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSec { get; set; }

    /// <summary>Seconds between two requests about one job; 30 against Azure, a quarter second against the emulator.</summary>
    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double PollIntervalSec { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Job is not null) _jobs.AddRange(Job);
        if (Name is not null) _names.AddRange(Name);
    }

    protected override void EndProcessingCore()
    {
        if (_names.Count > 0)
        {
            var connection = ResolveConnection();
            ForEachItem(_names, name => _jobs.Add(Run((_, token) => FineTuneJobs.GetAsync(connection, name, token))));
        }
        if (_jobs.Count == 0) return;

        var interval = PollIntervalSec > 0
            ? TimeSpan.FromSeconds(PollIntervalSec)
            : JobWatcher.DefaultInterval(_jobs[0].Connection);
        var options = new JobWaitOptions
        {
            Interval = interval,
            Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : null,
        };
        var result = Run((observer, token) => JobWatcher.WaitAsync(_jobs, options,
            job => observer.Post(cmdlet => cmdlet.WriteObject(job)),
            error => observer.Post(cmdlet => cmdlet.WriteError(ToErrorRecord(error))),
            observer, token));
        if (result.TimedOut)
        {
            WriteWarning($"{result.Unfinished.Count} job(s) had not ended after {TimeoutSec} s: " +
                         $"{string.Join(", ", result.Unfinished.Select(j => $"{j.Name} ({j.Status})"))}. They go on running; " +
                         "wait again later with Wait-FineTuneJob -Name.");
            WriteObject(result.Unfinished, enumerateCollection: true);
        }
    }
}
