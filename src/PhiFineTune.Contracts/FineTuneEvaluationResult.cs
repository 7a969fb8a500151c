namespace PhiFineTune;

/// <summary>
/// One evaluated example: the deployment's reply to the conversation up to the example's last assistant message,
/// scored against that message (docs/evaluation.md). A failed example (for example a content-filter refusal) has no
/// reply and no scores, and says why in <see cref="Error"/>.
/// </summary>
public sealed record FineTuneEvaluationResult
{
    /// <summary>The example's position among the file's examples, from 0.</summary>
    public required int Index { get; init; }
    /// <summary>The example's line in the file, from 1.</summary>
    public required long Line { get; init; }
    public required string DeploymentName { get; init; }
    /// <summary>The example's last assistant message: what the reply is compared with.</summary>
    public required string Reference { get; init; }
    /// <summary>The deployment's answer; null when the example failed.</summary>
    public string? Reply { get; init; }
    /// <summary>1 or 0; null when the example failed or the metric was not asked for.</summary>
    public double? ExactMatch { get; init; }
    public double? F1 { get; init; }
    /// <summary>ROUGE-L F-measure.</summary>
    public double? RougeL { get; init; }
    public string? FinishReason { get; init; }
    public required TimeSpan Latency { get; init; }
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }
    /// <summary>The error id when the example failed (ContentFiltered, ...); null when it was scored.</summary>
    public string? ErrorId { get; init; }
    public string? Error { get; init; }

    public bool Succeeded => ErrorId is null;

    public override string ToString() => Succeeded ? $"#{Index}: F1 {F1:0.###}" : $"#{Index}: {ErrorId}";
}
