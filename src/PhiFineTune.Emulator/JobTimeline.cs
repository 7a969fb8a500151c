namespace PhiFineTune.Emulator;

/// <summary>Where a job is at one instant: what the clock last stored for it (see <see cref="JobStore"/>).</summary>
/// <param name="StartTime">When it was queued (G.2: Azure ML's start_time), once it has been.</param>
/// <param name="EndTime">When it reached its terminal status, if it has.</param>
/// <param name="MetricsUntil">Metric points logged at or before this instant exist.</param>
public sealed record JobTimeline(string Status, DateTimeOffset? StartTime, DateTimeOffset? EndTime, DateTimeOffset RunningAt,
    DateTimeOffset MetricsUntil, TimeSpan Step);
