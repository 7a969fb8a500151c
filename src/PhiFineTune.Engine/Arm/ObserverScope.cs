namespace PhiFineTune.Engine.Arm;

/// <summary>
/// The observer of the operation running on this async flow. Pipelines belong to a connection and outlive
/// any one cmdlet, so the HTTP log policy finds the current cmdlet's observer here.
/// </summary>
internal static class ObserverScope
{
    static readonly AsyncLocal<IOperationObserver?> s_current = new();

    public static IOperationObserver Current => s_current.Value ?? NullObserver.Instance;

    public static IDisposable Enter(IOperationObserver observer)
    {
        var previous = s_current.Value;
        s_current.Value = observer;
        return new Restore(previous);
    }

    sealed class Restore(IOperationObserver? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
