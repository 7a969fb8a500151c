namespace PhiFineTune.Emulator;

public enum FaultKind
{
    Throttle,
    InternalServerError,
    ServiceUnavailable,
    DropConnection,
    Latency,
    Forbidden,
}
