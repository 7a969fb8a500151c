namespace PhiFineTune.Engine.Arm;

/// <summary>The three terminal values of provisioningState and of an operation's status (contract C.5).</summary>
internal static class ProvisioningStates
{
    public const string Succeeded = "Succeeded";

    public static bool IsTerminal(string? state) =>
        string.Equals(state, Succeeded, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, "Failed", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, "Canceled", StringComparison.OrdinalIgnoreCase);
}
