using PhiFineTune.Engine.Jobs;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>One job of a sweep before it is submitted: its hyperparameters (as asked and as sent) and its billed tokens.</summary>
/// <param name="Epochs">The epochs it trains for: as asked, else the model's default, else 1.</param>
/// <param name="BilledTokens">Training tokens per epoch × epochs; null when the tokens were not counted.</param>
public sealed record SweepJobPlan(HyperparameterRequest Hyperparameters, IReadOnlyDictionary<string, string> Wire, int Epochs,
    long? BilledTokens)
{
    /// <summary>The hyperparameters as a user reads them, e.g. "epochs 2, learning rate 2E-05".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Hyperparameters.Epochs is { } e) parts.Add($"epochs {e}");
        if (Hyperparameters.LearningRate is { } r) parts.Add($"learning rate {r.ToString("G", System.Globalization.CultureInfo.InvariantCulture)}");
        if (Hyperparameters.BatchSize is { } b) parts.Add($"batch size {b}");
        return parts.Count == 0 ? "the service's defaults" : string.Join(", ", parts);
    }
}
