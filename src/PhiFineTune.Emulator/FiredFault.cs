namespace PhiFineTune.Emulator;

/// <summary>What the pipeline should do for one request.</summary>
public sealed record FiredFault(string RuleId, FaultKind Kind, int? RetryAfterSeconds, int LatencyMs);
