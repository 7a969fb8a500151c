using System.Security;

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

/// <summary>A serverless endpoint that serves a fine-tuned model (contract B.8), as last read.</summary>
public sealed class FineTunedModelDeployment
{
    /// <summary>Tokens per minute each deployment gets (contract B.9, from the serverless fine-tuning docs).</summary>
    public const int DocumentedTokensPerMinute = 200_000;
    /// <summary>Requests per minute each deployment gets (contract B.9, from the serverless fine-tuning docs).</summary>
    public const int DocumentedRequestsPerMinute = 1_000;

    public required string Name { get; init; }
    /// <summary>Creating, Updating, Deleting, Succeeded, Failed or Canceled.</summary>
    public required string ProvisioningState { get; init; }
    /// <summary>Unknown, Creating, Deleting, Suspending, Reinstating, Online, Suspended, CreationFailed or DeletionFailed.</summary>
    public string? EndpointState { get; init; }
    /// <summary>properties.inferenceEndpoint.uri: where chat completions are sent.</summary>
    public Uri? ScoringUri { get; init; }
    public string? ModelId { get; init; }
    public string? ModelName { get; init; }
    public string? ModelVersion { get; init; }
    /// <summary>Enabled or Disabled (Azure AI Content Safety).</summary>
    public string? ContentSafety { get; init; }
    public string? AuthMode { get; init; }
    public string? Location { get; init; }
    public int TokensPerMinuteLimit { get; init; } = DocumentedTokensPerMinute;
    public int RequestsPerMinuteLimit { get; init; } = DocumentedRequestsPerMinute;
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Null unless asked for with -IncludeKey; never plain text.</summary>
    public SecureString? PrimaryKey { get; init; }
    public SecureString? SecondaryKey { get; init; }
    public required string ResourceId { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required FineTuneConnection Connection { get; init; }

    public bool IsTerminal => FineTunedModelDeploymentState.IsTerminal(ProvisioningState);

    public override string ToString() => $"{Name}: {ProvisioningState}";
}

/// <summary>The terminal provisioning states of ARM (contract C.5).</summary>
public static class FineTunedModelDeploymentState
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";

    public static bool IsTerminal(string? state) =>
        string.Equals(state, Succeeded, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, Failed, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, Canceled, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One message of a chat (contract H.3).</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>A deployment's answer to a chat (contract H.4).</summary>
public sealed record FineTunedModelReply
{
    public required string Content { get; init; }
    /// <summary>stop, length, content_filter or tool_calls.</summary>
    public string? FinishReason { get; init; }
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }
    public int? TotalTokens { get; init; }
    public string? Model { get; init; }
    public required string DeploymentName { get; init; }
    public string? Id { get; init; }

    public override string ToString() => Content;
}
