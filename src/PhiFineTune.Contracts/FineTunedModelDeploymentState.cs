namespace PhiFineTune;

/// <summary>The terminal provisioning states of ARM (contract C.5).</summary>
public static class FineTunedModelDeploymentState
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";

    public static bool IsTerminal(string? state) =>
        string.Equals(state, Succeeded, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, Failed, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(state, Canceled, StringComparison.OrdinalIgnoreCase);
}
