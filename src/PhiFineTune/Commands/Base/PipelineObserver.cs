using System.Collections.Concurrent;
using System.Management.Automation;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// Receives the Engine's progress, verbose and warning reports from any thread and replays them on the
/// pipeline thread while the operation runs: no Write* call ever comes from another thread.
/// </summary>
public sealed class PipelineObserver : IOperationObserver, IDisposable
{
    readonly BlockingCollection<Action<Cmdlet>> _pending = new();

    public void Progress(OperationProgress progress) => Post(cmdlet => cmdlet.WriteProgress(
        new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = Math.Clamp(progress.PercentComplete, -1, 100),
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            ParentActivityId = progress.ParentActivityId,
        }));

    public void Verbose(string message) => Post(cmdlet => cmdlet.WriteVerbose(message));

    public void Warning(string message) => Post(cmdlet => cmdlet.WriteWarning(message));

    /// <summary>Pumps reports onto <paramref name="cmdlet"/> until <paramref name="task"/> ends, then returns its result.</summary>
    public T Pump<T>(Cmdlet cmdlet, Task<T> task)
    {
        task.ContinueWith(_ => _pending.CompleteAdding(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var write in _pending.GetConsumingEnumerable()) write(cmdlet);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Queues any write (an error record, an object) for the pipeline thread.</summary>
    public void Post(Action<Cmdlet> write)
    {
        try
        {
            _pending.Add(write);
        }
        catch (InvalidOperationException)
        {
            // A report that arrives after the operation ended has no pipeline to go to.
        }
    }

    public void Dispose() => _pending.Dispose();
}
