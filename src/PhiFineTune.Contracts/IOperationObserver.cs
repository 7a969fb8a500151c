namespace PhiFineTune;

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
