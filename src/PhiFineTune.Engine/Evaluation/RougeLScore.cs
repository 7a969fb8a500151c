namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// ROUGE-L of one reply against its reference: <paramref name="Precision"/> is the longest common subsequence's share
/// of the reply's tokens, <paramref name="Recall"/> its share of the reference's, <paramref name="FMeasure"/> their
/// harmonic mean. Each from 0 to 1.
/// </summary>
public readonly record struct RougeLScore(double Precision, double Recall, double FMeasure);
