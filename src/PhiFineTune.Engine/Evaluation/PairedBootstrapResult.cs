namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// How much better one system scored than another on the same examples: <see cref="MeanDifference"/> is the mean of
/// candidate minus baseline per example, <see cref="Lower"/> and <see cref="Upper"/> the percentile bootstrap interval of
/// that mean at <see cref="Confidence"/> (0.95 for 95 %). An interval entirely above 0 means the candidate scored better
/// on these examples; one that contains 0 does not tell the two apart.
/// </summary>
public sealed record PairedBootstrapResult(int Count, double MeanDifference, double Lower, double Upper,
    double Confidence, int Resamples, int Seed);
