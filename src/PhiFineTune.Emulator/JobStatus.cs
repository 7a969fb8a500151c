namespace PhiFineTune.Emulator;

/// <summary>JobStatus values the emulator uses (contract B.4).</summary>
public static class JobStatus
{
    public const string NotStarted = "NotStarted";
    public const string Queued = "Queued";
    public const string Preparing = "Preparing";
    public const string Running = "Running";
    public const string Finalizing = "Finalizing";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string CancelRequested = "CancelRequested";
    public const string Canceled = "Canceled";

    public static bool IsTerminal(string status) => status is Completed or Failed or Canceled;
}
