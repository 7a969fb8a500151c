namespace PhiFineTune.Engine.Jobs;

/// <summary>The job, and whether this call created it (false: a job of that name and the same inputs existed).</summary>
public sealed record JobCreation(FineTuneJob Job, bool Created);
