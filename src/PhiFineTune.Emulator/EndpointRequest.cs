using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>What a PUT asks for, after validation (B.8).</summary>
public sealed record EndpointRequest(string Location, JsonObject Tags, JsonObject Sku, string? Kind, JsonObject? Identity,
    string AuthMode, string ModelId, ModelRef Model, JsonObject ContentSafety);
