namespace PhiFineTune;

/// <summary>
/// How much the deployment scored above its baseline on one metric: the mean of deployment minus baseline over the
/// examples both scored, and the paired bootstrap interval of that mean (docs/evaluation.md). An interval entirely above
/// 0 means the deployment did better on these examples.
/// </summary>
public sealed record FineTuneScoreDifference(string Metric, int Count, double MeanDifference, double Lower, double Upper,
    double Confidence, int Resamples, int Seed)
{
    public override string ToString() => $"{Metric} {MeanDifference:+0.###;-0.###;0} [{Lower:0.###}, {Upper:0.###}]";
}
