using System.Diagnostics;
using System.Globalization;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// Evaluates a deployment on examples (docs/evaluation.md): each example's conversation is sent through the chat path
/// of <see cref="FineTunedModelChat"/> (the key fetched once per deployment and kept in memory only), with at most
/// <see cref="EvaluationOptions.ThrottleLimit"/> requests at a time; Azure.Core's retry policy of the connection's
/// pipeline retries 429 and 5xx answers, honouring Retry-After. The reply is scored against the example's last assistant
/// message. A refusal of the example itself (content filter, or another 400) is a failed example with its reason;
/// any other failure (the key, the deployment, throttling after the retries, the network) stops the evaluation with
/// that error. A cancellation stops sending and returns what was scored, with a summary marked not completed.
/// </summary>
public static class FineTuneEvaluator
{
    public const int ProgressActivityId = 4501;

    /// <summary>
    /// Evaluates <paramref name="deployment"/> on <paramref name="examples"/>, then the baseline of
    /// <paramref name="options"/> on the same examples. <paramref name="onResult"/> sees each result as it is scored
    /// (in the order the answers come, from several threads at once).
    /// </summary>
    public static async Task<EvaluationRun> RunAsync(FineTunedModelDeployment deployment, IReadOnlyList<EvaluationExample> examples,
        EvaluationOptions options, IOperationObserver observer, CancellationToken cancellationToken,
        Action<FineTuneEvaluationResult>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThrottleLimit, 1);
        using var scope = ObserverScope.Enter(observer);

        var (results, completed, elapsed) = await EvaluateAsync(deployment, examples, options, observer, onResult, cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<FineTuneEvaluationResult> baselineResults = [];
        FineTuneEvaluationSummary? baselineSummary = null;
        if (options.Baseline is { } baseline && completed)
        {
            var (scored, baselineCompleted, baselineElapsed) = await EvaluateAsync(baseline, examples, options, observer, onResult,
                cancellationToken).ConfigureAwait(false);
            baselineResults = scored;
            baselineSummary = Summarize(baseline.Name, examples.Count, scored, baselineCompleted, baselineElapsed, options);
            completed = baselineCompleted;
        }

        var summary = Summarize(deployment.Name, examples.Count, results, completed, elapsed, options) with
        {
            Baseline = baselineSummary,
            Differences = baselineSummary is null ? [] : Differences(results, baselineResults, options),
        };
        if (options.Job is { } job && !cancellationToken.IsCancellationRequested)
            summary = await WithPerplexityAsync(summary, job, observer, cancellationToken).ConfigureAwait(false);
        return new EvaluationRun(results, baselineResults, summary);
    }

    static async Task<(List<FineTuneEvaluationResult> Results, bool Completed, TimeSpan Elapsed)> EvaluateAsync(
        FineTunedModelDeployment deployment, IReadOnlyList<EvaluationExample> examples, EvaluationOptions options,
        IOperationObserver observer, Action<FineTuneEvaluationResult>? onResult, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var slots = new FineTuneEvaluationResult?[examples.Count];
        var progress = new EvaluationProgress(deployment.Name, examples.Count, options.Metrics, observer);
        var completed = true;
        try
        {
            var authorization = await FineTunedModelChat.AuthorizationAsync(deployment, cancellationToken).ConfigureAwait(false);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ThrottleLimit, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, examples.Count), parallel, async (position, token) =>
            {
                var result = await ScoreAsync(deployment, authorization, examples[position], options, token).ConfigureAwait(false);
                slots[position] = result;
                progress.Add(result);
                onResult?.Invoke(result);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            completed = false;
        }
        finally
        {
            progress.Complete();
        }
        return (slots.OfType<FineTuneEvaluationResult>().ToList(), completed, watch.Elapsed);
    }

    static async Task<FineTuneEvaluationResult> ScoreAsync(FineTunedModelDeployment deployment, string authorization,
        EvaluationExample example, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        FineTunedModelReply reply;
        try
        {
            reply = await FineTunedModelChat.SendAsync(deployment, authorization, example.Messages, options.Chat, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (FineTuneException e) when (e.Kind == FailureKind.InvalidArgument)
        {
            return new FineTuneEvaluationResult
            {
                Index = example.Index, Line = example.Line, DeploymentName = deployment.Name, Reference = example.Reference,
                Latency = watch.Elapsed, ErrorId = e.ErrorId, Error = e.Message,
            };
        }
        var latency = watch.Elapsed;
        bool Wants(EvaluationMetric metric) => options.Metrics.Contains(metric);
        return new FineTuneEvaluationResult
        {
            Index = example.Index, Line = example.Line, DeploymentName = deployment.Name, Reference = example.Reference,
            Reply = reply.Content,
            ExactMatch = Wants(EvaluationMetric.ExactMatch) ? Evaluation.ExactMatch.Score(reply.Content, example.Reference) : null,
            F1 = Wants(EvaluationMetric.F1) ? TokenF1.Score(reply.Content, example.Reference) : null,
            RougeL = Wants(EvaluationMetric.RougeL) ? Evaluation.RougeL.Score(reply.Content, example.Reference).FMeasure : null,
            FinishReason = reply.FinishReason, Latency = latency,
            PromptTokens = reply.PromptTokens, CompletionTokens = reply.CompletionTokens,
        };
    }

    /// <summary>The score of one metric on a result; null when the example failed or the metric was not computed.</summary>
    public static double? Score(FineTuneEvaluationResult result, EvaluationMetric metric) => metric switch
    {
        EvaluationMetric.ExactMatch => result.ExactMatch,
        EvaluationMetric.F1 => result.F1,
        _ => result.RougeL,
    };

    static FineTuneEvaluationSummary Summarize(string deploymentName, int count, IReadOnlyList<FineTuneEvaluationResult> results,
        bool completed, TimeSpan elapsed, EvaluationOptions options)
    {
        FineTuneScoreSummary? Of(EvaluationMetric metric)
        {
            if (!options.Metrics.Contains(metric)) return null;
            var s = ScoreSummary.Of(results.Select(r => Score(r, metric)).OfType<double>().ToList());
            return new FineTuneScoreSummary(metric.ToString(), s.Count, s.Mean, s.StandardDeviation, s.Minimum, s.Maximum);
        }
        return new FineTuneEvaluationSummary
        {
            DeploymentName = deploymentName, Path = options.Path, Count = count,
            Scored = results.Count(r => r.Succeeded), Failed = results.Count(r => !r.Succeeded), Completed = completed,
            ExactMatch = Of(EvaluationMetric.ExactMatch), F1 = Of(EvaluationMetric.F1), RougeL = Of(EvaluationMetric.RougeL),
            PromptTokens = results.Sum(r => (long)(r.PromptTokens ?? 0)),
            CompletionTokens = results.Sum(r => (long)(r.CompletionTokens ?? 0)),
            Elapsed = elapsed,
        };
    }

    /// <summary>Per metric, deployment minus baseline over the examples both scored, with the seeded paired bootstrap.</summary>
    static List<FineTuneScoreDifference> Differences(IReadOnlyList<FineTuneEvaluationResult> results,
        IReadOnlyList<FineTuneEvaluationResult> baseline, EvaluationOptions options)
    {
        var baselineByIndex = baseline.Where(r => r.Succeeded).ToDictionary(r => r.Index);
        var differences = new List<FineTuneScoreDifference>();
        foreach (var metric in options.Metrics.Distinct())
        {
            var candidate = new List<double>();
            var other = new List<double>();
            foreach (var result in results)
            {
                if (Score(result, metric) is not { } mine || !baselineByIndex.TryGetValue(result.Index, out var b) || Score(b, metric) is not { } theirs)
                    continue;
                candidate.Add(mine);
                other.Add(theirs);
            }
            if (candidate.Count == 0) continue;
            var c = PairedBootstrap.Compare(candidate, other, seed: options.Seed);
            differences.Add(new FineTuneScoreDifference(metric.ToString(), c.Count, c.MeanDifference, c.Lower, c.Upper, c.Confidence,
                c.Resamples, c.Seed));
        }
        return differences;
    }

    /// <summary>exp(eval_loss) at the job's last validation step and at its best (lowest) one.</summary>
    static async Task<FineTuneEvaluationSummary> WithPerplexityAsync(FineTuneEvaluationSummary summary, FineTuneJob job,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var points = new List<FineTuneJobMetric>();
        try
        {
            await foreach (var point in JobRuns.HistoryAsync(job.Connection, job.Name, JobRuns.ValidationLoss, cancellationToken)
                               .ConfigureAwait(false))
            {
                points.Add(point);
            }
        }
        catch (FineTuneException e) when (e.Kind == FailureKind.NotFound)
        {
            // A job with no run yet: the scores are still worth having.
            observer.Warning($"{e.Message} The summary has no perplexity.");
            return summary with { JobName = job.Name };
        }
        var (last, best) = LossPoints.LastAndBest(points);
        if (last is null || best is null)
        {
            observer.Warning($"The job '{job.Name}' logged no validation loss ({JobRuns.ValidationLoss}), so the summary has no perplexity: a job has one when it trains with validation data.");
            return summary with { JobName = job.Name };
        }
        return summary with
        {
            JobName = job.Name,
            PerplexityLast = Perplexity.FromLoss(last.Value), PerplexityLastStep = last.Step,
            PerplexityBest = Perplexity.FromLoss(best.Value), PerplexityBestStep = best.Step,
        };
    }

    /// <summary>The progress bar: examples done and the running mean of each score asked for.</summary>
    sealed class EvaluationProgress(string deploymentName, int count, IReadOnlyList<EvaluationMetric> metrics, IOperationObserver observer)
    {
        static readonly Dictionary<EvaluationMetric, string> s_labels = new()
        {
            [EvaluationMetric.ExactMatch] = "exact match", [EvaluationMetric.F1] = "F1", [EvaluationMetric.RougeL] = "ROUGE-L",
        };

        readonly object _lock = new();
        readonly Dictionary<EvaluationMetric, double> _sums = metrics.Distinct().ToDictionary(m => m, _ => 0.0);
        int _done, _failed, _scored;

        public void Add(FineTuneEvaluationResult result)
        {
            lock (_lock)
            {
                _done++;
                if (!result.Succeeded) _failed++;
                else
                {
                    _scored++;
                    foreach (var metric in _sums.Keys) _sums[metric] += Score(result, metric) ?? 0;
                }
                var scores = _scored == 0 || _sums.Count == 0 ? "" : ": " + string.Join(", ",
                    _sums.Select(p => string.Create(CultureInfo.InvariantCulture, $"{s_labels[p.Key]} {p.Value / _scored:0.000}")));
                var failed = _failed == 0 ? "" : $", {_failed} failed";
                observer.Progress(new OperationProgress(ProgressActivityId, $"Evaluating {deploymentName}",
                    $"{_done} of {count} examples{scores}{failed}", _done * 100 / count));
            }
        }

        public void Complete() =>
            observer.Progress(new OperationProgress(ProgressActivityId, $"Evaluating {deploymentName}", "Done", Completed: true));
    }
}
