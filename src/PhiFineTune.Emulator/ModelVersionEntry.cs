using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>One stored workspace model version (B.6), with what it learned from its job's data (Emulator choice, H.4).</summary>
internal sealed record ModelVersionEntry(string Version, DateTimeOffset CreatedAt, JsonObject Properties, ModelMemory Memory);
