namespace PhiFineTune.Emulator;

/// <summary>A fault rule as written by a caller (admin API body or --faults file).</summary>
public sealed class FaultRuleSpec
{
    /// <summary>A contract operationId, or "*" for every ARM operation.</summary>
    public string? Operation { get; set; }
    public FaultKind? Kind { get; set; }
    /// <summary>Fire for the next N matching requests, then the rule is spent.</summary>
    public int? Count { get; set; }
    /// <summary>Fire with this probability (0..1), drawn from a Random seeded with <see cref="Seed"/>.</summary>
    public double? Probability { get; set; }
    public int? Seed { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public int? LatencyMs { get; set; }
}
