namespace PhiFineTune.Engine.Projects;

/// <summary>
/// One thing Remove-FineTuneProject deletes, in order, or keeps (with why): a deployment, a model, the project, and with
/// -IncludeHub the hub's connection, the hub and its dependencies.
/// </summary>
public sealed class ProjectRemovalItem
{
    public required string ResourceType { get; init; }
    public required string Name { get; init; }
    public required string ResourceId { get; init; }
    /// <summary>Null when the item is deleted; otherwise why it is kept.</summary>
    public string? KeptBecause { get; init; }
    /// <summary>The project's connection, for its deployments and models.</summary>
    internal FineTuneConnection? Project { get; init; }

    /// <summary>"hub" or "project" for a workspace; null reads the resource type.</summary>
    internal string? Label { get; init; }

    /// <summary>"deployment faq-chat", "hub phi-hub", "key vault kv-hub-1a2b3c4d", …</summary>
    public string Description => $"{Label ?? ProjectResourceTypes.Describe(ResourceType)} {Name}";

    public override string ToString() => KeptBecause is null ? $"{Description} ({ResourceId})" : $"{Description}: kept, {KeptBecause}";
}
