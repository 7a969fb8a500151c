namespace PhiFineTune.Emulator;

/// <summary>A deployable model version named by a serverless endpoint's modelId (B.6, B.8).</summary>
/// <param name="Workspace">The seeded workspace that holds the model (the modelId's workspaceId).</param>
public sealed record ModelRef(string Workspace, string Name, string Version);
