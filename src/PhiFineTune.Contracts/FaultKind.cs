namespace PhiFineTune;

/// <summary>What the emulator does to a request a fault rule matches.</summary>
public enum FaultKind
{
    Throttle,
    InternalServerError,
    ServiceUnavailable,
    DropConnection,
    Latency,
    Forbidden,
}
