using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>One stored tracked resource of <see cref="TrackedResourceStore"/>: its group, name and the body GET answers.</summary>
public sealed record TrackedResource(string ResourceType, string ResourceGroup, string Name, JsonObject Body);
