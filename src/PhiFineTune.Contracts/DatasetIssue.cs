namespace PhiFineTune;

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
