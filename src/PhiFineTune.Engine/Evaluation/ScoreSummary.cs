namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// Count, mean and spread of one score over the scored examples. <see cref="StandardDeviation"/> is the sample
/// standard deviation (divided by n - 1); values that are not defined are NaN: all but the count for no scores, the
/// standard deviation for one score.
/// </summary>
public sealed record ScoreSummary(int Count, double Mean, double StandardDeviation, double Minimum, double Maximum)
{
    /// <summary>The summary of <paramref name="scores"/>, each a finite number.</summary>
    public static ScoreSummary Of(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) return new ScoreSummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double sum = 0, minimum = double.PositiveInfinity, maximum = double.NegativeInfinity;
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            if (!double.IsFinite(score)) throw new ArgumentException($"Score {i} is {score}; scores must be finite numbers.", nameof(scores));
            sum += score;
            minimum = Math.Min(minimum, score);
            maximum = Math.Max(maximum, score);
        }
        var mean = sum / scores.Count;
        if (scores.Count == 1) return new ScoreSummary(1, mean, double.NaN, minimum, maximum);
        double squares = 0;
        foreach (var score in scores) squares += (score - mean) * (score - mean);
        return new ScoreSummary(scores.Count, mean, Math.Sqrt(squares / (scores.Count - 1)), minimum, maximum);
    }
}
