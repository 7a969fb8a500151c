namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// <c>exact_match_score</c> of the SQuAD v1.1 evaluation script: 1 when the reply and the reference are the same after
/// <see cref="AnswerNormalizer.Normalize"/>, else 0. Two texts that both normalise to nothing match.
/// </summary>
public static class ExactMatch
{
    /// <summary>1 or 0.</summary>
    public static double Score(string prediction, string reference) =>
        string.Equals(AnswerNormalizer.Normalize(prediction), AnswerNormalizer.Normalize(reference), StringComparison.Ordinal) ? 1 : 0;
}
