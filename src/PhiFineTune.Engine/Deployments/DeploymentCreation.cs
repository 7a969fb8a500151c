namespace PhiFineTune.Engine.Deployments;

/// <summary>A PUT the service accepted: the endpoint as it answered, and where its operation is polled.</summary>
public sealed record DeploymentCreation(FineTunedModelDeployment Deployment, Uri? Operation, TimeSpan? RetryAfter);
