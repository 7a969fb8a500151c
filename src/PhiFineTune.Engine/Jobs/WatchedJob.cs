namespace PhiFineTune.Engine.Jobs;

/// <summary>One job of a wait: as last read, when it is polled next, and how far it has been handed over.</summary>
internal sealed class WatchedJob(FineTuneJob job)
{
    public FineTuneJob Job = job;
    public TimeSpan NextPoll = TimeSpan.Zero;
    /// <summary>The job reads terminal; its run is read next, then it is handed over.</summary>
    public bool Ended = job.IsTerminal;
    public bool ReadRunNext;
    public bool Finished;
    public bool Handed;
    public bool BarClosed;
}
