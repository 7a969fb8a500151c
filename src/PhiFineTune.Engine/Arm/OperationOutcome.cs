namespace PhiFineTune.Engine.Arm;

/// <summary>The end of a long-running operation: its terminal status and, when it failed, why (contract C.5).</summary>
internal sealed record OperationOutcome(string Status, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => string.Equals(Status, ProvisioningStates.Succeeded, StringComparison.OrdinalIgnoreCase);
}
