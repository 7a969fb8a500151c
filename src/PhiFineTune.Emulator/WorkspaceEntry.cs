using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// One stored workspace, a hub or a project (contract L.1, D.1); mutated under <see cref="EmulatorState"/>'s lock only.
/// </summary>
public sealed class WorkspaceEntry
{
    public required string Name { get; init; }
    public required string ResourceGroup { get; set; }
    public required string Kind { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PrincipalId { get; init; }
    public required string Location { get; init; }
    public required string StorageAccount { get; set; }
    public required string ContainerName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastModifiedAt { get; set; }
    public string FriendlyName { get; set; } = "";
    public string? HubResourceId { get; init; }
    public string? KeyVault { get; set; }
    public string? ApplicationInsights { get; set; }
    public JsonObject Tags { get; set; } = new();

    /// <summary>Connections by name (case-insensitive): the stored body without its credentials' secrets (L.4).</summary>
    public Dictionary<string, WorkspaceConnection> Connections { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string ArmId =>
        $"/subscriptions/{SeedState.SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/{Name}";
}
