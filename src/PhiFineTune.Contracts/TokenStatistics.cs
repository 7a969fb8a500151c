namespace PhiFineTune;

/// <summary>Tokens per example: min, mean, median, 95th percentile, max and total.</summary>
public sealed class TokenStatistics
{
    public required long Min { get; init; }
    public required double Mean { get; init; }
    public required long P50 { get; init; }
    public required long P95 { get; init; }
    public required long Max { get; init; }
    public required long Total { get; init; }

    public override string ToString() => $"min {Min}, mean {Mean:0.#}, p50 {P50}, p95 {P95}, max {Max}, total {Total}";
}
