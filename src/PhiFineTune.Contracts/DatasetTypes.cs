namespace PhiFineTune;

/// <summary>Stable categories of dataset problems; each is the ErrorId of its error record.</summary>
public enum DatasetIssueCategory
{
    // Errors: the service would reject the file or the example.
    FileNotFound,
    FileTooLarge,
    TooFewExamples,
    InvalidUtf8,
    BlankLine,
    InvalidJson,
    NotAnObject,
    MissingMessages,
    MessagesNotArray,
    EmptyMessages,
    MessageNotAnObject,
    MissingRole,
    UnknownRole,
    ToolRoleNotSupported,
    MissingContent,
    InvalidContent,
    EmptyContent,
    InvalidWeight,
    WeightOnNonAssistantMessage,
    MissingAssistantMessage,
    LastMessageNotAssistant,
    // Warnings: the file is accepted, but probably not as meant.
    UnknownKey,
    MissingSystemMessage,
    DuplicateExample,
    ExceedsContextLength,
}

public enum DatasetIssueSeverity
{
    Error,
    Warning,
}

/// <summary>One problem in a dataset file: where, what, and a short excerpt of the line.</summary>
public sealed class DatasetIssue
{
    public required string Path { get; init; }
    /// <summary>1-based line number; 0 for a problem of the whole file.</summary>
    public required long Line { get; init; }
    public required DatasetIssueCategory Category { get; init; }
    public required DatasetIssueSeverity Severity { get; init; }
    public required string Message { get; init; }
    public string? Excerpt { get; init; }

    public override string ToString() =>
        Line > 0 ? $"{Path}:{Line}: {Category}: {Message}" : $"{Path}: {Category}: {Message}";
}

/// <summary>Tokens per example: min, mean, median, 95th percentile, max and total.</summary>
public sealed class TokenStatistics
{
    public required long Min { get; init; }
    public required double Mean { get; init; }
    public required long P50 { get; init; }
    public required long P95 { get; init; }
    public required long Max { get; init; }
    public required long Total { get; init; }

    public override string ToString() => $"min {Min}, mean {Mean:0.#}, p50 {P50}, p95 {P95}, max {Max}, total {Total}";
}

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
