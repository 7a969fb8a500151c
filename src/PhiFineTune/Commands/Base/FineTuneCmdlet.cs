using System.Management.Automation;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// The base of every cmdlet: a cancellation token that Ctrl+C (StopProcessing) cancels, a bridge that runs
/// async Engine calls while writing their reports on the pipeline thread, and the mapping of Engine failures
/// to error records.
/// </summary>
public abstract class FineTuneCmdlet : PSCmdlet, IDisposable
{
    readonly CancellationTokenSource _stopping = new();

    protected CancellationToken CancellationToken => _stopping.Token;

    protected sealed override void ProcessRecord()
    {
        try
        {
            ProcessRecordCore();
        }
        catch (FineTuneException e)
        {
            WriteError(ToErrorRecord(e));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected abstract void ProcessRecordCore();

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Runs an Engine operation to its end on the pipeline thread, writing its reports as they come.</summary>
    protected T Run<T>(Func<PipelineObserver, CancellationToken, Task<T>> operation)
    {
        using var observer = new PipelineObserver();
        return observer.Pump(this, Task.Run(() => operation(observer, CancellationToken), CancellationToken));
    }

    protected void Run(Func<PipelineObserver, CancellationToken, Task> operation) =>
        Run<bool>(async (observer, token) =>
        {
            await operation(observer, token).ConfigureAwait(false);
            return true;
        });

    protected internal static ErrorRecord ToErrorRecord(FineTuneException e) =>
        new(e, e.ErrorId, CategoryOf(e.Kind), e.Target)
        {
            ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = RecommendedActions.For(e) },
        };

    /// <summary>For failures that stop the command whatever -ErrorAction says (for example, not connected).</summary>
    protected void Terminate(FineTuneException e) => ThrowTerminatingError(ToErrorRecord(e));

    static ErrorCategory CategoryOf(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.Authentication => ErrorCategory.AuthenticationError,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.Conflict => ErrorCategory.ResourceExists,
        FailureKind.Throttled => ErrorCategory.LimitsExceeded,
        FailureKind.ServiceUnavailable => ErrorCategory.ResourceUnavailable,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
        _ => ErrorCategory.InvalidOperation,
    };

    /// <summary>Releases what a cmdlet holds when the pipeline ends, also when it was stopped or failed.</summary>
    protected virtual void OnDispose()
    {
    }

    public void Dispose()
    {
        OnDispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
