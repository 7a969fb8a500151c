namespace PhiFineTune.Engine.Jobs;

/// <summary>What a job's MLflow run says (contract G.2): times, the reason of a failure, the newest losses.</summary>
public sealed record RunSummary(string? Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error,
    double? LatestLoss, double? LatestValidationLoss);
