using System.Net;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>The accelerated clock, cancel, failure, model registration and MLflow metrics (B.4, B.6, G.1, G.2).</summary>
public sealed class JobLifecycleTests : JobTestBase
{
    public JobLifecycleTests(EmulatorFixture fixture) : base(fixture) { }

    private static readonly string[] Sequence = { "NotStarted", "Queued", "Preparing", "Running", "Finalizing", "Completed" };

    [Fact]
    public async Task A_job_walks_the_status_sequence_to_Completed_and_registers_its_model()
    {
        await SetJobStep(60);
        await CreateJob("ft-clock", JobBody(asset: "phi-clock-model"));
        var seen = await WaitTerminal("ft-clock");
        AssertInOrder(seen, Sequence);
        Assert.Equal("Completed", seen[^1]);
        Assert.Contains("Running", seen);

        var container = await GetJson($"{WsBase()}/models/phi-clock-model?{MlApi}");
        Assert.Equal($"{WorkspaceId(Project)}/models/phi-clock-model", (string)container["id"]!);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces/models", (string)container["type"]!);
        Assert.Equal("1", (string)container["properties"]!["latestVersion"]!);

        var version = await GetJson($"{WsBase()}/models/phi-clock-model/versions/1?{MlApi}");
        Assert.Equal($"{WorkspaceId(Project)}/models/phi-clock-model/versions/1", (string)version["id"]!);
        Assert.Equal("1", (string)version["name"]!);
        var p = version["properties"]!;
        Assert.Equal("ft-clock", (string)p["jobName"]!);
        Assert.Equal("mlflow_model", (string)p["modelType"]!);
        Assert.False(string.IsNullOrEmpty((string?)p["modelUri"]));
        Assert.Equal(JsonValueKindObject, p["flavors"]!.GetValueKind());
        Assert.Equal(PhiModel, (string)p["properties"]!["baseModelId"]!);
        Assert.Equal("true", (string)p["properties"]!["maas-finetuning"]!);
        Assert.Equal("Succeeded", (string)p["provisioningState"]!);

        var versions = await GetJson($"{WsBase()}/models/phi-clock-model/versions?{MlApi}&$orderBy=createdtime%20desc&$top=1");
        Assert.Equal("1", (string)versions["value"]![0]!["name"]!);
        var list = await GetJson($"{WsBase()}/models?{MlApi}");
        Assert.Equal("phi-clock-model", (string)list["value"]![0]!["name"]!);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;

    [Fact]
    public async Task Model_deletes_version_then_container()
    {
        await SetJobStep(5);
        await CreateJob("ft-del-model", JobBody(asset: "phi-del-model"));
        await WaitTerminal("ft-del-model");
        using (var v = await Client.DeleteAsync($"{WsBase()}/models/phi-del-model/versions/1?{MlApi}"))
        {
            Assert.Equal(HttpStatusCode.OK, v.StatusCode);
        }
        using (var v = await Client.GetAsync($"{WsBase()}/models/phi-del-model/versions/1?{MlApi}"))
        {
            await AssertArmError(v, HttpStatusCode.NotFound, "ResourceNotFound");
        }
        using (var c = await Client.DeleteAsync($"{WsBase()}/models/phi-del-model?{MlApi}"))
        {
            Assert.Equal(HttpStatusCode.OK, c.StatusCode);
        }
        using (var c = await Client.DeleteAsync($"{WsBase()}/models/phi-del-model?{MlApi}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, c.StatusCode);
        }
        using var gone = await Client.GetAsync($"{WsBase()}/models/phi-del-model?{MlApi}");
        await AssertArmError(gone, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Cancel_is_202_with_Location_then_CancelRequested_then_Canceled()
    {
        await SetJobStep(1000); // CancelRequested lasts one step: long enough to read it on a busy machine
        await CreateJob("ft-cancel");
        using var cancel = await Client.PostAsync($"{WsBase()}/jobs/ft-cancel/cancel?{MlApi}", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), cancel.Headers.RetryAfter?.Delta);
        var location = cancel.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.StartsWith(Emulator.Endpoint.ToString(), location.ToString());

        Assert.Equal("CancelRequested", await Status("ft-cancel"));
        using (var poll = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            Assert.Equal(location, poll.Headers.Location);
        }
        var seen = await WaitTerminal("ft-cancel");
        Assert.Equal("Canceled", seen[^1]);
        using (var done = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }
        // Cancelling an ended job: 200, nothing changes; no model is registered.
        using var again = await Client.PostAsync($"{WsBase()}/jobs/ft-cancel/cancel?{MlApi}", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty((await GetJson($"{WsBase()}/models?{MlApi}"))["value"]!.AsArray());

        using var missing = await Client.PostAsync($"{WsBase()}/jobs/nope/cancel?{MlApi}", null);
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task The_failure_marker_fails_the_job_at_Running_with_a_readable_error()
    {
        await SetJobStep(20);
        await CreateJob("ft-fail", JobBody(train: "azureml://datastores/workspaceblobstore/paths/emulator-fail/train.jsonl"));
        var seen = await WaitTerminal("ft-fail");
        Assert.Equal("Failed", seen[^1]);
        Assert.DoesNotContain("Running", seen);
        Assert.DoesNotContain("Completed", seen);
        Assert.Empty((await GetJson($"{WsBase()}/models?{MlApi}"))["value"]!.AsArray());

        var run = (await GetJson($"{MlflowBase()}/runs/get?run_id=ft-fail"))["run"]!;
        Assert.Equal("FAILED", (string)run["info"]!["status"]!);
        var note = run["data"]!["tags"]!.AsArray().Single(t => (string)t!["key"]! == "mlflow.note.content")!;
        Assert.StartsWith("InvalidTrainingData:", (string)note["value"]!);
        Assert.Empty(run["data"]!["metrics"]!.AsArray());

        var details = await GetJson($"history/v1.0/{WsBase()}/runs/ft-fail/details");
        Assert.Equal("Failed", (string)details["status"]!);
        Assert.Equal("InvalidTrainingData", (string)details["error"]!["code"]!);
        Assert.Contains("emulator-fail", (string)details["error"]!["message"]!);
    }

    [Fact]
    public async Task Metrics_history_grows_with_the_clock_and_pages()
    {
        await SetJobStep(150);
        await CreateJob("ft-metrics");
        var counts = new List<int>();
        string status;
        do
        {
            var history = await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-metrics&metric_key=loss");
            counts.Add(history["metrics"]!.AsArray().Count);
            status = await Status("ft-metrics");
            await Task.Delay(40);
        }
        while (status is not ("Completed" or "Failed" or "Canceled"));
        Assert.Equal(counts.OrderBy(c => c), counts); // never shrinks
        Assert.Equal(0, counts[0]);
        Assert.Contains(counts, c => c is > 0 and < 8); // seen part-way

        var all = (await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-metrics&metric_key=loss"))["metrics"]!.AsArray();
        Assert.Equal(8, all.Count);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => 10L * i), all.Select(m => (long)m!["step"]!));
        var values = all.Select(m => (double)m!["value"]!).ToList();
        Assert.True(values.Zip(values.Skip(1)).All(p => p.Second < p.First), "loss decreases");
        var stamps = all.Select(m => (long)m!["timestamp"]!).ToList();
        Assert.True(stamps.Zip(stamps.Skip(1)).All(p => p.Second > p.First));
        Assert.InRange(stamps[0], DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        // Deterministic: the same inputs give the same values (LossCurve).
        var again = (await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-metrics&metric_key=loss"))["metrics"]!.AsArray();
        Assert.Equal(values, again.Select(m => (double)m!["value"]!));

        // Paging: 3 + 3 + 2.
        var paged = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-metrics&metric_key=eval_loss&max_results=3" +
                                     (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
            pages++;
            paged.AddRange(page["metrics"]!.AsArray().Select(m => (long)m!["step"]!));
            token = (string?)page["next_page_token"];
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => 10L * i), paged);

        var run = (await GetJson($"{MlflowBase()}/runs/get?run_id=ft-metrics"))["run"]!;
        var info = run["info"]!;
        Assert.Equal("ft-metrics", (string)info["run_id"]!);
        Assert.Equal("FINISHED", (string)info["status"]!);
        Assert.True((long)info["end_time"]! > (long)info["start_time"]!);
        Assert.True(Guid.TryParse((string)info["experiment_id"]!, out _));
        var latest = run["data"]!["metrics"]!.AsArray();
        Assert.Equal(new[] { "eval_loss", "loss" }, latest.Select(m => (string)m!["key"]!).Order());
        Assert.All(latest, m => Assert.Equal(80L, (long)m!["step"]!));
        Assert.Contains(run["data"]!["params"]!.AsArray(), p => (string)p!["key"]! == "learning_rate" && (string)p["value"]! == "0.00002");

        var search = await PostJson($"{MlflowBase()}/runs/search", "{\"max_results\":10}");
        Assert.Equal("ft-metrics", (string)search["runs"]![0]!["info"]!["run_id"]!);
    }

    [Fact]
    public async Task The_losses_follow_the_jobs_hyperparameters_by_the_loss_curve()
    {
        await SetJobStep(5);
        var bodies = new Dictionary<string, JsonObject>();
        foreach (var (name, epochs, rate) in new[] { ("ft-e1", "1", "0.00002"), ("ft-e2", "2", "0.00002"), ("ft-e2-fast", "2", "0.0001") })
        {
            var body = JobBody(asset: name);
            var hyper = body["properties"]!["fineTuningDetails"]!["hyperParameters"]!;
            hyper["num_train_epochs"] = epochs;
            hyper["learning_rate"] = rate;
            bodies[name] = (JsonObject)body.DeepClone();
            await CreateJob(name, body);
        }
        var finals = new Dictionary<string, double>();
        foreach (var (name, body) in bodies)
        {
            await WaitTerminal(name);
            var curve = LossCurve.Of((JsonObject)body["properties"]!);
            var eval = (await GetJson($"{MlflowBase()}/metrics/get-history?run_id={name}&metric_key=eval_loss"))["metrics"]!.AsArray();
            var loss = (await GetJson($"{MlflowBase()}/metrics/get-history?run_id={name}&metric_key=loss"))["metrics"]!.AsArray();
            Assert.Equal(Enumerable.Range(1, 8).Select(i => Math.Round(curve.Validation(i / 8.0), 6)), eval.Select(m => (double)m!["value"]!));
            Assert.Equal(Enumerable.Range(1, 8).Select(i => Math.Round(curve.Training(i / 8.0), 6)), loss.Select(m => (double)m!["value"]!));
            finals[name] = (double)eval[^1]!["value"]!;
        }
        // What the rule predicts for this data: a second epoch helps, and so does the faster rate.
        Assert.True(finals["ft-e2"] < finals["ft-e1"]);
        Assert.True(finals["ft-e2-fast"] < finals["ft-e2"]);
    }

    [Fact]
    public async Task No_eval_loss_without_validation_data_and_MLflow_errors()
    {
        await SetJobStep(5);
        await CreateJob("ft-noval", JobBody(validation: null));
        await WaitTerminal("ft-noval");
        var eval = await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-noval&metric_key=eval_loss");
        Assert.Empty(eval["metrics"]!.AsArray());
        Assert.Equal(8, (await GetJson($"{MlflowBase()}/metrics/get-history?run_id=ft-noval&metric_key=loss"))["metrics"]!.AsArray().Count);

        using var unknown = await Client.GetAsync($"{MlflowBase()}/runs/get?run_id=nope");
        var body = await ReadJson(unknown, HttpStatusCode.NotFound);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", (string)body["error_code"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));

        using var noKey = await Client.GetAsync($"{MlflowBase()}/metrics/get-history?run_id=ft-noval");
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)(await ReadJson(noKey, HttpStatusCode.BadRequest))["error_code"]!);

        using var noAuth = Emulator.CreateClient(bearer: null);
        using var unauthorized = await noAuth.GetAsync($"{MlflowBase()}/runs/get?run_id=ft-noval");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        using var noDetails = await Client.GetAsync($"history/v1.0/{WsBase()}/runs/nope/details");
        await AssertArmError(noDetails, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task The_mlflow_tracking_uri_of_the_workspace_leads_to_the_runs()
    {
        await CreateJob("ft-uri");
        var tracking = (string)(await GetJson(WorkspacePath(Project)))["properties"]!["mlFlowTrackingUri"]!;
        var rest = "https://" + tracking["azureml://".Length..] + "/api/2.0/mlflow/runs/get?run_id=ft-uri";
        var run = (await GetJson(rest))["run"]!;
        Assert.Equal("SCHEDULED", (string)run["info"]!["status"]!);
    }

    [Fact]
    public async Task Faults_apply_to_MLflow_operations_by_their_ids()
    {
        await CreateJob("ft-mlfault");
        await AddFaults("{\"operation\":\"Mlflow_RunsGet\",\"kind\":\"Throttle\",\"count\":1}");
        using var throttled = await Client.GetAsync($"{MlflowBase()}/runs/get?run_id=ft-mlfault");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        using var ok = await Client.GetAsync($"{MlflowBase()}/runs/get?run_id=ft-mlfault");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
