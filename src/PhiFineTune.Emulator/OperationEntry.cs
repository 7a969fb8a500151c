namespace PhiFineTune.Emulator;

/// <summary>One stored create or delete operation of a serverless endpoint (C.5); mutated under the shared lock only.</summary>
internal sealed class OperationEntry(string id, string kind, string endpointName, DateTimeOffset startTime, DateTimeOffset doneAt, bool failed)
{
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";

    public string Id { get; } = id;
    public string Kind { get; } = kind;
    public string EndpointName { get; } = endpointName;
    public DateTimeOffset StartTime { get; } = startTime;
    public DateTimeOffset DoneAt { get; } = doneAt;
    public bool Fails { get; } = failed;
    public DateTimeOffset? CanceledAt { get; set; }

    /// <summary>The stored status: <see cref="InProgress"/> until the clock's advance reaches <see cref="DoneAt"/>, or a delete cancels it.</summary>
    public string Status { get; set; } = InProgress;
}
