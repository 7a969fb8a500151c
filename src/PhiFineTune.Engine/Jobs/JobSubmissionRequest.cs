namespace PhiFineTune.Engine.Jobs;

/// <summary>Everything a job submission is made from.</summary>
public sealed class JobSubmissionRequest
{
    public required FineTuneConnection Connection { get; init; }
    public required string Model { get; init; }
    public required string TrainingFile { get; init; }
    public string? ValidationFile { get; init; }
    /// <summary>Split this share of the training file off as validation data (the dataset splitter's rules).</summary>
    public double? ValidationPercent { get; init; }
    public int Seed { get; init; }
    public HyperparameterRequest Hyperparameters { get; init; } = new(null, null, null, null);
    public string? Name { get; init; }
    public string? OutputModelName { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public bool SkipValidation { get; init; }
}
