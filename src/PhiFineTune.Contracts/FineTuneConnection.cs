namespace PhiFineTune;

/// <summary>
/// A connection to one Azure ML (AI Foundry hub-based project) workspace. It holds no secret: the credential
/// and clients live in an internal session that PowerShell cannot see or serialize.
/// </summary>
public sealed class FineTuneConnection
{
    internal FineTuneConnection(object session) => Session = session;

    /// <summary>The Engine's clients for this connection (a type of the Engine's load context, so typed as object).</summary>
    internal object Session { get; }

    public required Guid ConnectionId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    /// <summary>Empty for a connection made without a workspace (Connect-FineTuneWorkspace without -WorkspaceName).</summary>
    public required string WorkspaceName { get; init; }
    public required string WorkspaceKind { get; init; }
    public required string Location { get; init; }
    public string? WorkspaceId { get; init; }
    public string? HubResourceId { get; init; }
    public required string ResourceId { get; init; }
    public required string Environment { get; init; }
    public required Uri ArmEndpoint { get; init; }
    public required AuthenticationMethod AuthenticationMethod { get; init; }
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>True when the connection names a workspace.</summary>
    public bool HasWorkspace => WorkspaceName.Length > 0;

    public override string ToString() => HasWorkspace
        ? $"{WorkspaceName} ({Location}) in {ResourceGroupName}, subscription {SubscriptionId}"
        : $"no workspace, resource group {ResourceGroupName}, subscription {SubscriptionId}";
}
