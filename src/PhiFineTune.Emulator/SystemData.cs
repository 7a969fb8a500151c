using System.Globalization;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>ARM timestamps and the systemData block of the resources the emulator stores (jobs, models, endpoints).</summary>
public static class SystemData
{
    /// <summary>ISO 8601 UTC with milliseconds, as the emulator writes every timestamp.</summary>
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A systemData block: created and last modified by the emulator's user.</summary>
    public static JsonObject Of(DateTimeOffset created, DateTimeOffset modified) => new()
    {
        ["createdAt"] = Iso(created),
        ["createdBy"] = SeedState.EmulatorUserName,
        ["createdByType"] = "User",
        ["lastModifiedAt"] = Iso(modified),
        ["lastModifiedBy"] = SeedState.EmulatorUserName,
        ["lastModifiedByType"] = "User",
    };
}
