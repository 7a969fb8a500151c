using System.Text;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// ROUGE-L as Google's <c>rouge_score</c> package computes it (<c>rouge_scorer.py</c>, <c>_score_lcs</c>; see
/// docs/evaluation.md): the longest common subsequence of the two token lists, its tokens in the same order but not
/// necessarily next to each other, with the package's default tokenizer and no stemming.
/// </summary>
public static class RougeL
{
    /// <summary>Precision, recall and F-measure; all 0 when either text has no token.</summary>
    public static RougeLScore Score(string prediction, string reference)
    {
        var predictionTokens = Tokenize(prediction);
        var referenceTokens = Tokenize(reference);
        if (predictionTokens.Count == 0 || referenceTokens.Count == 0) return new RougeLScore(0, 0, 0);
        var lcs = LongestCommonSubsequence(referenceTokens, predictionTokens);
        var precision = (double)lcs / predictionTokens.Count;
        var recall = (double)lcs / referenceTokens.Count;
        // scoring.fmeasure: 0 when precision + recall is 0 (no common token).
        var fmeasure = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new RougeLScore(precision, recall, fmeasure);
    }

    /// <summary>
    /// The package's default tokenizer (<c>tokenize.py</c>): lower case, every run of characters other than a-z and 0-9
    /// becomes a space, split, keep the non-empty tokens. So "Café" is the token "caf" and "don't" is "don" and "t".
    /// </summary>
    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        Span<char> lowered = stackalloc char[2];
        var token = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var (rune, length, valid) = PythonText.Next(text, i);
            i += length;
            // Only A-Z, the Kelvin sign (k) and İ (i, then a combining dot that ends the token) lower to a-z or 0-9.
            var count = valid ? PythonText.WriteLower(rune, lowered) : 0;
            for (var c = 0; c < count; c++)
            {
                if (lowered[c] is >= 'a' and <= 'z' or >= '0' and <= '9') token.Append(lowered[c]);
                else Flush(token, tokens);
            }
            if (count == 0) Flush(token, tokens);
        }
        Flush(token, tokens);
        return tokens;
    }

    static void Flush(StringBuilder token, List<string> tokens)
    {
        if (token.Length == 0) return;
        tokens.Add(token.ToString());
        token.Clear();
    }

    // The length of _lcs_table's last cell, keeping one row of the table at a time.
    static int LongestCommonSubsequence(List<string> reference, List<string> candidate)
    {
        var previous = new int[candidate.Count + 1];
        var current = new int[candidate.Count + 1];
        foreach (var referenceToken in reference)
        {
            for (var j = 1; j <= candidate.Count; j++)
            {
                current[j] = string.Equals(referenceToken, candidate[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[candidate.Count];
    }
}
