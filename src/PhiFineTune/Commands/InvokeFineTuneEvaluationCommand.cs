using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Commands;

/// <summary>
/// Evaluates a deployment on a chat-format JSONL file: each example's conversation up to its last assistant message is
/// sent, and the reply scored against that message (exact match, F1, ROUGE-L). Emits one result per example as it is
/// scored, then the summary; with -BaselineDeployment the baseline's results follow and the summary compares the two.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "FineTuneEvaluation")]
[OutputType(typeof(FineTuneEvaluationResult), typeof(FineTuneEvaluationSummary))]
public sealed class InvokeFineTuneEvaluationCommand : FineTuneConnectedCmdlet
{
    /// <summary>A deployment's name, or a FineTunedModelDeployment.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? Deployment { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = EvaluationOptions.DefaultThrottleLimit;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public EvaluationMetric[] Metric { get; set; } = [EvaluationMetric.ExactMatch, EvaluationMetric.F1, EvaluationMetric.RougeL];

    /// <summary>A deployment's name, or a FineTunedModelDeployment, evaluated on the same examples for comparison.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? BaselineDeployment { get; set; }

    /// <summary>The job that trained the model: the summary gets perplexity from its validation loss.</summary>
    [Parameter]
    [ValidateNotNull]
    public FineTuneJob? Job { get; set; }

    /// <summary>The seed of the paired bootstrap.</summary>
    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecordCore()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var target = (Deployment is PSObject ps ? ps.BaseObject : Deployment)!;
        var baselineTarget = BaselineDeployment is PSObject b ? b.BaseObject : BaselineDeployment;
        var connection = (target as FineTunedModelDeployment)?.Connection ?? ResolveConnection();
        var stopped = false;
        var run = Run(async (observer, token) =>
        {
            var examples = await EvaluationSetReader.ReadAsync(path, token).ConfigureAwait(false);
            var deployment = await ResolveAsync(connection, target, token).ConfigureAwait(false);
            var baseline = baselineTarget is null ? null : await ResolveAsync(connection, baselineTarget, token).ConfigureAwait(false);
            var options = new EvaluationOptions
            {
                ThrottleLimit = ThrottleLimit, Metrics = Metric.Distinct().ToList(), Baseline = baseline, Job = Job, Seed = Seed,
                Path = path,
            };
            var result = await FineTuneEvaluator.RunAsync(deployment, examples, options, observer, token,
                scored => observer.Post(cmdlet => cmdlet.WriteObject(scored))).ConfigureAwait(false);
            stopped = token.IsCancellationRequested;
            return result;
        });
        // After Ctrl+C the pipeline takes no more output: the results already written are what was scored.
        if (stopped) throw new PipelineStoppedException();
        WriteObject(run.Summary);
    }

    /// <summary>A piped deployment read again when it was not ready, or a deployment by name.</summary>
    static async Task<FineTunedModelDeployment> ResolveAsync(FineTuneConnection connection, object target, CancellationToken token) =>
        target switch
        {
            FineTunedModelDeployment { ProvisioningState: FineTunedModelDeploymentState.Succeeded, ScoringUri: not null } ready => ready,
            FineTunedModelDeployment other => await ServerlessEndpoints.GetAsync(other.Connection, other.Name, false, token).ConfigureAwait(false),
            string name when name.Length > 0 => await ServerlessEndpoints.GetAsync(connection, name, false, token).ConfigureAwait(false),
            _ => throw new FineTuneException("InvalidDeployment", FailureKind.InvalidArgument,
                $"A deployment is a name or a deployment object (FineTunedModelDeployment); got {target.GetType().Name}.", target,
                "Pass a deployment's name, or pipe a deployment from Get-FineTunedModelDeployment."),
        };
}
