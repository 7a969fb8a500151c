namespace PhiFineTune.Engine.Jobs;

/// <summary>The points of a loss history that comparisons and perplexity are read at.</summary>
public static class LossPoints
{
    /// <summary>
    /// The last step's point and the best (lowest; the earliest of equal ones) point, among the finite values only;
    /// both null when the history has none.
    /// </summary>
    public static (FineTuneJobMetric? Last, FineTuneJobMetric? Best) LastAndBest(IEnumerable<FineTuneJobMetric> history)
    {
        var finite = history.Where(p => double.IsFinite(p.Value)).ToList();
        return (finite.MaxBy(p => p.Step), finite.OrderBy(p => p.Value).ThenBy(p => p.Step).FirstOrDefault());
    }
}
