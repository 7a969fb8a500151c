namespace PhiFineTune.Emulator;

/// <summary>One provider of ApiVersions.json and its resource types.</summary>
public sealed record ProviderApiVersions(string Namespace, ResourceTypeApiVersions[] ResourceTypes);
