namespace PhiFineTune;

/// <summary>An allowed range of one hyperparameter, with where it comes from.</summary>
public sealed class HyperparameterRange
{
    public required string Name { get; init; }
    /// <summary>The name on the wire of the FineTuning job (contract B.5), e.g. num_train_epochs.</summary>
    public required string WireName { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public double? Default { get; init; }
    public required string Source { get; init; }

    public override string ToString() => $"{Name} {Show(Minimum)}..{Show(Maximum)}";

    static string Show(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
