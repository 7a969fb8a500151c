using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// ExactMatch and TokenF1 against exact_match_score and f1_score of the SQuAD v1.1 script (huggingface/evaluate,
/// metrics/squad/compute_score.py); the 1976 and Beyoncé pairs are the examples of that metric's README
/// (metrics/squad/README.md). F1 by hand: precision p and recall r over the normalised tokens, 2pr / (p + r); the
/// script gives the same doubles.
/// </summary>
public sealed class SquadScoreTests
{
    [Theory]
    [InlineData("1976", "1976", 1.0, 1.0)]
    [InlineData("1999", "1976", 0.0, 0.0)]
    // "beyonce" is not "beyoncé": nothing shared. With the é, p = 1 and r = 1/4.
    [InlineData("Beyonce", "Beyoncé and Bruno Mars", 0.0, 0.0)]
    [InlineData("Beyoncé", "Beyoncé and Bruno Mars", 0.0, 0.4)]
    [InlineData("Café", "cafe", 0.0, 0.0)]
    [InlineData("CAFÉ", "café", 1.0, 1.0)]
    // Case, ASCII punctuation, articles and spacing do not count.
    [InlineData("Paris", "paris.", 1.0, 1.0)]
    [InlineData("the Eiffel Tower", "Eiffel   tower!", 1.0, 1.0)]
    [InlineData("The cat sat on the mat.", "A cat sat on a mat!", 1.0, 1.0)]
    // Order counts for exact match only.
    [InlineData("blue green", "green blue", 0.0, 1.0)]
    // "sat" of "cat sat" against "dog sat down": p = 1/2, r = 1/3.
    [InlineData("a cat sat", "the dog sat down", 0.0, 0.4)]
    // docs/evaluation.md's worked example: "password" and "minute" shared, p = 2/6, r = 2/4.
    [InlineData("Your password is reset in a minute.", "The password resets within a minute.", 0.0, 0.4)]
    // A Counter intersection: a token counts as often as it occurs in both. p = 1, r = 1/2; p = 1/3, r = 1; p = 2/3, r = 1.
    [InlineData("cat", "cat cat", 0.0, 2.0 / 3)]
    [InlineData("cat cat cat", "cat", 0.0, 0.5)]
    [InlineData("cat dog cat", "cat cat", 0.0, 0.8)]
    // 2 shared of 3 and of 5: 2 × (2/3) × (2/5) / (2/3 + 2/5).
    [InlineData("red green blue", "red blue cyan magenta yellow", 0.0, 0.5)]
    // Both normalise to nothing (empty, punctuation only, articles only): the exact match is 1, the F1 0.
    [InlineData("", "", 1.0, 0.0)]
    [InlineData("!!", "?", 1.0, 0.0)]
    [InlineData("...", "!", 1.0, 0.0)]
    [InlineData("the the", "a", 1.0, 0.0)]
    [InlineData("the", "", 1.0, 0.0)]
    // One side empty.
    [InlineData("", "Paris", 0.0, 0.0)]
    [InlineData("Paris", "", 0.0, 0.0)]
    public void Scores_as_the_squad_script(string prediction, string reference, double exactMatch, double f1)
    {
        Assert.Equal(exactMatch, ExactMatch.Score(prediction, reference));
        Assert.Equal(f1, TokenF1.Score(prediction, reference));
    }
}
