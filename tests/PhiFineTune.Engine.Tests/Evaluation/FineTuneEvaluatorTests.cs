using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PhiFineTune.Engine.Evaluation;
using PhiFineTune.Engine.Tests.Arm;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// The evaluation runner over a real HTTPS server that plays two deployments: "good" answers every even example with its
/// reference and every odd one with a wrong text, "bad" always answers wrongly. A prompt containing "filter" is refused
/// with the content filter's 400, one containing "stall" is never answered.
/// </summary>
public sealed class FineTuneEvaluatorTests : IAsyncLifetime
{
    ScriptedArmServer _server = null!;
    FineTuneConnection _connection = null!;
    int _inFlight, _maxInFlight, _keyReads;

    public async Task InitializeAsync()
    {
        _server = await ScriptedArmServer.StartAsync();
        _server.Reply(HandleAsync);
        var session = ArmClients.Session(_server.Pinned);
        session.MlflowBase = new Uri(_server.Url("/mlflow/"));
        _connection = new FineTuneConnection(session)
        {
            ConnectionId = Guid.NewGuid(), SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroupName = "rg-arm-tests", WorkspaceName = "arm-tests", WorkspaceKind = "Project", Location = "eastus2",
            ResourceId = "/x", Environment = "Emulator", ArmEndpoint = _server.Endpoint,
            AuthenticationMethod = AuthenticationMethod.Emulator, ConnectedAt = DateTimeOffset.UtcNow,
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        if (path.EndsWith("/listKeys", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _keyReads);
            await ScriptedArmServer.Answer(200, """{"primaryKey":"eval-key-1","secondaryKey":"eval-key-2"}""")(context);
            return;
        }
        if (path.EndsWith("/metrics/get-history", StringComparison.Ordinal))
        {
            await (context.Request.Query["run_id"] == "job-without-run"
                ? ScriptedArmServer.Answer(404, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no run"}""")
                : ScriptedArmServer.Answer(200, """{"metrics":[{"key":"eval_loss","value":1.2,"step":10,"timestamp":1},{"key":"eval_loss","value":0.5,"step":20,"timestamp":2},{"key":"eval_loss","value":0.7,"step":30,"timestamp":3}]}"""))(context);
            return;
        }
        var running = Interlocked.Increment(ref _inFlight);
        lock (this) _maxInFlight = Math.Max(_maxInFlight, running);
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var prompt = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
            if (prompt.Contains("stall", StringComparison.Ordinal))
            {
                await ScriptedArmServer.Stall()(context);
                return;
            }
            if (prompt.Contains("filter", StringComparison.Ordinal))
            {
                await ScriptedArmServer.Answer(400, """{"error":{"code":"content_filter","message":"filtered","status":400}}""",
                    ("x-ms-error-code", "content_filter"))(context);
                return;
            }
            await Task.Delay(40);
            var number = int.Parse(prompt[1..], System.Globalization.CultureInfo.InvariantCulture);
            var reply = path.Contains("/good/", StringComparison.Ordinal) && number % 2 == 0 ? $"answer {number}" : "something else";
            await ScriptedArmServer.Answer(200, new JsonObject
            {
                ["model"] = "m",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 2, ["total_tokens"] = 5 },
            }.ToJsonString())(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    FineTunedModelDeployment Deployment(string name) => new()
    {
        Name = name, ProvisioningState = FineTunedModelDeploymentState.Succeeded, EndpointState = "Online",
        ScoringUri = new Uri(_server.Url($"/inference/arm-tests/{name}/")), ResourceId = "/x/" + name,
        CheckedAt = DateTimeOffset.UtcNow, Connection = _connection,
    };

    static List<EvaluationExample> Examples(int count, Func<int, string>? prompt = null) =>
        Enumerable.Range(0, count).Select(i => new EvaluationExample(i, i + 1,
            [new ChatMessage("system", "Be brief."), new ChatMessage("user", prompt?.Invoke(i) ?? $"q{i}")], $"answer {i}")).ToList();

    [Fact]
    public async Task Every_example_is_scored_in_order_with_one_key_read_and_a_summary()
    {
        var seen = new List<int>();
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(6), new EvaluationOptions { Path = "v.jsonl" },
            NullObserver.Instance, CancellationToken.None, r => { lock (seen) seen.Add(r.Index); });

        Assert.Equal([0, 1, 2, 3, 4, 5], run.Results.Select(r => r.Index));
        Assert.Equal([0, 1, 2, 3, 4, 5], seen.Order());
        Assert.Equal([1.0, 0, 1, 0, 1, 0], run.Results.Select(r => r.ExactMatch!.Value));
        Assert.Equal("answer 2", run.Results[2].Reply);
        Assert.Equal(3, run.Results[2].Line);
        Assert.Equal(1, _keyReads);
        var summary = run.Summary;
        Assert.True(summary.Completed);
        Assert.Equal((6, 6, 0), (summary.Count, summary.Scored, summary.Failed));
        Assert.Equal(0.5, summary.ExactMatch!.Mean, 12);
        Assert.Equal(0.5, summary.F1!.Mean, 12); // "something else" shares no token with "answer n"
        Assert.Equal((18L, 12L, 30L), (summary.PromptTokens, summary.CompletionTokens, summary.TotalTokens));
        Assert.Equal("v.jsonl", summary.Path);
        Assert.Empty(summary.Differences);
        Assert.Null(summary.Baseline);
    }

    [Fact]
    public async Task No_more_requests_run_at_once_than_the_throttle_limit()
    {
        await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(6), new EvaluationOptions { ThrottleLimit = 1 },
            NullObserver.Instance, CancellationToken.None);
        Assert.Equal(1, _maxInFlight);
        // More than the machine's cores (the default degree of Parallel.ForEachAsync here), so the limit is what bounds it.
        await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(24), new EvaluationOptions { ThrottleLimit = 5 },
            NullObserver.Instance, CancellationToken.None);
        Assert.InRange(_maxInFlight, 3, 5);
    }

    [Fact]
    public async Task Only_the_asked_metrics_are_computed()
    {
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(2), new EvaluationOptions { Metrics = [EvaluationMetric.F1] },
            NullObserver.Instance, CancellationToken.None);
        Assert.All(run.Results, r => Assert.Null(r.ExactMatch));
        Assert.All(run.Results, r => Assert.Null(r.RougeL));
        Assert.Null(run.Summary.ExactMatch);
        Assert.Equal(0.5, run.Summary.F1!.Mean, 12);
    }

    [Fact]
    public async Task A_content_filter_refusal_is_a_failed_example_with_its_reason()
    {
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(4, i => i == 1 ? "filter me" : $"q{i}"),
            new EvaluationOptions(), NullObserver.Instance, CancellationToken.None);
        var failed = Assert.Single(run.Results, r => !r.Succeeded);
        Assert.Equal(1, failed.Index);
        Assert.Equal("ContentFiltered", failed.ErrorId);
        Assert.Contains("content_filter", failed.Error);
        Assert.Null(failed.F1);
        Assert.Equal((4, 3, 1), (run.Summary.Count, run.Summary.Scored, run.Summary.Failed));
        Assert.Equal(2.0 / 3, run.Summary.ExactMatch!.Mean, 12); // examples 0 and 2 right, 3 wrong
    }

    [Fact]
    public async Task A_key_the_deployment_refuses_stops_the_evaluation_with_its_error()
    {
        var deployment = Deployment("good");
        _server.Reply(ScriptedArmServer.Answer(401, """{"error":{"code":"Unauthorized","message":"no"}}"""));
        var e = await Assert.ThrowsAsync<FineTuneException>(() => FineTuneEvaluator.RunAsync(deployment, Examples(3),
            new EvaluationOptions(), NullObserver.Instance, CancellationToken.None));
        Assert.Equal(FailureKind.Authentication, e.Kind);
    }

    [Fact]
    public async Task A_cancellation_returns_what_was_scored_and_a_partial_summary()
    {
        using var cancel = new CancellationTokenSource();
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(5, i => i >= 2 ? $"stall {i}" : $"q{i}"),
            new EvaluationOptions { ThrottleLimit = 1 }, NullObserver.Instance, cancel.Token,
            r => { if (r.Index == 1) cancel.CancelAfter(200); });
        Assert.Equal([0, 1], run.Results.Select(r => r.Index));
        Assert.False(run.Summary.Completed);
        Assert.Equal((5, 2, 0), (run.Summary.Count, run.Summary.Scored, run.Summary.Failed));
        Assert.Equal(0.5, run.Summary.ExactMatch!.Mean, 12);
    }

    [Fact]
    public async Task A_baseline_is_evaluated_on_the_same_examples_and_compared_per_metric()
    {
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(20),
            new EvaluationOptions { Baseline = Deployment("bad"), Seed = 7 }, NullObserver.Instance, CancellationToken.None);

        Assert.Equal(20, run.BaselineResults.Count);
        Assert.All(run.BaselineResults, r => Assert.Equal("bad", r.DeploymentName));
        Assert.Equal(0, run.Summary.Baseline!.ExactMatch!.Mean);
        var exact = Assert.Single(run.Summary.Differences, d => d.Metric == "ExactMatch");
        var expected = PairedBootstrap.Compare(run.Results.Select(r => r.ExactMatch!.Value).ToList(), new double[20], seed: 7);
        Assert.Equal((20, 0.5, expected.Lower, expected.Upper, 7), (exact.Count, exact.MeanDifference, exact.Lower, exact.Upper, exact.Seed));
        Assert.True(exact.Lower > 0);
        Assert.Equal(["ExactMatch", "F1", "RougeL"], run.Summary.Differences.Select(d => d.Metric));
    }

    [Fact]
    public async Task The_progress_shows_examples_done_and_the_running_means_of_the_scores_asked_for()
    {
        var observer = new RecordingObserver();
        await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(2), new EvaluationOptions { ThrottleLimit = 1, Metrics = [EvaluationMetric.F1] },
            observer, CancellationToken.None);
        var statuses = observer.Reports.Where(p => p.ActivityId == FineTuneEvaluator.ProgressActivityId).Select(p => p.Status).ToList();
        Assert.Equal(["1 of 2 examples: F1 1.000", "2 of 2 examples: F1 0.500", "Done"], statuses);
        Assert.True(observer.Reports[^1].Completed);
    }

    FineTuneJob Job(string name) => new()
    {
        Name = name, Status = "Completed", Hyperparameters = new Dictionary<string, string>(), Tags = new Dictionary<string, string>(),
        ResourceId = "/x/jobs/" + name, CheckedAt = DateTimeOffset.UtcNow, Connection = _connection,
    };

    [Fact]
    public async Task With_the_job_the_summary_has_the_perplexity_at_the_last_and_the_best_validation_step()
    {
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(2), new EvaluationOptions { Job = Job("job-1") },
            NullObserver.Instance, CancellationToken.None);
        var summary = run.Summary;
        Assert.Equal("job-1", summary.JobName);
        Assert.Equal((Math.Exp(0.7), 30L), (summary.PerplexityLast!.Value, summary.PerplexityLastStep!.Value));
        Assert.Equal((Math.Exp(0.5), 20L), (summary.PerplexityBest!.Value, summary.PerplexityBestStep!.Value));
    }

    [Fact]
    public async Task A_job_without_a_run_leaves_the_perplexity_out_with_a_warning_and_keeps_the_scores()
    {
        var observer = new RecordingObserver();
        var run = await FineTuneEvaluator.RunAsync(Deployment("good"), Examples(2), new EvaluationOptions { Job = Job("job-without-run") },
            observer, CancellationToken.None);
        Assert.Null(run.Summary.PerplexityLast);
        Assert.Equal(0.5, run.Summary.F1!.Mean, 12);
        Assert.Contains(observer.Warnings, w => w.Contains("job-without-run", StringComparison.Ordinal) && w.Contains("no perplexity", StringComparison.Ordinal));
    }

    sealed class RecordingObserver : IOperationObserver
    {
        readonly List<OperationProgress> _reports = [];

        public List<OperationProgress> Reports
        {
            get { lock (_reports) return [.. _reports]; }
        }

        public void Progress(OperationProgress progress)
        {
            lock (_reports) _reports.Add(progress);
        }

        public void Verbose(string message)
        {
        }

        public List<string> Warnings { get; } = [];

        public void Warning(string message)
        {
            lock (Warnings) Warnings.Add(message);
        }
    }
}
