namespace PhiFineTune.Engine.Jobs;

/// <summary>How a wait for jobs polls and when it gives up.</summary>
public sealed class JobWaitOptions
{
    public required TimeSpan Interval { get; init; }
    /// <summary>Null waits until every job ends.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Requests in flight at once across all jobs.</summary>
    public int Parallelism { get; init; } = 16;
}
