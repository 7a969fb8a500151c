namespace PhiFineTune.Emulator;

/// <summary>A rule as stored: the spec plus its id, its own Random and its counters.</summary>
public sealed record FaultRuleView(
    string Id,
    string Operation,
    FaultKind Kind,
    int? Count,
    double? Probability,
    int? Seed,
    int? RetryAfterSeconds,
    int? LatencyMs,
    int? Remaining,
    int Fired,
    bool Spent);
