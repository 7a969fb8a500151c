namespace PhiFineTune;

/// <summary>A fine-tuning job of the workspace (contract B.3), as last read.</summary>
public sealed record FineTuneJob
{
    public required string Name { get; init; }
    /// <summary>The service's JobStatus (contract B.4): an open string, e.g. Queued, Running, Completed.</summary>
    public required string Status { get; init; }
    public string? DisplayName { get; init; }
    /// <summary>The base model's name (Phi-4-mini-instruct), from its registry id.</summary>
    public string? BaseModel { get; init; }
    /// <summary>The registry id the job trains from, e.g. azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3.</summary>
    public string? BaseModelId { get; init; }
    public string? TrainingData { get; init; }
    public string? ValidationData { get; init; }
    /// <summary>The hyperparameters as sent (contract B.5: string values under their wire names).</summary>
    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>The absolute learning rate the job trains with (learning_rate).</summary>
    public double? LearningRate { get; init; }
    /// <summary>The name the fine-tuned model is registered under (outputs.registered_model.assetName).</summary>
    public string? OutputModelName { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastModifiedAt { get; init; }
    /// <summary>When training started, from the job's MLflow run (contract G.1); null until it starts or when not read.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why the job failed, from its MLflow run; null otherwise.</summary>
    public string? Error { get; init; }
    /// <summary>The newest training loss seen, when it was read.</summary>
    public double? LatestLoss { get; init; }
    public string? StudioUrl { get; init; }
    public required string ResourceId { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required FineTuneConnection Connection { get; init; }

    public bool IsTerminal => FineTuneJobStatus.IsTerminal(Status);

    public override string ToString() => $"{Name}: {Status}";
}
