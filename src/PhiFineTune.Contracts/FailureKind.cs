namespace PhiFineTune;

/// <summary>What kind of failure an operation met; the cmdlets map it to an ErrorCategory.</summary>
public enum FailureKind
{
    InvalidArgument,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    Throttled,
    ServiceUnavailable,
    Timeout,
    ConnectionFailed,
    InvalidOperation,
}
