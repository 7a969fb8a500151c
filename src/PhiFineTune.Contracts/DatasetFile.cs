namespace PhiFineTune;

/// <summary>A JSONL file that Split-FineTuneDataset or ConvertTo-FineTuneDataset wrote.</summary>
public sealed class DatasetFile
{
    public required string Path { get; init; }
    /// <summary>Training, Validation, or Converted.</summary>
    public required string Role { get; init; }
    public required long Examples { get; init; }
    public required long SizeBytes { get; init; }
    public string? SourcePath { get; init; }

    public override string ToString() => Path;
}
