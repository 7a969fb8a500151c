namespace PhiFineTune;

/// <summary>One request the emulator served, from its request log. It never holds a token.</summary>
public sealed class EmulatorRequest
{
    public DateTimeOffset Time { get; init; }
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    /// <summary>The query string, with its leading '?', or empty.</summary>
    public string Query { get; init; } = "";
    public string? Operation { get; init; }
    public string? ApiVersion { get; init; }
    public int Status { get; init; }
    public string? CorrelationRequestId { get; init; }
    public bool HadAuthorization { get; init; }

    public override string ToString() => $"{Method} {Path} -> {Status}";
}
