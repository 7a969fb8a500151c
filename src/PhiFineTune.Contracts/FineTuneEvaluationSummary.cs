namespace PhiFineTune;

/// <summary>
/// What an evaluation of one deployment adds up to (docs/evaluation.md). Scores are over the examples that were scored;
/// failed ones count in <see cref="Failed"/> only. Perplexity comes from the job's validation loss when the job is known.
/// With a baseline, <see cref="Baseline"/> is the baseline's own summary and <see cref="Differences"/> the per-metric
/// comparison.
/// </summary>
public sealed record FineTuneEvaluationSummary
{
    public required string DeploymentName { get; init; }
    public string? Path { get; init; }
    /// <summary>The examples in the file.</summary>
    public required int Count { get; init; }
    /// <summary>The examples that got a reply and scores.</summary>
    public required int Scored { get; init; }
    public required int Failed { get; init; }
    /// <summary>False when the evaluation was stopped (Ctrl+C) before every example was sent: the figures are partial.</summary>
    public required bool Completed { get; init; }
    public FineTuneScoreSummary? ExactMatch { get; init; }
    public FineTuneScoreSummary? F1 { get; init; }
    public FineTuneScoreSummary? RougeL { get; init; }
    public required long PromptTokens { get; init; }
    public required long CompletionTokens { get; init; }
    public long TotalTokens => PromptTokens + CompletionTokens;
    public required TimeSpan Elapsed { get; init; }
    public string? JobName { get; init; }
    /// <summary>exp(eval_loss) at the job's last validation step.</summary>
    public double? PerplexityLast { get; init; }
    public long? PerplexityLastStep { get; init; }
    /// <summary>exp(eval_loss) at the step with the lowest validation loss.</summary>
    public double? PerplexityBest { get; init; }
    public long? PerplexityBestStep { get; init; }
    public FineTuneEvaluationSummary? Baseline { get; init; }
    public IReadOnlyList<FineTuneScoreDifference> Differences { get; init; } = [];

    public override string ToString() =>
        $"{DeploymentName}: {Scored}/{Count} scored" + (F1 is null ? "" : $", F1 {F1.Mean:0.###}");
}
