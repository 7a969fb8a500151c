namespace PhiFineTune;

public sealed class NullObserver : IOperationObserver
{
    public static readonly NullObserver Instance = new();
    public void Progress(OperationProgress progress) { }
    public void Verbose(string message) { }
    public void Warning(string message) { }
}
