using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>Everything a sweep is made from: one data set and a grid of hyperparameters.</summary>
public sealed class SweepRequest
{
    public required FineTuneConnection Connection { get; init; }
    public required string Model { get; init; }
    public required string TrainingFile { get; init; }
    public string? ValidationFile { get; init; }
    public double? ValidationPercent { get; init; }
    /// <summary>Seeds the validation split and the sample of the grid.</summary>
    public int Seed { get; init; }
    /// <summary>Each axis of the grid; an empty axis leaves the service's default.</summary>
    public IReadOnlyList<int> Epochs { get; init; } = [];
    public IReadOnlyList<double> LearningRates { get; init; } = [];
    public IReadOnlyList<int> BatchSizes { get; init; } = [];
    /// <summary>At most this many jobs, a seeded random sample of the grid; null: the whole grid.</summary>
    public int? MaxJobs { get; init; }
    /// <summary>The sweep's name; by default the model and a hash of the data and the grid.</summary>
    public string? Name { get; init; }

    internal JobSubmissionRequest ToJobRequest() => new()
    {
        Connection = Connection,
        Model = Model,
        TrainingFile = TrainingFile,
        ValidationFile = ValidationFile,
        ValidationPercent = ValidationPercent,
        Seed = Seed,
    };
}
