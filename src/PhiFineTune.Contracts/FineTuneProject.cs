namespace PhiFineTune;

/// <summary>
/// An Azure AI Foundry hub-based project as New-FineTuneProject left it: the project and its hub, every resource with
/// whether it was created or reused, and a connection to the project. It pipes to Connect-FineTuneWorkspace, and to
/// every cmdlet that takes -Connection.
/// </summary>
public sealed class FineTuneProject
{
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    /// <summary>The project's name, which is its workspace name.</summary>
    public required string Name { get; init; }
    /// <summary>The same as <see cref="Name"/>: the name Connect-FineTuneWorkspace takes.</summary>
    public string WorkspaceName => Name;
    public required string ResourceId { get; init; }
    public required string HubName { get; init; }
    public required string HubResourceId { get; init; }
    public required string Location { get; init; }
    public required string StorageAccountName { get; init; }
    public required string KeyVaultName { get; init; }
    public required string AIServicesName { get; init; }
    /// <summary>Every resource in the order it is created.</summary>
    public required IReadOnlyList<FineTuneProjectResource> Resources { get; init; }
    /// <summary>The resources this run created (none on a re-run).</summary>
    public int CreatedCount => Resources.Count(r => r.State == ProjectResourceState.Created);
    /// <summary>A connection to the project, with the credential and endpoint the project was created with.</summary>
    public required FineTuneConnection Connection { get; init; }

    public override string ToString() => $"{Name} in hub {HubName} ({Location}), resource group {ResourceGroupName}";
}
