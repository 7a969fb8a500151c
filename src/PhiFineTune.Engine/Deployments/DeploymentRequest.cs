using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Deployments;

/// <summary>What a deployment deploys: a model version, under an endpoint name.</summary>
public sealed record DeploymentRequest(FineTuneConnection Connection, string Name, string ModelName, string ModelVersion,
    bool ContentSafety)
{
    public string ModelId => ModelIds.Build(Connection, ModelName, ModelVersion);
}
