namespace PhiFineTune.Emulator;

/// <summary>A seeded Azure ML workspace (contract D.1).</summary>
public sealed record WorkspaceSeed(
    string Name,
    string Kind,
    string WorkspaceId,
    string PrincipalId,
    string FriendlyName,
    string? HubWorkspaceName);
