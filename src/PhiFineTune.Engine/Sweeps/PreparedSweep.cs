using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>
/// A sweep ready to submit: every job's hyperparameters checked, the data checked (and split) once, the billed tokens
/// counted. Nothing has been sent yet. Dispose removes a split's temporary files.
/// </summary>
public sealed class PreparedSweep : IDisposable
{
    internal PreparedSweep(string name, PreparedJob data, IReadOnlyList<SweepJobPlan> jobs, long? tokensPerEpoch, bool? exact)
    {
        Name = name;
        Data = data;
        Jobs = jobs;
        TokensPerEpoch = tokensPerEpoch;
        TokenCountIsExact = exact;
    }

    public string Name { get; }
    /// <summary>The checked data and model every job of the sweep shares.</summary>
    public PreparedJob Data { get; }
    public IReadOnlyList<SweepJobPlan> Jobs { get; }
    /// <summary>The billed tokens of one epoch over the training data that is sent; null when not counted.</summary>
    public long? TokensPerEpoch { get; }
    public bool? TokenCountIsExact { get; }
    public long? TotalBilledTokens => Jobs.Any(j => j.BilledTokens is null) ? null : Jobs.Sum(j => j.BilledTokens!.Value);

    public void Dispose() => Data.Dispose();
}
