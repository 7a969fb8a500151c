namespace PhiFineTune;

/// <summary>
/// One metric over the scored examples: the mean and the spread (sample standard deviation, NaN for fewer than two
/// scores; every value NaN for none).
/// </summary>
public sealed record FineTuneScoreSummary(string Metric, int Count, double Mean, double StandardDeviation, double Minimum,
    double Maximum)
{
    public override string ToString() => $"{Metric} {Mean:0.###} ± {StandardDeviation:0.###}";
}
