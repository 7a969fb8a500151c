using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>What MLflow and run history show for a job: its run (run id = job name, G.1).</summary>
public sealed record RunView(string Workspace, string RunId, string ExperimentName, JsonObject JobProperties, JobTimeline Timeline,
    IReadOnlyList<MetricPoint> Metrics, DataCheckFailure? Error);
