using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// TokenF1 against f1_score of the SQuAD v1.1 script (huggingface/evaluate, metrics/squad/compute_score.py); the 1976
/// and Beyoncé pairs are the examples of that metric's README. Expected values by hand (precision p and recall r over
/// the normalised tokens, 2pr / (p + r)); the script gives the same doubles.
/// </summary>
public sealed class TokenF1Tests
{
    [Theory]
    [InlineData("1976", "1976", 1.0)]
    [InlineData("1999", "1976", 0.0)]
    // "beyonce" is not "beyoncé": nothing shared.
    [InlineData("Beyonce", "Beyoncé and Bruno Mars", 0.0)]
    // p = 1, r = 1/4.
    [InlineData("Beyoncé", "Beyoncé and Bruno Mars", 0.4)]
    // Order does not count.
    [InlineData("blue green", "green blue", 1.0)]
    [InlineData("The cat sat on the mat.", "A cat sat on a mat!", 1.0)]
    // "sat" of "cat sat" against "dog sat down": p = 1/2, r = 1/3.
    [InlineData("a cat sat", "the dog sat down", 0.4)]
    // docs/evaluation.md's worked example: "password" and "minute" shared, p = 2/6, r = 2/4.
    [InlineData("Your password is reset in a minute.", "The password resets within a minute.", 0.4)]
    // A Counter intersection: "cat" three times against once counts once, p = 1/3, r = 1.
    [InlineData("cat cat cat", "cat", 0.5)]
    // "cat" twice in both counts twice, p = 2/3, r = 1.
    [InlineData("cat dog cat", "cat cat", 0.8)]
    // 2 shared of 3 and of 5: 2 * (2/3) * (2/5) / (2/3 + 2/5).
    [InlineData("red green blue", "red blue cyan magenta yellow", 0.5)]
    // No token on either side: 0, although the exact match is 1.
    [InlineData("", "", 0.0)]
    [InlineData("the the", "a", 0.0)]
    [InlineData("...", "!", 0.0)]
    [InlineData("", "Paris", 0.0)]
    [InlineData("Paris", "", 0.0)]
    public void Scores_as_the_squad_script(string prediction, string reference, double expected) =>
        Assert.Equal(expected, TokenF1.Score(prediction, reference));
}
