using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Deployments;

/// <summary>What a deployment deploys, under an endpoint name: a fine-tuned model version, or a base model.</summary>
public sealed record DeploymentRequest(FineTuneConnection Connection, string Name, string ModelName, string? ModelVersion,
    bool ContentSafety)
{
    /// <summary>A Phi base model from the catalogue, deployed by its registry id without a version (contract B.8).</summary>
    public static DeploymentRequest ForBaseModel(FineTuneConnection connection, string name, FineTuneBaseModel model,
        bool contentSafety) => new(connection, name, model.Name, null, contentSafety) { BaseModelId = model.RegistryId };

    /// <summary>The registry id of a base model; null for a fine-tuned model.</summary>
    public string? BaseModelId { get; private init; }

    public bool IsBaseModel => BaseModelId is not null;

    public string ModelId => BaseModelId ?? ModelIds.Build(Connection, ModelName, ModelVersion!);

    /// <summary>"Phi-4-mini-instruct (base model)" or "my-model version 2", for messages.</summary>
    public string Label => IsBaseModel ? $"{ModelName} (base model)" : $"{ModelName} version {ModelVersion}";
}
