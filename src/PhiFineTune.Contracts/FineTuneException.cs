namespace PhiFineTune;

/// <summary>
/// The one exception the Engine throws for an expected failure. It carries a stable error id, the target,
/// and what the user can do about it; never a token, key or secret.
/// </summary>
public sealed class FineTuneException : Exception
{
    public FineTuneException(string errorId, FailureKind kind, string message, object? target = null,
        string? recommendedAction = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }
    public FailureKind Kind { get; }
    public object? Target { get; }
    public string? RecommendedAction { get; }
    public int? HttpStatus { get; init; }
    public string? ServiceErrorCode { get; init; }
    public string? RequestId { get; init; }
}
