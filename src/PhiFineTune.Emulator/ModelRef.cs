namespace PhiFineTune.Emulator;

/// <summary>A deployable model version named by a serverless endpoint's modelId (B.6, B.8).</summary>
/// <param name="Workspace">The workspace that holds the model (the modelId's workspaceId); empty for a registry model.</param>
/// <param name="FromRegistry">A base model of the azureml registry, deployed by its id without a version (B.8).</param>
public sealed record ModelRef(string Workspace, string Name, string Version, bool FromRegistry = false);
