using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Evaluation;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>Jobs side by side: each job's losses from its MLflow run (contract G.2), its model's evaluation scores when asked, ranked best first.</summary>
public static class JobComparisons
{
    /// <summary>The job's row: its validation loss at the last and at the best step, perplexity at both, the last training loss.</summary>
    public static async Task<FineTuneJobComparison> CompareAsync(FineTuneJob job, CancellationToken cancellationToken)
    {
        var validation = await HistoryAsync(job, JobRuns.ValidationLoss, cancellationToken).ConfigureAwait(false);
        var training = await HistoryAsync(job, JobRuns.TrainingLoss, cancellationToken).ConfigureAwait(false);
        return Row(job, validation, training);
    }

    /// <summary>The row of a job from its loss histories (either may be empty: the job logged nothing yet).</summary>
    public static FineTuneJobComparison Row(FineTuneJob job, IReadOnlyList<FineTuneJobMetric> validation,
        IReadOnlyList<FineTuneJobMetric> training)
    {
        var (final, best) = LossPoints.LastAndBest(validation);
        return new FineTuneJobComparison
        {
            JobName = job.Name,
            Status = job.Status,
            BaseModel = job.BaseModel,
            Epochs = job.Epochs,
            LearningRate = job.LearningRate,
            BatchSize = job.BatchSize,
            FinalValidationLoss = final?.Value,
            BestValidationLoss = best?.Value,
            BestValidationStep = best?.Step,
            FinalPerplexity = PerplexityOf(final?.Value),
            BestPerplexity = PerplexityOf(best?.Value),
            FinalTrainingLoss = LossPoints.LastAndBest(training).Last?.Value,
            Sweep = job.Tags.GetValueOrDefault(FineTuneSweep.TagName),
            Job = job,
        };
    }

    /// <summary>
    /// Best first. When any row was evaluated: the highest mean F1 first, rows not evaluated after them. Then the
    /// lowest best validation loss, then the lowest final validation loss, then the name; jobs with no validation loss
    /// last. Position counts from 1.
    /// </summary>
    public static IReadOnlyList<FineTuneJobComparison> Rank(IEnumerable<FineTuneJobComparison> rows) =>
        rows.OrderBy(r => r.F1 is null)
            .ThenByDescending(r => r.F1)
            .ThenBy(r => r.BestValidationLoss is null)
            .ThenBy(r => r.BestValidationLoss)
            .ThenBy(r => r.FinalValidationLoss)
            .ThenBy(r => r.JobName, StringComparer.Ordinal)
            .Select((r, i) => r with { Position = i + 1 })
            .ToList();

    /// <summary>
    /// The row with the scores of the job's model on <paramref name="examples"/>, from the first deployment of the
    /// model the job registered (<see cref="FineTuneEvaluator"/>). Fails when the job has no model or it no deployment.
    /// </summary>
    public static async Task<FineTuneJobComparison> EvaluateAsync(FineTuneJobComparison row, IReadOnlyList<EvaluationExample> examples,
        EvaluationOptions options, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var model = await FineTunedModels.ForJobAsync(row.Job, cancellationToken).ConfigureAwait(false);
        var name = model.Deployments.Order(StringComparer.Ordinal).FirstOrDefault() ?? throw new FineTuneException("NoDeployment",
            FailureKind.InvalidOperation, $"The model '{model.Name}' version {model.Version} of the job '{row.JobName}' has no deployment to evaluate.",
            row.JobName, "Deploy the job's model, then compare again.");
        var deployment = await ServerlessEndpoints.GetAsync(row.Job.Connection, name, false, cancellationToken).ConfigureAwait(false);
        var run = await FineTuneEvaluator.RunAsync(deployment, examples, options with { Job = row.Job }, observer, cancellationToken)
            .ConfigureAwait(false);
        var summary = run.Summary;
        return row with
        {
            DeploymentName = deployment.Name,
            ExactMatch = summary.ExactMatch?.Mean,
            F1 = summary.F1?.Mean,
            RougeL = summary.RougeL?.Mean,
            Evaluation = summary,
        };
    }

    static double? PerplexityOf(double? loss) => loss is { } l && double.IsFinite(l) && l >= 0 ? Perplexity.FromLoss(l) : null;

    static async Task<IReadOnlyList<FineTuneJobMetric>> HistoryAsync(FineTuneJob job, string metric, CancellationToken cancellationToken)
    {
        var points = new List<FineTuneJobMetric>();
        try
        {
            await foreach (var point in JobRuns.HistoryAsync(job.Connection, job.Name, metric, cancellationToken).ConfigureAwait(false))
                points.Add(point);
        }
        catch (FineTuneException e) when (e.ErrorId == "GetFineTuneJobMetricNotFound")
        {
            // No run yet: the job has logged nothing, and its row says so with empty losses.
        }
        return points;
    }
}
