using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Tests;

public sealed class LossPointsTests
{
    static FineTuneJobMetric Point(long step, double value) => new()
    {
        JobName = "job", Metric = JobRuns.ValidationLoss, Kind = "Validation", Step = step, Value = value,
        Timestamp = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Last_and_best_skip_values_that_are_not_finite_and_the_best_is_the_earliest_of_equal_ones()
    {
        var (last, best) = LossPoints.LastAndBest([Point(10, 0.9), Point(20, 0.5), Point(30, 0.5), Point(40, 0.7), Point(50, double.NaN)]);
        Assert.Equal(40, last!.Step);
        Assert.Equal(20, best!.Step);
    }

    [Fact]
    public void A_history_with_no_finite_value_has_neither()
    {
        Assert.Equal((null, null), LossPoints.LastAndBest([Point(10, double.PositiveInfinity)]));
        Assert.Equal((null, null), LossPoints.LastAndBest([]));
    }
}
