using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>One stored resource group (see <see cref="ResourceGroupStore"/>); mutated under the shared lock only.</summary>
internal sealed class ResourceGroupEntry(string name, ResourceGroupRequest request)
{
    public string Name { get; } = name;

    /// <summary>The normalised location name ("eastus2"); it cannot change after creation (contract J.2).</summary>
    public string Location { get; } = request.Location;

    /// <summary>The tags as last sent; null when no request carried any (then the answer has no "tags").</summary>
    public JsonObject? Tags { get; set; } = request.Tags;

    public string? ManagedBy { get; set; } = request.ManagedBy;

    public string? DeleteOperationId { get; set; }

    /// <summary>When a running delete ends (the clock's advance then removes the group).</summary>
    public DateTimeOffset? DeleteDoneAt { get; set; }

    /// <summary>Set by the clock's advance when the delete has ended and the group is gone.</summary>
    public bool Deleted { get; set; }

    public string ProvisioningState => DeleteOperationId is null ? "Succeeded" : "Deleting";
}
