using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>A workspace connection as stored (L.4): its name and properties; the credentials are never kept or echoed.</summary>
public sealed record WorkspaceConnection(string Name, JsonObject Properties, DateTimeOffset CreatedAt);
