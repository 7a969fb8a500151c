using System.Security;

namespace PhiFineTune;

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
