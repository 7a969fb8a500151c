using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// The accelerated clock (B.4, B.8, issue 9): stored state moves only on writes and on <see cref="EmulatorClock"/>'s
/// ticks, never on reads; a Completed job's model is registered by the move to Completed itself. In-process, on a
/// <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class ClockTests : IDisposable
{
    private const string Ws = SeedState.ProjectWorkspaceName;
    private const int StepMs = 1000;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(StepMs);
    private static readonly TimeSpan PastCompleted = Step * (3 + JobStore.RunningSteps + 1) + Step * 5;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly EmulatorState _state;
    private readonly EmulatorClock _clock;

    public ClockTests()
    {
        _state = new EmulatorState(new EmulatorSettings(0, 4), _time);
        _clock = new EmulatorClock(_state);
    }

    public void Dispose() => _clock.Dispose();

    [Fact]
    public void Reads_do_not_move_a_job_nor_register_its_model()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-read", Job("model-read"), StepMs);
        _time.Advance(PastCompleted);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("NotStarted", Status("ft-read"));
            Assert.Equal("NotStarted", (string)_state.Jobs.ListJobs(Ws).Single()["properties"]!["status"]!);
            var run = _state.Jobs.GetRun(Ws, "ft-read")!;
            Assert.Equal("NotStarted", run.Timeline.Status);
            Assert.Empty(run.Metrics);
            Assert.Equal("NotStarted", _state.Jobs.ListRuns(Ws).Single().Timeline.Status);
            Assert.Null(_state.Models.GetModel(Ws, "model-read"));
            Assert.Empty(_state.Models.ListModels(Ws));
            Assert.Null(_state.Models.FindVersion(Ws, "model-read", "1"));
        }
    }

    [Fact]
    public void A_write_moves_every_job_to_now_first()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-write", Job("model-write"), StepMs);
        _time.Advance(Step * 1.5);
        Assert.Equal("NotStarted", Status("ft-write"));

        Assert.Equal(JobStore.CancelOutcome.NotFound, _state.Jobs.Cancel(Ws, "no-such-job").Outcome);

        Assert.Equal("Queued", Status("ft-write"));
        _time.Advance(Step);
        Assert.Equal("Queued", Status("ft-write"));
    }

    [Fact]
    public async Task Only_the_tick_checks_the_data_so_a_write_leaves_the_job_Preparing_until_it_runs()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-check", Job("model-check"), StepMs);
        _time.Advance(PastCompleted);

        _state.Jobs.CreateOrUpdate(Ws, "ft-other", Job("model-other"), StepMs);
        Assert.Equal("Preparing", Status("ft-check"));
        Assert.Null(_state.Models.GetModel(Ws, "model-check"));

        await _clock.TickAsync(CancellationToken.None);

        Assert.Equal("Completed", Status("ft-check"));
        Assert.NotNull(_state.Models.GetModel(Ws, "model-check"));
    }

    [Fact]
    public async Task A_job_whose_data_is_bad_goes_from_Preparing_to_Failed_on_the_tick()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-bad", Job("model-bad", training: "azureml://datastores/x/paths/emulator-fail.jsonl"), StepMs);
        _time.Advance(Step * 4);
        Assert.Equal("NotStarted", Status("ft-bad"));

        await _clock.TickAsync(CancellationToken.None);

        Assert.Equal("Failed", Status("ft-bad"));
        Assert.Equal("InvalidTrainingData", _state.Jobs.GetRun(Ws, "ft-bad")!.Error!.Code);
    }

    [Fact]
    public async Task A_data_check_that_throws_fails_the_job_with_DataAccessError_instead_of_stopping_the_clock()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-unreadable", Job("model-unreadable"), StepMs);
        _time.Advance(Step * 4);
        // An account key that is not base64 makes the blob client itself throw, outside what JobDataCheck answers.
        var storage = new BlobStorage(new Uri("https://127.0.0.1:9/devstoreaccount1"), "devstoreaccount1", "not base64!",
            "workspaceblobstore", "00");

        await _state.Jobs.CheckPendingDataAsync(_ => storage, CancellationToken.None);
        await _clock.TickAsync(CancellationToken.None);

        Assert.Equal("Failed", Status("ft-unreadable"));
        var error = _state.Jobs.GetRun(Ws, "ft-unreadable")!.Error!;
        Assert.Equal("DataAccessError", error.Code);
        Assert.StartsWith("The data of job 'ft-unreadable' could not be checked: ", error.Message);
    }

    [Fact]
    public async Task The_running_clock_walks_a_job_step_by_step_and_registers_its_model_without_any_read_first()
    {
        await _clock.StartAsync(CancellationToken.None);
        _state.Jobs.CreateOrUpdate(Ws, "ft-slow", Job("model-slow"), 3_600_000);
        _time.Advance(TimeSpan.FromHours(1));
        await Until(() => Status("ft-slow") == "Queued", "Queued (the slow job)");

        // The clock now sleeps until the slow job's next step, an hour away: this write must wake it.
        var created = _time.GetUtcNow();
        _state.Jobs.CreateOrUpdate(Ws, "ft-tick", Job("model-tick"), StepMs);
        string[] sequence = ["Queued", "Preparing", "Running"];
        foreach (var expected in sequence)
        {
            _time.Advance(Step);
            await Until(() => Status("ft-tick") == expected, expected);
        }

        _time.Advance(Step * (JobStore.RunningSteps + 1));
        await Until(() => _state.Models.GetModel(Ws, "model-tick") is not null, "the model");

        Assert.Equal("Completed", Status("ft-tick"));
        var versions = _state.Models.ListVersions(Ws, "model-tick")!;
        Assert.Equal("1", (string)versions.Single()["name"]!);
        // Registered at the completion instant (12 steps after creation), not at the tick's (later) time.
        Assert.Equal(SystemData.Iso(created + Step * 12), (string)versions.Single()["systemData"]!["createdAt"]!);
        Assert.Equal(JobStore.RunningSteps, _state.Jobs.GetRun(Ws, "ft-tick")!.Metrics.Count(m => m.Key == "loss"));
        await _clock.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_cancel_is_done_once_the_tick_has_moved_the_job_to_Canceled()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-cancel", Job("model-cancel"), StepMs);
        var (outcome, operationId) = _state.Jobs.Cancel(Ws, "ft-cancel");
        Assert.Equal(JobStore.CancelOutcome.Accepted, outcome);
        Assert.Equal("CancelRequested", Status("ft-cancel"));
        _time.Advance(Step * 2);
        Assert.False(_state.Jobs.CancelDone(Ws, "ft-cancel", operationId!));

        await _clock.TickAsync(CancellationToken.None);

        Assert.Equal("Canceled", Status("ft-cancel"));
        Assert.True(_state.Jobs.CancelDone(Ws, "ft-cancel", operationId!));
        Assert.Equal(JobStore.CancelOutcome.AlreadyTerminal, _state.Jobs.Cancel(Ws, "ft-cancel").Outcome);
    }

    [Fact]
    public async Task An_endpoint_and_its_operations_move_on_the_tick_not_on_reads()
    {
        _state.Jobs.CreateOrUpdate(Ws, "ft-deploy", Job("model-deploy"), StepMs);
        _time.Advance(PastCompleted);
        await _clock.TickAsync(CancellationToken.None);

        var request = new EndpointRequest(SeedState.Location, new JsonObject(), new JsonObject { ["name"] = "Consumption" }, null, null,
            "Key", "azureml://model-deploy/1", new ModelRef(Ws, "model-deploy", "1"), new JsonObject { ["contentSafetyStatus"] = "Enabled" });
        var (_, _, createId) = _state.Endpoints.CreateOrUpdate(Ws, "ep-clock", request, StepMs, "https://127.0.0.1");
        _time.Advance(Step * 3);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Creating", EndpointState("ep-clock"));
            Assert.Equal("Creating", _state.Endpoints.Find(Ws, "ep-clock")!.ProvisioningState);
            Assert.Equal("InProgress", _state.Endpoints.Operation(createId!)!.Status);
        }

        await _clock.TickAsync(CancellationToken.None);
        Assert.Equal("Succeeded", EndpointState("ep-clock"));
        Assert.Equal("Online", _state.Endpoints.Find(Ws, "ep-clock")!.EndpointState);
        Assert.Equal("Succeeded", _state.Endpoints.Operation(createId!)!.Status);

        var deleteId = _state.Endpoints.Delete(Ws, "ep-clock", StepMs)!;
        _time.Advance(Step * 3);
        Assert.Equal("Deleting", EndpointState("ep-clock"));
        Assert.Equal("InProgress", _state.Endpoints.Operation(deleteId)!.Status);

        await _clock.TickAsync(CancellationToken.None);
        Assert.Null(_state.Endpoints.Get(Ws, "ep-clock", "https://127.0.0.1"));
        Assert.Equal("Succeeded", _state.Endpoints.Operation(deleteId)!.Status);
    }

    private string Status(string job) => (string)_state.Jobs.GetJob(Ws, job)!["properties"]!["status"]!;

    private string EndpointState(string name) =>
        (string)_state.Endpoints.Get(Ws, name, "https://127.0.0.1")!["properties"]!["provisioningState"]!;

    private static JsonObject Job(string asset, string training = "azureml://datastores/workspaceblobstore/paths/train.jsonl") => new()
    {
        ["jobType"] = "FineTuning",
        ["fineTuningDetails"] = new JsonObject
        {
            ["taskType"] = "ChatCompletion",
            ["model"] = new JsonObject { ["uri"] = "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/1" },
            ["trainingData"] = new JsonObject { ["uri"] = training },
        },
        ["outputs"] = new JsonObject { ["registered_model"] = new JsonObject { ["assetName"] = asset } },
    };

    // The clock runs on the thread pool: wait (in real time) for it to have moved the state.
    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the clock did not move the job to {what} within 20 s");
            await Task.Delay(10);
        }
    }
}
