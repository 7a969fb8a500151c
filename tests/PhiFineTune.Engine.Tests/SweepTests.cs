using System.Reflection;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Sweeps;

namespace PhiFineTune.Engine.Tests;

/// <summary>The sweep's grid, its seeded sample, its checks and billed tokens, and the ranking of jobs: no service needed.</summary>
public sealed class SweepTests
{
    static readonly string Corpus = typeof(SweepTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DatasetCorpus").Value!;

    static readonly FineTuneConnection Connection = new(new object())
    {
        ConnectionId = Guid.NewGuid(), SubscriptionId = "s", ResourceGroupName = "rg", WorkspaceName = "ws",
        WorkspaceKind = "Project", Location = "eastus2", ResourceId = "/x", Environment = "AzureCloud",
        ArmEndpoint = new Uri("https://management.azure.com"), AuthenticationMethod = AuthenticationMethod.DefaultCredential,
        ConnectedAt = DateTimeOffset.UtcNow,
    };

    static string Valid => Path.Combine(Corpus, "valid.jsonl");

    static SweepRequest Request(string training, int[]? epochs = null, double[]? rates = null, int? maxJobs = null, string? name = null) => new()
    {
        Connection = Connection, Model = "Phi-4-mini-instruct", TrainingFile = training, ValidationFile = training,
        Epochs = epochs ?? [1, 2], LearningRates = rates ?? [0.00001, 0.00005], MaxJobs = maxJobs, Name = name,
    };

    [Fact]
    public void The_grid_is_every_combination_epochs_outermost_without_repeats()
    {
        var grid = SweepGrid.Expand([1, 2, 2], [1e-5, 5e-5], [4]);
        Assert.Equal(
            [new(1, 4, 1e-5, null), new(1, 4, 5e-5, null), new(2, 4, 1e-5, null), new HyperparameterRequest(2, 4, 5e-5, null)],
            grid);
    }

    [Fact]
    public void An_axis_left_out_is_the_services_default()
    {
        Assert.Equal([new HyperparameterRequest(3, null, null, null)], SweepGrid.Expand([3], [], []));
        Assert.Equal([new HyperparameterRequest(null, null, null, null)], SweepGrid.Expand([], [], []));
    }

    [Fact]
    public void The_sample_is_seeded_without_repeats_and_in_grid_order()
    {
        var grid = SweepGrid.Expand([1, 2, 3, 4], [1e-5, 2e-5, 5e-5], [1, 2]);
        var sample = SweepGrid.Sample(grid, 5, seed: 7);
        Assert.Equal(5, sample.Count);
        Assert.Equal(5, sample.Distinct().Count());
        var positions = sample.Select(p => grid.ToList().IndexOf(p)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(sample, SweepGrid.Sample(grid, 5, seed: 7));
        Assert.Contains(Enumerable.Range(0, 5), seed => !SweepGrid.Sample(grid, 5, seed).SequenceEqual(sample));
        Assert.Same(grid, SweepGrid.Sample(grid, grid.Count, seed: 7));
        Assert.Equal("InvalidMaxJobs", Assert.Throws<FineTuneException>(() => SweepGrid.Sample(grid, 0, 1)).ErrorId);
    }

    [Fact]
    public async Task A_bad_value_anywhere_in_the_grid_is_refused_before_the_data_is_read()
    {
        // The file does not exist: reading it would fail with DatasetNotFound, so the hyperparameter check came first.
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.jsonl");
        var e = await Assert.ThrowsAsync<FineTuneException>(() => FineTuneSweeps.PrepareAsync(
            Request(missing, rates: [0.00002, 0.5]), _ => { }, NullObserver.Instance, CancellationToken.None));
        Assert.Equal("InvalidLearningRate", e.ErrorId);
        e = await Assert.ThrowsAsync<FineTuneException>(() => FineTuneSweeps.PrepareAsync(
            Request(missing, epochs: [1, 0]), _ => { }, NullObserver.Instance, CancellationToken.None));
        Assert.Equal("InvalidEpochs", e.ErrorId);
    }

    [Fact]
    public async Task Each_job_bills_the_tokens_of_one_epoch_times_its_epochs()
    {
        var once = await DatasetValidator.CheckAsync(Valid, new DatasetCheckOptions { Model = BaseModelCatalog.Resolve("Phi-4-mini-instruct") },
            _ => { }, NullObserver.Instance, CancellationToken.None);
        using var sweep = await FineTuneSweeps.PrepareAsync(Request(Valid, epochs: [1, 3]), _ => { }, NullObserver.Instance, CancellationToken.None);
        Assert.True(once.EstimatedBilledTokens > 0);
        Assert.Equal(once.EstimatedBilledTokens, sweep.TokensPerEpoch);
        Assert.Equal([1, 1, 3, 3], sweep.Jobs.Select(j => j.Epochs));
        Assert.Equal(sweep.Jobs.Select(j => once.EstimatedBilledTokens * j.Epochs), sweep.Jobs.Select(j => j.BilledTokens));
        Assert.Equal(8 * once.EstimatedBilledTokens, sweep.TotalBilledTokens);
        Assert.Equal(["epochs 1, learning rate 1E-05", "epochs 1, learning rate 5E-05", "epochs 3, learning rate 1E-05", "epochs 3, learning rate 5E-05"],
            sweep.Jobs.Select(j => j.Describe()));
        Assert.Equal("5E-05", sweep.Jobs[1].Wire[Hyperparameters.LearningRateWire]);
    }

    [Fact]
    public async Task The_default_sweep_name_follows_the_model_the_data_and_the_grid()
    {
        async Task<string> NameOf(SweepRequest request)
        {
            using var sweep = await FineTuneSweeps.PrepareAsync(request, _ => { }, NullObserver.Instance, CancellationToken.None);
            return sweep.Name;
        }
        var first = await NameOf(Request(Valid));
        Assert.Matches("^phi-4-mini-instruct-sweep-[0-9a-f]{8}$", first);
        Assert.Equal(first, await NameOf(Request(Valid)));
        Assert.NotEqual(first, await NameOf(Request(Valid, epochs: [1, 3])));
        Assert.NotEqual(first, await NameOf(Request(Path.Combine(Corpus, "valid-bom-crlf.jsonl"))));
        Assert.Equal("mine", await NameOf(Request(Valid, name: " mine ")));
    }

    static FineTuneJob Job(string name, string? sweep = "s1") => new()
    {
        Name = name, Status = "Completed", BaseModel = "Phi-4-mini-instruct", Epochs = 2, LearningRate = 2e-5,
        Hyperparameters = new Dictionary<string, string>(),
        Tags = sweep is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [FineTuneSweep.TagName] = sweep },
        ResourceId = "/x/jobs/" + name, CheckedAt = DateTimeOffset.UtcNow, Connection = Connection,
    };

    static List<FineTuneJobMetric> Losses(string job, string kind, params double[] values) =>
        values.Select((v, i) => new FineTuneJobMetric
        {
            JobName = job, Metric = kind == "Validation" ? "eval_loss" : "loss", Kind = kind, Step = 10 * (i + 1), Value = v,
            Timestamp = DateTimeOffset.UnixEpoch,
        }).ToList();

    [Fact]
    public void A_row_has_the_final_and_best_validation_loss_with_their_perplexity()
    {
        var row = JobComparisons.Row(Job("a"), Losses("a", "Validation", 1.2, 0.7, 0.9), Losses("a", "Training", 1.1, 0.6, 0.4));
        Assert.Equal(0.9, row.FinalValidationLoss);
        Assert.Equal(0.7, row.BestValidationLoss);
        Assert.Equal(20, row.BestValidationStep);
        Assert.Equal(Math.Exp(0.9), row.FinalPerplexity!.Value, 12);
        Assert.Equal(Math.Exp(0.7), row.BestPerplexity!.Value, 12);
        Assert.Equal(0.4, row.FinalTrainingLoss);
        Assert.Equal("s1", row.Sweep);
        Assert.Equal(2, row.Epochs);

        var empty = JobComparisons.Row(Job("b", sweep: null), [], []);
        Assert.Null(empty.BestValidationLoss);
        Assert.Null(empty.FinalPerplexity);
        Assert.Null(empty.Sweep);
    }

    [Fact]
    public void Jobs_rank_by_best_validation_loss_then_final_then_name_with_no_loss_last()
    {
        var rows = new[]
        {
            JobComparisons.Row(Job("none"), [], []),
            JobComparisons.Row(Job("late"), Losses("late", "Validation", 0.9, 0.5, 0.8), []),
            JobComparisons.Row(Job("steady"), Losses("steady", "Validation", 0.9, 0.6, 0.5), []),
            JobComparisons.Row(Job("worst"), Losses("worst", "Validation", 1.0, 0.95), []),
            JobComparisons.Row(Job("alpha"), Losses("alpha", "Validation", 0.9, 0.5, 0.8), []),
        };
        var ranked = JobComparisons.Rank(rows);
        Assert.Equal(["steady", "alpha", "late", "worst", "none"], ranked.Select(r => r.JobName));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Position));
    }

    [Fact]
    public void Evaluated_jobs_rank_by_mean_F1_first_then_by_loss()
    {
        var rows = new[]
        {
            JobComparisons.Row(Job("low-loss"), Losses("low-loss", "Validation", 0.3), []),
            JobComparisons.Row(Job("good-f1"), Losses("good-f1", "Validation", 0.9), []) with { F1 = 0.8 },
            JobComparisons.Row(Job("fair-f1"), Losses("fair-f1", "Validation", 0.5), []) with { F1 = 0.4 },
            JobComparisons.Row(Job("tie-f1"), Losses("tie-f1", "Validation", 0.4), []) with { F1 = 0.4 },
        };
        Assert.Equal(["good-f1", "tie-f1", "fair-f1", "low-loss"], JobComparisons.Rank(rows).Select(r => r.JobName));
    }
}
