namespace PhiFineTune;

/// <summary>One logged value of a job's loss (contract G.2).</summary>
public sealed class FineTuneJobMetric
{
    public required string JobName { get; init; }
    /// <summary>The MLflow metric key, e.g. loss or eval_loss.</summary>
    public required string Metric { get; init; }
    /// <summary>Training or Validation.</summary>
    public required string Kind { get; init; }
    public required long Step { get; init; }
    public required double Value { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    public override string ToString() => $"{JobName} {Metric} step {Step}: {Value}";
}
