using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>ScoreSummary: expected values by hand.</summary>
public sealed class ScoreSummaryTests
{
    [Fact]
    public void Summarizes_with_the_sample_standard_deviation()
    {
        // Mean 3/4; squared deviations 3 × 1/16 + 9/16 = 3/4, over n - 1 = 3: 1/4, whose root is 1/2.
        Assert.Equal(new ScoreSummary(4, 0.75, 0.5, 0, 1), ScoreSummary.Of([1, 0, 1, 1]));
        // The textbook set: mean 5, population deviation 2, sample deviation √(32/7).
        var summary = ScoreSummary.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, summary.Mean);
        Assert.Equal(Math.Sqrt(32.0 / 7), summary.StandardDeviation, 15);
        Assert.Equal((2.0, 9.0), (summary.Minimum, summary.Maximum));
    }

    [Fact]
    public void Equal_scores_have_no_spread()
    {
        Assert.Equal(new ScoreSummary(3, 0.5, 0, 0.5, 0.5), ScoreSummary.Of([0.5, 0.5, 0.5]));
    }

    [Fact]
    public void What_is_not_defined_is_NaN()
    {
        var none = ScoreSummary.Of([]);
        Assert.Equal(0, none.Count);
        Assert.True(double.IsNaN(none.Mean) && double.IsNaN(none.StandardDeviation) && double.IsNaN(none.Minimum) && double.IsNaN(none.Maximum));

        var one = ScoreSummary.Of([0.3]);
        Assert.Equal((1, 0.3, 0.3, 0.3), (one.Count, one.Mean, one.Minimum, one.Maximum));
        Assert.True(double.IsNaN(one.StandardDeviation));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Refuses_a_score_that_is_not_a_number(double bad)
    {
        var error = Assert.Throws<ArgumentException>(() => ScoreSummary.Of([0.5, bad]));
        Assert.Contains("Score 1", error.Message, StringComparison.Ordinal);
    }
}
