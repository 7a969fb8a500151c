using System.Text.Json;
using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// The tag New-FineTuneProject puts on every resource it creates, and by which Remove-FineTuneProject -IncludeHub
/// tells its own resources from ones that existed before (those it never deletes).
/// </summary>
public static class ProjectTags
{
    public const string Name = "createdBy";
    public const string Value = "PhiFineTune";

    internal static JsonObject Tags() => new() { [Name] = Value };

    /// <summary>True when the resource's tags hold createdBy=PhiFineTune (names and value compared ignoring case).</summary>
    internal static bool IsOurs(JsonElement resource)
    {
        var tags = JsonRead.Object(resource, "tags");
        if (tags.ValueKind != JsonValueKind.Object) return false;
        return tags.EnumerateObject().Any(t => string.Equals(t.Name, Name, StringComparison.OrdinalIgnoreCase) &&
            t.Value.ValueKind == JsonValueKind.String && string.Equals(t.Value.GetString(), Value, StringComparison.OrdinalIgnoreCase));
    }
}
