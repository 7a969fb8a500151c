namespace PhiFineTune.Emulator;

/// <summary>A resource type entry of a seeded provider (contract A.2, ProviderResourceType).</summary>
public sealed record ResourceTypeSeed(string ResourceType, string[] Locations, string[] ApiVersions, string Capabilities);
