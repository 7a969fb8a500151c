using System.Text.Json.Serialization;

namespace PhiFineTune;

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
