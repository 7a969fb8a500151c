namespace PhiFineTune.Engine.Datasets;

/// <summary>What <see cref="DatasetSplitter.SplitAsync"/> splits, how, and where the two files go.</summary>
public sealed class DatasetSplitOptions
{
    public required string Path { get; init; }
    /// <summary>Share of the examples that go to the validation file, in percent (exclusive of 0 and 100).</summary>
    public required double ValidationPercent { get; init; }
    public int Seed { get; init; }
    /// <summary>Where the two files go; beside the input when null.</summary>
    public string? OutputDirectory { get; init; }
    public bool Force { get; init; }
}
