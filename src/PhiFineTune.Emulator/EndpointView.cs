namespace PhiFineTune.Emulator;

/// <summary>What inference needs to know about one endpoint, copied out under the lock.</summary>
public sealed record EndpointView(string Workspace, string Name, string ProvisioningState, string EndpointState, string ModelName,
    bool ContentSafetyEnabled, string PrimaryKey, string SecondaryKey, ModelMemory? Memory);
