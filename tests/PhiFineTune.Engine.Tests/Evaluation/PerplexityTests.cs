using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

public sealed class PerplexityTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, Math.E)]
    [InlineData(2.0, 7.38905609893065)]
    // A loss of ln 4 is as unsure as a fair choice among 4 tokens.
    [InlineData(1.3862943611198906, 4.0)]
    public void Is_exp_of_the_loss(double loss, double expected) =>
        Assert.Equal(expected, Perplexity.FromLoss(loss), 12);

    [Fact]
    public void Overflows_to_infinity_for_a_huge_loss() =>
        Assert.Equal(double.PositiveInfinity, Perplexity.FromLoss(1000));

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Refuses_a_loss_that_is_negative_or_not_finite(double loss)
    {
        var error = Assert.Throws<FineTuneException>(() => Perplexity.FromLoss(loss));
        Assert.Equal("InvalidLoss", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("not a finite number of 0 or more", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RecommendedAction);
    }
}
