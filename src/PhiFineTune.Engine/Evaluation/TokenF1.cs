namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// <c>f1_score</c> of the SQuAD v1.1 evaluation script: the harmonic mean of precision and recall over the tokens of
/// the normalised texts (<see cref="AnswerNormalizer.Tokens"/>), counting a token as often as it occurs in both (the
/// intersection of two Python Counters). 0 when no token is shared, which includes two texts that both normalise to
/// nothing (their exact match is 1).
/// </summary>
public static class TokenF1
{
    /// <summary>From 0 to 1.</summary>
    public static double Score(string prediction, string reference)
    {
        var predictionTokens = AnswerNormalizer.Tokens(prediction);
        var referenceTokens = AnswerNormalizer.Tokens(reference);
        var unmatched = new Dictionary<string, int>(predictionTokens.Length, StringComparer.Ordinal);
        foreach (var token in predictionTokens) unmatched[token] = unmatched.GetValueOrDefault(token) + 1;
        var same = 0;
        foreach (var token in referenceTokens)
        {
            if (unmatched.GetValueOrDefault(token) == 0) continue;
            unmatched[token]--;
            same++;
        }
        if (same == 0) return 0;
        // The script's arithmetic, in its order, so that the doubles are the same.
        var precision = 1.0 * same / predictionTokens.Length;
        var recall = 1.0 * same / referenceTokens.Length;
        return 2 * precision * recall / (precision + recall);
    }
}
