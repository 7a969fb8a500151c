using PhiFineTune.Engine.Emulator;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

/// <summary>Waiting for jobs against the emulator (no blob storage: the jobs' data uris are not datastore paths).</summary>
public sealed class JobWatcherTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => EmulatorAdmin.ResetAsync(fixture.Emulator, CancellationToken.None);
    public Task DisposeAsync() => Task.CompletedTask;

    async Task<FineTuneJob> CreateAsync(FineTuneConnection connection, string name, string trainingData = "https://example.invalid/train.jsonl")
    {
        var model = BaseModelCatalog.Resolve("Phi-4-mini-instruct");
        var spec = new JobSpec
        {
            Name = name,
            BaseModel = model,
            BaseModelId = await BaseModelRegistry.LatestIdAsync(connection, model, NullObserver.Instance, CancellationToken.None),
            TrainingData = trainingData,
            Hyperparameters = new Dictionary<string, string>(),
            OutputModelName = name,
        };
        return (await FineTuneJobs.CreateAsync(connection, spec, NullObserver.Instance, CancellationToken.None)).Job;
    }

    [Fact]
    public async Task Cancelling_the_wait_leaves_the_job_running()
    {
        var connection = await fixture.ConnectAsync();
        var job = await CreateAsync(connection, "wait-cancelled");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JobWatcher.WaitAsync([job],
            new JobWaitOptions { Interval = TimeSpan.FromMilliseconds(100) }, _ => { }, _ => { }, NullObserver.Instance, stop.Token));

        var requests = await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, CancellationToken.None);
        Assert.DoesNotContain(requests, r => r.Operation == "Jobs_Cancel");
        Assert.True(requests.Count(r => r.Operation == "Jobs_Get") >= 3);
        Assert.False((await FineTuneJobs.GetAsync(connection, job.Name, CancellationToken.None)).IsTerminal);
    }

    [Fact]
    public async Task A_timeout_returns_the_jobs_as_they_stand()
    {
        var connection = await fixture.ConnectAsync();
        var job = await CreateAsync(connection, "wait-timeout");
        var finished = new List<FineTuneJob>();

        var result = await JobWatcher.WaitAsync([job], new JobWaitOptions
        {
            Interval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromMilliseconds(500),
        }, finished.Add, _ => { }, NullObserver.Instance, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Empty(finished);
        Assert.Equal("wait-timeout", Assert.Single(result.Unfinished).Name);
    }

    [Fact]
    public async Task A_failed_job_ends_with_the_reason_from_its_run()
    {
        var connection = await fixture.ConnectAsync();
        await EmulatorAdmin.SetJobStepAsync(fixture.Emulator, 50, CancellationToken.None);
        // docs/emulator.md: "emulator-fail" in a data uri fails the job when it reaches Running.
        var job = await CreateAsync(connection, "wait-failed", "https://example.invalid/emulator-fail/train.jsonl");
        var finished = new List<FineTuneJob>();

        var result = await JobWatcher.WaitAsync([job], new JobWaitOptions { Interval = TimeSpan.FromMilliseconds(50) },
            finished.Add, _ => { }, NullObserver.Instance, CancellationToken.None);

        Assert.False(result.TimedOut);
        var ended = Assert.Single(finished);
        Assert.Equal(FineTuneJobStatus.Failed, ended.Status);
        Assert.Contains("InvalidTrainingData", ended.Error);
        Assert.NotNull(ended.FinishedAt);
    }

    [Fact]
    public async Task A_job_deleted_while_waited_for_is_reported_and_the_others_still_end()
    {
        var connection = await fixture.ConnectAsync();
        await EmulatorAdmin.SetJobStepAsync(fixture.Emulator, 50, CancellationToken.None);
        var kept = await CreateAsync(connection, "wait-kept");
        var gone = kept with { Name = "wait-never-created" };
        var finished = new List<FineTuneJob>();
        var failures = new List<FineTuneException>();

        await JobWatcher.WaitAsync([kept, gone], new JobWaitOptions { Interval = TimeSpan.FromMilliseconds(50) },
            finished.Add, failures.Add, NullObserver.Instance, CancellationToken.None);

        Assert.Equal("wait-kept", Assert.Single(finished).Name);
        Assert.Equal("WaitFineTuneJobNotFound", Assert.Single(failures).ErrorId);
    }
}
