using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>A checked ResourceGroup request body (contract J.2): the normalised location, the tags (null when absent), managedBy.</summary>
public sealed record ResourceGroupRequest(string Location, JsonObject? Tags, string? ManagedBy);
