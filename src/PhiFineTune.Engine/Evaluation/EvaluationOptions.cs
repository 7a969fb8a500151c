using PhiFineTune.Engine.Deployments;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// How <see cref="FineTuneEvaluator"/> runs: at most <see cref="ThrottleLimit"/> requests at a time, the metrics to
/// compute, an optional baseline deployment evaluated on the same examples (compared with the paired bootstrap, seeded
/// by <see cref="Seed"/>), and the job whose validation loss gives the perplexity.
/// </summary>
public sealed record EvaluationOptions
{
    public const int DefaultThrottleLimit = 4;

    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;
    public IReadOnlyList<EvaluationMetric> Metrics { get; init; } = [EvaluationMetric.ExactMatch, EvaluationMetric.F1, EvaluationMetric.RougeL];
    public FineTunedModelDeployment? Baseline { get; init; }
    public FineTuneJob? Job { get; init; }
    public int Seed { get; init; }
    /// <summary>The file the examples came from, shown on the summary.</summary>
    public string? Path { get; init; }
    public ChatOptions Chat { get; init; } = new(null, null);
}
