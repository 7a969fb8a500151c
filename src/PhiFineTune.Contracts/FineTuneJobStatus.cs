namespace PhiFineTune;

/// <summary>Job statuses the module acts on (contract B.4); the service may send others.</summary>
public static class FineTuneJobStatus
{
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";
    public const string CancelRequested = "CancelRequested";
    public const string Running = "Running";

    /// <summary>Completed, Failed and Canceled end a job (contract B.4).</summary>
    public static bool IsTerminal(string? status) =>
        string.Equals(status, Completed, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(status, Failed, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(status, Canceled, StringComparison.OrdinalIgnoreCase);
}
