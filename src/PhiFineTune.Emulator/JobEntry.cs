using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>One stored fine-tuning job (see <see cref="JobStore"/>); mutated under the shared lock only.</summary>
internal sealed class JobEntry(string workspace, string name, JsonObject properties, DateTimeOffset createdAt, int stepMs, long seq,
    string? trainingUri, string? validationUri)
{
    public string Workspace { get; } = workspace;
    public string Name { get; } = name;
    public JsonObject Properties { get; } = properties;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public TimeSpan Step { get; } = TimeSpan.FromMilliseconds(stepMs);
    public long Seq { get; } = seq;
    public string? TrainingUri { get; } = trainingUri;
    public string? ValidationUri { get; } = validationUri;
    public DateTimeOffset RunningAt => CreatedAt + Step * 3;
    public DateTimeOffset LastModifiedAt { get; set; } = createdAt;
    public DateTimeOffset? CancelAt { get; set; }
    public string? CancelOperationId { get; set; }
    public bool Checked { get; set; }
    public DataCheckFailure? Failure { get; set; }
    /// <summary>The training examples, read with the data check; the registered model answers from them.</summary>
    public IReadOnlyList<TrainedExample> Training { get; set; } = [];
    public bool ModelRegistered { get; set; }

    /// <summary>The instant the clock last moved this job to.</summary>
    public DateTimeOffset AdvancedAt { get; set; } = createdAt;

    /// <summary>Where the job was at <see cref="AdvancedAt"/>: what every read shows.</summary>
    public JobTimeline View { get; set; } = new(JobStatus.NotStarted, null, null, createdAt + TimeSpan.FromMilliseconds(stepMs) * 3, createdAt,
        TimeSpan.FromMilliseconds(stepMs));
}
