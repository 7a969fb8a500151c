using System.Management.Automation;

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

    /// <summary>A failure here stops the command: nothing it would do next can work.</summary>
    protected sealed override void BeginProcessing() => Guard(BeginProcessingCore, Terminate);

    /// <summary>A failure here is written as a non-terminating error; the next input record goes on.</summary>
    protected sealed override void ProcessRecord() => Guard(ProcessRecordCore, WriteFailure);

    /// <summary>A failure here is written as a non-terminating error.</summary>
    protected sealed override void EndProcessing() => Guard(EndProcessingCore, WriteFailure);

    protected virtual void BeginProcessingCore()
    {
    }

    protected abstract void ProcessRecordCore();

    protected virtual void EndProcessingCore()
    {
    }

    /// <summary>Does the work for one item; when it fails, writes the failure's error record and returns, so the next item goes on.</summary>
    protected void TryItem(Action work)
    {
        try
        {
            work();
        }
        catch (FineTuneException e)
        {
            WriteFailure(e);
        }
    }

    /// <summary>Does the work for each item in turn; an item that fails is written as an error and the rest go on.</summary>
    protected void ForEachItem<T>(IEnumerable<T> items, Action<T> work)
    {
        foreach (var item in items) TryItem(() => work(item));
    }

    /// <summary>True when the parameter was given on the command line or bound from the pipeline.</summary>
    protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

    void WriteFailure(FineTuneException e) => WriteError(ToErrorRecord(e));

    /// <summary>Maps an Engine failure, and turns the cancellation Ctrl+C caused into the stop PowerShell expects.</summary>
    void Guard(Action body, Action<FineTuneException> fail)
    {
        try
        {
            body();
        }
        catch (FineTuneException e)
        {
            fail(e);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

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
