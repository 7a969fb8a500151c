using System.Text;

namespace PhiFineTune.Engine.Datasets;

/// <summary>What the check of one chunk of whole lines found; merged in file order by the validator.</summary>
internal sealed class ChunkResult(string path, int maxErrors, int maxWarnings)
{
    public long Examples;
    public long ValidExamples;
    public long Messages;
    public long ErrorCount;
    public long WarningCount;
    public long AssistantTokens;
    public long ExamplesOverContext;
    public long ExamplesWithoutSystemMessage;
    public long FirstLineWithoutSystemMessage;
    /// <summary>Tokens of each valid example, in line order (empty when token counting is off).</summary>
    public readonly List<int> TokensPerExample = [];
    /// <summary>Hash and line of each valid example, for the duplicate check.</summary>
    public readonly List<(ulong Hash, long Line)> Hashes = [];
    /// <summary>The first issues of this chunk, in line order; counts above include those not kept.</summary>
    public readonly List<DatasetIssue> Issues = [];
    int _errorsKept, _warningsKept;

    public void Error(long line, DatasetIssueCategory category, string message, ReadOnlySpan<byte> text)
    {
        ErrorCount++;
        Keep(line, category, DatasetIssueSeverity.Error, message, text);
    }

    public void Warning(long line, DatasetIssueCategory category, string message, ReadOnlySpan<byte> text)
    {
        WarningCount++;
        Keep(line, category, DatasetIssueSeverity.Warning, message, text);
    }

    void Keep(long line, DatasetIssueCategory category, DatasetIssueSeverity severity, string message,
        ReadOnlySpan<byte> text)
    {
        // The merger reports at most maxErrors errors and maxWarnings warnings in all, so a chunk needs no more.
        if (severity == DatasetIssueSeverity.Error ? _errorsKept++ >= maxErrors : _warningsKept++ >= maxWarnings) return;
        Issues.Add(new DatasetIssue
        {
            Path = path, Line = line, Category = category, Severity = severity, Message = message,
            Excerpt = Excerpt(text),
        });
    }

    const int ExcerptBytes = 80;

    internal static string? Excerpt(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return null;
        var cut = text.Length > ExcerptBytes;
        // Invalid sequences become U+FFFD; a cut multi-byte character does too, which is harmless here.
        var excerpt = Encoding.UTF8.GetString(cut ? text[..ExcerptBytes] : text);
        return cut ? excerpt + "…" : excerpt;
    }
}
