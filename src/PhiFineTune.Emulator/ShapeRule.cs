namespace PhiFineTune.Emulator;

/// <summary>
/// Properties of a resource body that only some api-versions define (ApiVersions.json "shapes"). An answer to any
/// other api-version leaves them out, so a client gets the shape of the version it asked for.
/// </summary>
/// <param name="Name">A short name for the difference (docs/contracts/api-versions.md uses it).</param>
/// <param name="Properties">Dotted paths in the resource body, e.g. "properties.hubResourceId".</param>
/// <param name="ApiVersions">The api-versions whose spec defines the properties.</param>
/// <param name="Source">Where the version list comes from.</param>
public sealed record ShapeRule(string Name, string[] Properties, string[] ApiVersions, string Source);
