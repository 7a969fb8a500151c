namespace PhiFineTune;

/// <summary>One progress report: the cmdlets turn it into Write-Progress on the pipeline thread.</summary>
public sealed record OperationProgress(int ActivityId, string Activity, string Status, int PercentComplete = -1,
    bool Completed = false, int ParentActivityId = -1);

/// <summary>
/// How the Engine tells its caller what it is doing. Calls may come from any thread; the cmdlets queue them
/// and write them from the pipeline thread.
/// </summary>
public interface IOperationObserver
{
    void Progress(OperationProgress progress);
    void Verbose(string message);
    void Warning(string message);
}

public sealed class NullObserver : IOperationObserver
{
    public static readonly NullObserver Instance = new();
    public void Progress(OperationProgress progress) { }
    public void Verbose(string message) { }
    public void Warning(string message) { }
}
