namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// What <see cref="FineTuneEvaluator.RunAsync"/> returns: the deployment's results in example order, the baseline's
/// (empty without one) and the summary. After a cancellation they hold what was scored before it.
/// </summary>
public sealed record EvaluationRun(IReadOnlyList<FineTuneEvaluationResult> Results,
    IReadOnlyList<FineTuneEvaluationResult> BaselineResults, FineTuneEvaluationSummary Summary);
