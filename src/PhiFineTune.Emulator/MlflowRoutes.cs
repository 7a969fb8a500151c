using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// MLflow tracking (contract G.2) under the workspace's mlFlowTrackingUri path, and the emulator-defined run-history
/// details route (G.1). The run id is the job name. Metrics come from <see cref="JobStore"/>'s clock.
/// </summary>
public static class MlflowRoutes
{
    /// <summary>https:// + the mlFlowTrackingUri's host and path + /api/2.0/mlflow (G.2 REST base).</summary>
    public const string MlflowBase = "/mlflow/v1.0" + WorkspaceRoutes.WorkspacePattern + "/api/2.0/mlflow";

    /// <summary>Run-history path prefix (G.1); the host is the discovery document's "api" URL, i.e. the emulator.</summary>
    public const string HistoryBase = "/history/v1.0" + WorkspaceRoutes.WorkspacePattern;

    // Emulator choice: max_results defaults (MLflow's documented defaults are not in the contract).
    private const int DefaultHistoryPage = 25000;
    private const int DefaultSearchPage = 1000;

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Mlflow_RunsGet", "GET", MlflowBase + "/runs/get", Mlflow(async ctx =>
        {
            var run = FindRun(ctx, state);
            await ArmJson.Write(ctx, 200, new JsonObject { ["run"] = Render(run) });
        }));

        app.MapArm("Mlflow_MetricsGetHistory", "GET", MlflowBase + "/metrics/get-history", Mlflow(async ctx =>
        {
            var run = FindRun(ctx, state);
            var key = ctx.Request.Query["metric_key"].ToString();
            if (key.Length == 0)
            {
                throw InvalidParameter("Missing value for required parameter 'metric_key'.");
            }
            var points = run.Metrics.Where(m => m.Key == key).ToList();
            var (skip, take) = Page(ctx.Request.Query["page_token"].ToString(), ctx.Request.Query["max_results"].ToString(), DefaultHistoryPage);
            var body = new JsonObject { ["metrics"] = new JsonArray(points.Skip(skip).Take(take).Select(Metric).ToArray<JsonNode?>()) };
            // Emulator choice: next_page_token is left out on the last page.
            if (skip + take < points.Count)
            {
                body["next_page_token"] = Paging.Token(skip + take);
            }
            await ArmJson.Write(ctx, 200, body);
        }));

        // Emulator choice: experiment_ids filters; "filter" may be empty or name tags.mlflow.parentRunId (the emulator's
        // runs have no child runs, so that finds none); other filters are a 400. Newest run first (G.2: start_time desc).
        app.MapArm("Mlflow_RunsSearch", "POST", MlflowBase + "/runs/search", Mlflow(async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var body = await ArmJson.ReadBody(ctx) as JsonObject ?? new JsonObject();
            var runs = state.Jobs.ListRuns(ws);
            if (body["experiment_ids"] is JsonArray ids && ids.Count > 0)
            {
                var wanted = ids.Select(i => i?.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                runs = runs.Where(r => wanted.Contains(ExperimentId(r.Workspace, r.ExperimentName))).ToList();
            }
            var filter = body["filter"]?.ToString() ?? "";
            if (filter.Contains("mlflow.parentRunId", StringComparison.Ordinal))
            {
                runs = new List<RunView>();
            }
            else if (filter.Trim().Length > 0)
            {
                throw InvalidParameter($"The emulator supports no search filter except tags.mlflow.parentRunId, not '{filter}'.");
            }
            var (skip, take) = Page(body["page_token"]?.ToString() ?? "", body["max_results"]?.ToString() ?? "", DefaultSearchPage);
            var result = new JsonObject { ["runs"] = new JsonArray(runs.Skip(skip).Take(take).Select(r => (JsonNode?)Render(r)).ToArray()) };
            if (skip + take < runs.Count)
            {
                result["next_page_token"] = Paging.Token(skip + take);
            }
            await ArmJson.Write(ctx, 200, result);
        }));

        // Emulator choice (G.1, emulator-defined): run details with the failure, for clients that follow the Python
        // SDK's run-history path. {runId, status (the Azure ML job status), startTimeUtc, endTimeUtc, warnings,
        // logFiles, error: {code, message} (only when Failed)}. Errors are ARM-shaped with x-ms-error-code.
        app.MapArm("RunHistory_GetDetails", "GET", HistoryBase + "/runs/{runId}/details", async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var runId = ctx.Route("runId");
            var run = state.Jobs.GetRun(ws, runId) ?? throw new ArmException(404, "NotFound", $"Run '{runId}' was not found in workspace '{ws}'.",
                new Dictionary<string, string> { ["x-ms-error-code"] = "NotFound" });
            var details = new JsonObject
            {
                ["runId"] = run.RunId,
                ["status"] = run.Timeline.Status,
                ["startTimeUtc"] = run.Timeline.StartTime is { } s ? SystemData.Iso(s) : null,
                ["endTimeUtc"] = run.Timeline.EndTime is { } e ? SystemData.Iso(e) : null,
                ["warnings"] = new JsonArray(),
                ["logFiles"] = new JsonObject(),
            };
            if (run.Error is not null)
            {
                details["error"] = new JsonObject { ["code"] = run.Error.Code, ["message"] = run.Error.Message };
            }
            await ArmJson.Write(ctx, 200, details);
        });
    }

    /// <summary>G.2 status mapping, upper case on the wire (Emulator choice). Finalizing and CancelRequested are still in progress.</summary>
    public static string MlflowStatus(string status) => status switch
    {
        JobStatus.NotStarted or JobStatus.Queued or JobStatus.Preparing => "SCHEDULED",
        JobStatus.Completed => "FINISHED",
        JobStatus.Failed => "FAILED",
        JobStatus.Canceled => "KILLED",
        _ => "RUNNING",
    };

    /// <summary>Emulator choice: experiment ids are GUID strings (G.2) derived from workspace and experiment name.</summary>
    public static string ExperimentId(string ws, string experimentName) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(ws.ToLowerInvariant() + "/" + experimentName))).ToString();

    private static JsonObject Render(RunView run)
    {
        var p = run.JobProperties;
        var info = new JsonObject
        {
            ["run_id"] = run.RunId,
            ["run_uuid"] = run.RunId,
            ["experiment_id"] = ExperimentId(run.Workspace, run.ExperimentName),
            ["run_name"] = (string?)p["displayName"] ?? run.RunId,
            ["user_id"] = SeedState.EmulatorUserName,
            ["status"] = MlflowStatus(run.Timeline.Status),
        };
        if (run.Timeline.StartTime is { } start)
        {
            info["start_time"] = start.ToUnixTimeMilliseconds();
        }
        if (run.Timeline.EndTime is { } end)
        {
            info["end_time"] = end.ToUnixTimeMilliseconds();
        }
        info["artifact_uri"] = $"azureml://experiments/{run.ExperimentName}/runs/{run.RunId}/artifacts";
        info["lifecycle_stage"] = "active";

        // data.metrics: the latest value per key (G.2).
        var latest = run.Metrics.GroupBy(m => m.Key).Select(g => Metric(g.Last())).ToArray<JsonNode?>();
        var parameters = new JsonArray();
        if (p["fineTuningDetails"]?["hyperParameters"] is JsonObject hp)
        {
            foreach (var (key, value) in hp)
            {
                parameters.Add(new JsonObject { ["key"] = key, ["value"] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() });
            }
        }
        var tags = new JsonArray();
        if (p["tags"] is JsonObject jobTags)
        {
            foreach (var (key, value) in jobTags)
            {
                tags.Add(new JsonObject { ["key"] = key, ["value"] = (string?)value });
            }
        }
        tags.Add(new JsonObject { ["key"] = "mlflow.runName", ["value"] = (string?)info["run_name"] });
        tags.Add(new JsonObject { ["key"] = "mlflow.user", ["value"] = SeedState.EmulatorUserName });
        if (run.Error is not null)
        {
            // Emulator choice (G.1): the failure, readable without run history.
            tags.Add(new JsonObject { ["key"] = "mlflow.note.content", ["value"] = $"{run.Error.Code}: {run.Error.Message}" });
        }
        return new JsonObject
        {
            ["info"] = info,
            ["data"] = new JsonObject { ["metrics"] = new JsonArray(latest), ["params"] = parameters, ["tags"] = tags },
        };
    }

    private static JsonObject Metric(MetricPoint m) => new()
    {
        ["key"] = m.Key,
        ["value"] = m.Value,
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    private static RunView FindRun(HttpContext ctx, EmulatorState state)
    {
        var ws = ArmLookup.Workspace(ctx).Name;
        var runId = ctx.Request.Query["run_id"].ToString();
        if (runId.Length == 0)
        {
            runId = ctx.Request.Query["run_uuid"].ToString();
        }
        if (runId.Length == 0)
        {
            throw InvalidParameter("Missing value for required parameter 'run_id'.");
        }
        return state.Jobs.GetRun(ws, runId) ?? throw new ArmException(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found.");
    }

    private static (int Skip, int Take) Page(string token, string maxResults, int fallback)
    {
        var skip = Paging.Offset(token) ?? throw InvalidParameter($"Invalid page token '{token}'.");
        var take = fallback;
        if (maxResults.Length > 0 && (!int.TryParse(maxResults, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1))
        {
            throw InvalidParameter($"Invalid value '{maxResults}' for parameter 'max_results'; expected a positive integer.");
        }
        return (skip, take);
    }

    private static ArmException InvalidParameter(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    /// <summary>
    /// MLflow error body (G.2 Emulator choice): <c>{"error_code","message"}</c>. An ArmException from the handler
    /// (including the workspace lookup) is rewritten to it; a 404 becomes RESOURCE_DOES_NOT_EXIST. Pipeline answers
    /// (401, injected faults) keep the ARM shape.
    /// </summary>
    private static RequestDelegate Mlflow(RequestDelegate handler) => async ctx =>
    {
        try
        {
            await handler(ctx);
        }
        catch (ArmException e) when (!ctx.Response.HasStarted)
        {
            var code = e.Status switch
            {
                404 => "RESOURCE_DOES_NOT_EXIST",
                400 when e.Code.Contains('_') => e.Code,
                400 => "INVALID_PARAMETER_VALUE",
                _ => e.Code,
            };
            await ArmJson.Write(ctx, e.Status, new JsonObject { ["error_code"] = code, ["message"] = e.Message });
        }
    };
}
