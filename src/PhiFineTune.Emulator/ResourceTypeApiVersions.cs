namespace PhiFineTune.Emulator;

/// <summary>One resource type of ApiVersions.json: what Providers_Get lists for it and what the emulator accepts.</summary>
/// <param name="ResourceType">The type below the namespace, e.g. "workspaces/datastores".</param>
/// <param name="Served">Whether the emulator serves operations on this type (the others are only listed by Providers_Get).</param>
/// <param name="ApiVersions">Newest first.</param>
/// <param name="Locations">Display names, as Providers_Get returns them.</param>
/// <param name="Capabilities">ProviderResourceType.capabilities (contract A.2).</param>
/// <param name="Source">Where the api-version list comes from.</param>
/// <param name="Shapes">Properties that only some of the api-versions define.</param>
public sealed record ResourceTypeApiVersions(
    string ResourceType,
    bool Served,
    string[] ApiVersions,
    string[] Locations,
    string Capabilities,
    string Source,
    ShapeRule[]? Shapes);
