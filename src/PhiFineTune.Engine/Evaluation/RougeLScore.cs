namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// ROUGE-L of one reply against its reference: <see cref="Precision"/> is the longest common subsequence's share
/// of the reply's tokens, <see cref="Recall"/> its share of the reference's, <see cref="FMeasure"/> their
/// harmonic mean. Each from 0 to 1.
/// </summary>
public readonly record struct RougeLScore(double Precision, double Recall, double FMeasure);
