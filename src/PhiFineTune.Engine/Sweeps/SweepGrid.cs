using System.Globalization;
using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>The jobs of a sweep: every combination of the given values, or a seeded random sample of them.</summary>
public static class SweepGrid
{
    /// <summary>
    /// Every combination, epochs outermost, then learning rate, then batch size, each axis in the order given with
    /// repeats dropped. An empty axis is one point: the service's default.
    /// </summary>
    public static IReadOnlyList<HyperparameterRequest> Expand(IReadOnlyList<int> epochs, IReadOnlyList<double> learningRates,
        IReadOnlyList<int> batchSizes)
    {
        var points = new List<HyperparameterRequest>();
        foreach (var e in Axis(epochs))
        foreach (var r in Axis(learningRates))
        foreach (var b in Axis(batchSizes))
            points.Add(new HyperparameterRequest(e, b, r, null));
        return points;
    }

    /// <summary>
    /// <paramref name="maxJobs"/> points drawn without repeats by a generator seeded with <paramref name="seed"/>, in
    /// grid order; the whole grid when it has no more points than that.
    /// </summary>
    public static IReadOnlyList<HyperparameterRequest> Sample(IReadOnlyList<HyperparameterRequest> grid, int maxJobs, int seed)
    {
        if (maxJobs < 1)
        {
            throw new FineTuneException("InvalidMaxJobs", FailureKind.InvalidArgument,
                $"-MaxJobs {maxJobs.ToString(CultureInfo.InvariantCulture)} is not a number of jobs; give 1 or more.", "MaxJobs",
                "Give -MaxJobs 1 or more, or leave it out to submit the whole grid.");
        }
        if (maxJobs >= grid.Count) return grid;
        var order = Enumerable.Range(0, grid.Count).ToArray();
        new Random(seed).Shuffle(order);
        return order.Take(maxJobs).Order().Select(i => grid[i]).ToList();
    }

    static IEnumerable<T?> Axis<T>(IReadOnlyList<T> values) where T : struct =>
        values.Count == 0 ? [null] : values.Distinct().Select(v => (T?)v);
}
