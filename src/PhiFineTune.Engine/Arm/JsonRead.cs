using System.Globalization;
using System.Text.Json;

namespace PhiFineTune.Engine.Arm;

/// <summary>Tolerant readers of ARM JSON: a missing or mistyped field reads as null.</summary>
internal static class JsonRead
{
    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.Object ? value : default;

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    public static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static DateTimeOffset? Time(JsonElement element, string name) =>
        String(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public static IEnumerable<JsonElement> Values(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("value", out var value) &&
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>The page's nextLink (contract C.7), or null on the last page.</summary>
    public static Uri? NextLink(JsonElement page) =>
        String(page, "nextLink") is { Length: > 0 } link ? new Uri(link) : null;
}
