using System.Text.Json.Serialization;

namespace PhiFineTune.Engine.Models;

/// <summary>Reads the catalogue's models without reflection, so the first look-up stays fast; a key it does not know is an error.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FineTuneBaseModel[]))]
internal sealed partial class BaseModelCatalogJsonContext : JsonSerializerContext
{
}
