namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// The paired bootstrap (docs/evaluation.md): each resample picks as many example indices as there are examples, at
/// random with replacement, and takes both systems' scores of those examples, so that the pairing is kept; the
/// interval is the percentiles of the resampled mean differences. The same seed gives the same interval.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>The number of resamples unless told otherwise.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="baseline"/>, score i of each being the same example's.
    /// </summary>
    public static PairedBootstrapResult Compare(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline,
        int resamples = DefaultResamples, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        if (candidate.Count != baseline.Count)
            throw new ArgumentException($"The candidate has {candidate.Count} scores and the baseline {baseline.Count}; a paired comparison needs one of each per example.", nameof(baseline));
        if (candidate.Count == 0) throw new ArgumentException("A paired comparison needs at least one example.", nameof(candidate));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (confidence is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must be more than 0 and less than 1.");

        var count = candidate.Count;
        var differences = new double[count];
        for (var i = 0; i < count; i++)
        {
            differences[i] = candidate[i] - baseline[i];
            if (!double.IsFinite(differences[i]))
                throw new ArgumentException($"The scores of example {i} ({candidate[i]}, {baseline[i]}) must be finite numbers.", nameof(candidate));
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var k = 0; k < count; k++) sum += differences[random.Next(count)];
            means[r] = sum / count;
        }
        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new PairedBootstrapResult(count, differences.Sum() / count, Percentile(means, tail), Percentile(means, 1 - tail),
            confidence, resamples, seed);
    }

    // numpy.percentile's default ("linear", Hyndman and Fan's definition 7) over sorted values, q from 0 to 1.
    internal static double Percentile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
