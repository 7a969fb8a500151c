namespace PhiFineTune.Engine.Datasets;

/// <summary>What <see cref="DatasetValidator.CheckAsync"/> checks a file for, and with how many threads.</summary>
public sealed class DatasetCheckOptions
{
    public required FineTuneBaseModel Model { get; init; }
    public bool CountTokens { get; init; } = true;
    public int Epochs { get; init; } = 1;
    public int MaxErrors { get; init; } = 100;
    public int MaxWarnings { get; init; } = 100;
    /// <summary>Threads that check lines; the machine's processor count by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
    /// <summary>False checks every line with Utf8JsonReader alone: for tests that compare it with the fast lane.</summary>
    internal bool UseFastLane { get; init; } = true;
}
