namespace PhiFineTune;

/// <summary>One Azure resource of a project: the resource group, a hub dependency, the hub, its connection, the project.</summary>
public sealed class FineTuneProjectResource
{
    /// <summary>The ARM resource type, e.g. Microsoft.Storage/storageAccounts.</summary>
    public required string ResourceType { get; init; }
    public required string Name { get; init; }
    public required string ResourceId { get; init; }
    public required ProjectResourceState State { get; init; }
    /// <summary>True when the resource carries the tag PhiFineTune puts on what it creates (createdBy=PhiFineTune).</summary>
    public required bool CreatedByPhiFineTune { get; init; }

    public override string ToString() => $"{ResourceType} {Name} ({State})";
}
