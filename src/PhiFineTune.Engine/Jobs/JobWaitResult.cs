namespace PhiFineTune.Engine.Jobs;

/// <summary>The jobs that had not ended when the wait stopped, as they stood, and whether it timed out.</summary>
public sealed record JobWaitResult(IReadOnlyList<FineTuneJob> Unfinished, bool TimedOut);
