namespace PhiFineTune;

/// <summary>One version of a fine-tuned model registered in the workspace (contract B.6).</summary>
public sealed record FineTunedModel
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>The base model's name (Phi-4-mini-instruct), from BaseModelId.</summary>
    public string? BaseModel { get; init; }
    /// <summary>properties.baseModelId: the registry id the model was fine-tuned from.</summary>
    public string? BaseModelId { get; init; }
    /// <summary>The fine-tuning job that registered it (jobName).</summary>
    public string? JobName { get; init; }
    /// <summary>The id a serverless endpoint deploys: azureml://locations/{location}/workspaces/{workspaceId}/models/{name}/versions/{version}.</summary>
    public required string ModelId { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The serverless endpoints whose modelSettings.modelId is this model version.</summary>
    public required IReadOnlyList<string> Deployments { get; init; }
    public required string ResourceId { get; init; }
    public required FineTuneConnection Connection { get; init; }

    public override string ToString() => $"{Name} version {Version}";
}
