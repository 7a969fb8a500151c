using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>One stored workspace model version (B.6).</summary>
internal sealed record ModelVersionEntry(string Version, DateTimeOffset CreatedAt, JsonObject Properties);
