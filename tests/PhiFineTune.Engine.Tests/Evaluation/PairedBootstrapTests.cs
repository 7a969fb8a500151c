using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// PairedBootstrap: the resampling of Koehn (2004) with the percentile interval of Efron and Tibshirani (1993, ch. 13),
/// the percentiles as numpy.percentile's default (docs/evaluation.md).
/// </summary>
public sealed class PairedBootstrapTests
{
    // 200 examples where the candidate is right on 130 and the baseline on 90 (exact match style 0/1 scores).
    static (double[] Candidate, double[] Baseline) Systems()
    {
        var random = new Random(42);
        var candidate = new double[200];
        var baseline = new double[200];
        var order = Enumerable.Range(0, 200).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < 130; i++) candidate[order[i]] = 1;
        for (var i = 0; i < 90; i++) baseline[order[199 - i]] = 1;
        return (candidate, baseline);
    }

    [Fact]
    public void Identical_systems_differ_by_exactly_zero_with_a_zero_width_interval()
    {
        var (scores, _) = Systems();
        var result = PairedBootstrap.Compare(scores, [.. scores], seed: 5);
        Assert.Equal(new PairedBootstrapResult(200, 0, 0, 0, 0.95, 1000, 5), result);
    }

    [Fact]
    public void Resamples_the_pairs_so_a_constant_difference_has_a_zero_width_interval()
    {
        // An unpaired resampling of two spread-out score lists would give a wide interval here; pairs differ by 0.25 each.
        var baseline = Enumerable.Range(0, 40).Select(i => i % 4 * 0.25).ToArray();
        var candidate = baseline.Select(s => s + 0.25).ToArray();
        var result = PairedBootstrap.Compare(candidate, baseline);
        Assert.Equal((0.25, 0.25, 0.25), (result.MeanDifference, result.Lower, result.Upper));
    }

    [Fact]
    public void The_interval_holds_the_mean_difference_and_is_as_wide_as_its_standard_error_says()
    {
        var (candidate, baseline) = Systems();
        var result = PairedBootstrap.Compare(candidate, baseline, seed: 1);

        Assert.Equal(0.2, result.MeanDifference, 15);
        Assert.True(result.Lower < result.MeanDifference && result.MeanDifference < result.Upper, $"{result}");
        // Entirely above 0: the candidate scored better on these examples.
        Assert.True(result.Lower > 0, $"{result}");
        // The normal approximation: 2 × 1.96 standard errors of the mean difference. The bootstrap's width is close.
        var differences = candidate.Zip(baseline, (c, b) => c - b).ToArray();
        var standardError = ScoreSummary.Of(differences).StandardDeviation / Math.Sqrt(differences.Length);
        var width = result.Upper - result.Lower;
        Assert.InRange(width, 0.8 * 2 * 1.96 * standardError, 1.2 * 2 * 1.96 * standardError);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var (candidate, baseline) = Systems();
        var first = PairedBootstrap.Compare(candidate, baseline, seed: 7);
        Assert.Equal(first, PairedBootstrap.Compare(candidate, baseline, seed: 7));
        var other = PairedBootstrap.Compare(candidate, baseline, seed: 8);
        Assert.NotEqual((first.Lower, first.Upper), (other.Lower, other.Upper));
        Assert.Equal(first.MeanDifference, other.MeanDifference);
    }

    [Fact]
    public void A_worse_candidate_has_an_interval_below_zero_and_swapping_the_systems_mirrors_the_difference()
    {
        var (candidate, baseline) = Systems();
        var result = PairedBootstrap.Compare(baseline, candidate, resamples: 2000, seed: 3, confidence: 0.9);
        Assert.Equal(-0.2, result.MeanDifference, 15);
        Assert.True(result.Upper < 0, $"{result}");
        Assert.Equal((2000, 3, 0.9), (result.Resamples, result.Seed, result.Confidence));
    }

    [Fact]
    public void Percentiles_interpolate_as_numpy_does()
    {
        // numpy.percentile([1, 2, 3, 4, 5], [2.5, 97.5]) is [1.1, 4.9]: positions 0.1 and 3.9 between the sorted values.
        Assert.Equal(1.1, PairedBootstrap.Percentile([1, 2, 3, 4, 5], 0.025), 15);
        Assert.Equal(4.9, PairedBootstrap.Percentile([1, 2, 3, 4, 5], 0.975), 15);
        Assert.Equal(15, PairedBootstrap.Percentile([10, 20], 0.5));
        Assert.Equal(7, PairedBootstrap.Percentile([7], 0.975));
    }

    [Fact]
    public void Refuses_what_cannot_be_compared()
    {
        Assert.Contains("3 scores and the baseline 2", Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([1, 0, 1], [1, 0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([], []));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([double.NaN], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.Compare([1], [0], resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.Compare([1], [0], confidence: 1));
    }
}
