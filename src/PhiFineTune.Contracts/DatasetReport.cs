namespace PhiFineTune;

/// <summary>What Test-FineTuneDataset found in one file.</summary>
public sealed class DatasetReport
{
    public required string Path { get; init; }
    public required long SizeBytes { get; init; }
    public required string Model { get; init; }
    public required bool IsValid { get; init; }
    public required long Examples { get; init; }
    public required long Messages { get; init; }
    public required long ErrorCount { get; init; }
    public required long WarningCount { get; init; }
    /// <summary>Null when token counting was off.</summary>
    public TokenStatistics? TokensPerExample { get; init; }
    public long? AssistantTokens { get; init; }
    public long? ExamplesOverContextLength { get; init; }
    public int Epochs { get; init; }
    /// <summary>Tokens billed for training: the sum over examples of min(tokens, context length), times epochs.</summary>
    public long? EstimatedBilledTokens { get; init; }
    /// <summary>True when token counts are exact for the model's tokenizer; false when they are estimates.</summary>
    public bool? TokenCountIsExact { get; init; }
    /// <summary>How every figure above was arrived at: tokenizer, template overhead, estimate error, billing rule.</summary>
    public required IReadOnlyList<string> Basis { get; init; }
    public required TimeSpan Duration { get; init; }

    public override string ToString() => $"{Path}: {(IsValid ? "valid" : "invalid")}, {Examples} examples";
}
