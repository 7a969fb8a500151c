using System.Text.Json.Serialization;

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

/// <summary>A fault the emulator injects into matching requests (docs/emulator.md).</summary>
public sealed class FaultRule
{
    public string? Id { get; init; }
    /// <summary>A contract operationId such as Providers_Register, or * for every ARM operation.</summary>
    public required string Operation { get; init; }
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public required FaultKind Kind { get; init; }
    public int? Count { get; init; }
    public double? Probability { get; init; }
    public int? Seed { get; init; }
    public int? RetryAfterSeconds { get; init; }
    public int? LatencyMs { get; init; }
    [JsonIgnore]
    public EmulatorInstance? Emulator { get; init; }

    public override string ToString() => $"{Kind} on {Operation}";
}

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
