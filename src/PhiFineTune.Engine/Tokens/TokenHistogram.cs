namespace PhiFineTune.Engine.Tokens;

/// <summary>Exact percentiles of tokens per example in constant memory: one counter per token count.</summary>
internal sealed class TokenHistogram
{
    // Counts up to this are exact; longer examples share the last slot (their max is still tracked exactly).
    const int Slots = 1 << 18;
    readonly long[] _counts = new long[Slots];

    public long Count { get; private set; }
    public long Total { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }

    public void Add(int tokens)
    {
        _counts[Math.Min(tokens, Slots - 1)]++;
        Count++;
        Total += tokens;
        Min = Math.Min(Min, tokens);
        Max = Math.Max(Max, tokens);
    }

    /// <summary>The smallest token count at or below which <paramref name="fraction"/> of the examples fall.</summary>
    public long Percentile(double fraction)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (var tokens = 0; tokens < Slots; tokens++)
        {
            seen += _counts[tokens];
            if (seen >= rank) return tokens == Slots - 1 ? Max : tokens;
        }
        return Max;
    }

    public TokenStatistics? ToStatistics() => Count == 0 ? null : new TokenStatistics
    {
        Min = Min, Mean = (double)Total / Count, P50 = Percentile(0.5), P95 = Percentile(0.95), Max = Max, Total = Total,
    };
}
