using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>A checked Workspaces_CreateOrUpdate body (L.1).</summary>
public sealed record WorkspaceRequest(
    string Kind,
    string? Location,
    string? FriendlyName,
    string? StorageAccount,
    string? KeyVault,
    string? ApplicationInsights,
    string? HubResourceId,
    JsonObject? Tags);
