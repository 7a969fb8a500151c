namespace PhiFineTune.Engine.Workspaces;

/// <summary>What a connection keeps of a Workspaces_Get answer (contract D.1); any field may be missing.</summary>
internal sealed record WorkspaceDetails(string? Id, string? Name, string? Kind, string? Location, string? WorkspaceId,
    string? HubResourceId, string? MlflowTrackingUri);
