using System.Globalization;
using System.Text.Json;
using Azure.Core;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Jobs;

/// <summary>
/// The MLflow tracking API of the workspace (contract G.2). The run id is the job name; times and the failure reason
/// are read here because the ARM job object has neither (G.1).
/// </summary>
public static class JobRuns
{
    public const string TrainingLoss = "loss";
    public const string ValidationLoss = "eval_loss";
    // Where a run's failure reason is written (contract G.1: the run's note tag).
    const string NoteTag = "mlflow.note.content";
    const int PageSize = 1000;

    /// <summary>The run of the job, or null when the service has none (yet).</summary>
    public static async Task<RunSummary?> GetAsync(FineTuneConnection connection, string jobName,
        CancellationToken cancellationToken)
    {
        var address = Address(connection, "runs/get", ("run_id", jobName));
        using var answer = await connection.Clients().Arm.SendAsync(RequestMethod.Get, address, null,
            new ArmCall("GetFineTuneJobRun", jobName), cancellationToken, allowNotFound: true).ConfigureAwait(false);
        if (answer.Body is not { } body || !body.TryGetProperty("run", out var run)) return null;
        var info = run.TryGetProperty("info", out var i) ? i : default;
        var data = run.TryGetProperty("data", out var d) ? d : default;
        var status = JsonRead.String(info, "status");
        return new RunSummary(
            status,
            Milliseconds(info, "start_time"),
            Milliseconds(info, "end_time"),
            status is "FAILED" ? Tag(data, NoteTag) ?? "The service gave no reason; see the job's Studio link." : null,
            LatestMetric(data, TrainingLoss),
            LatestMetric(data, ValidationLoss));
    }

    /// <summary>Every logged value of one metric, by step, following the service's pages.</summary>
    public static async IAsyncEnumerable<FineTuneJobMetric> HistoryAsync(FineTuneConnection connection, string jobName,
        string metric, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var page = new List<FineTuneJobMetric>();
            var address = Address(connection, "metrics/get-history", ("run_id", jobName), ("metric_key", metric),
                ("max_results", PageSize.ToString(CultureInfo.InvariantCulture)), ("page_token", pageToken));
            using (var answer = await connection.Clients().Arm.SendAsync(RequestMethod.Get, address, null,
                       new ArmCall("GetFineTuneJobMetric", jobName), cancellationToken, allowNotFound: true).ConfigureAwait(false))
            {
                if (answer.Status == 404)
                {
                    throw new FineTuneException("GetFineTuneJobMetricNotFound", FailureKind.NotFound,
                        $"The job '{jobName}' has no MLflow run yet: metrics appear once it is running.", jobName,
                        ActionTexts.WaitForRunningJob);
                }
                var body = answer.Body!.Value;
                if (body.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
                {
                    foreach (var point in metrics.EnumerateArray())
                    {
                        page.Add(new FineTuneJobMetric
                        {
                            JobName = jobName,
                            Metric = JsonRead.String(point, "key") ?? metric,
                            Kind = metric == ValidationLoss ? "Validation" : "Training",
                            Step = (long)(JsonRead.Number(point, "step") ?? 0),
                            Value = JsonRead.Number(point, "value") ?? double.NaN,
                            Timestamp = Milliseconds(point, "timestamp") ?? default,
                        });
                    }
                }
                pageToken = JsonRead.String(body, "next_page_token") is { Length: > 0 } token ? token : null;
            }
            foreach (var point in page) yield return point;
        } while (pageToken is not null);
    }

    /// <summary>The job with what its run says added.</summary>
    public static FineTuneJob WithRun(FineTuneJob job, RunSummary? run) => run is null ? job : job with
    {
        StartedAt = run.StartedAt,
        FinishedAt = FineTuneJobStatus.IsTerminal(job.Status) ? run.FinishedAt : null,
        Error = string.Equals(job.Status, FineTuneJobStatus.Failed, StringComparison.OrdinalIgnoreCase) ? run.Error : null,
        LatestLoss = run.LatestLoss ?? job.LatestLoss,
    };

    static Uri Address(FineTuneConnection connection, string endpoint, params (string Name, string? Value)[] query)
    {
        var session = connection.Clients();
        var root = session.MlflowBase ?? throw new FineTuneException("NoTrackingUri", FailureKind.InvalidOperation,
            $"The workspace '{connection.WorkspaceName}' reports no MLflow tracking URI, where job metrics are kept.",
            connection.ResourceId, "Check the workspace in the Azure AI Foundry portal.");
        var uri = new RequestUriBuilder();
        uri.Reset(new Uri(root, "api/2.0/mlflow/" + endpoint));
        foreach (var (name, value) in query)
        {
            if (value is not null) uri.AppendQuery(name, value);
        }
        return uri.ToUri();
    }

    static double? LatestMetric(JsonElement data, string key)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("metrics", out var metrics) ||
            metrics.ValueKind != JsonValueKind.Array) return null;
        foreach (var metric in metrics.EnumerateArray())
        {
            if (JsonRead.String(metric, "key") == key && JsonRead.Number(metric, "value") is { } value) return value;
        }
        return null;
    }

    static string? Tag(JsonElement data, string key)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("tags", out var tags) ||
            tags.ValueKind != JsonValueKind.Array) return null;
        return tags.EnumerateArray().Where(t => JsonRead.String(t, "key") == key).Select(t => JsonRead.String(t, "value")).FirstOrDefault();
    }

    static DateTimeOffset? Milliseconds(JsonElement element, string name) =>
        JsonRead.Number(element, name) is { } ms && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
}
