namespace PhiFineTune;

/// <summary>A hyperparameter sweep: the fine-tuning jobs of the workspace that carry its name in their sweep tag.</summary>
public sealed class FineTuneSweep
{
    /// <summary>The tag every job of a sweep carries, with the sweep's name as its value.</summary>
    public const string TagName = "phifinetune.sweep";

    public required string Name { get; init; }
    public string? BaseModel { get; init; }
    public required int JobCount { get; init; }
    public required int Completed { get; init; }
    /// <summary>Jobs that have not ended yet.</summary>
    public required int Active { get; init; }
    /// <summary>Jobs that failed or were canceled.</summary>
    public required int Failed { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The sweep's jobs, oldest first; they pipe to Wait-FineTuneJob and Compare-FineTuneJob.</summary>
    public required IReadOnlyList<FineTuneJob> Jobs { get; init; }
    public required FineTuneConnection Connection { get; init; }

    public override string ToString() => $"{Name}: {JobCount} jobs, {Completed} completed";
}
