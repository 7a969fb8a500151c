using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// ExactMatch against exact_match_score of the SQuAD v1.1 script (huggingface/evaluate, metrics/squad/compute_score.py);
/// the 1976 and Beyoncé pairs are the examples of that metric's README (metrics/squad/README.md).
/// </summary>
public sealed class ExactMatchTests
{
    [Theory]
    [InlineData("1976", "1976", 1.0)]
    [InlineData("1999", "1976", 0.0)]
    [InlineData("Beyonce", "Beyoncé and Bruno Mars", 0.0)]
    [InlineData("Paris", "paris.", 1.0)]
    [InlineData("the Eiffel Tower", "Eiffel   tower!", 1.0)]
    [InlineData("The cat sat on the mat.", "A cat sat on a mat!", 1.0)]
    [InlineData("cat", "cat cat", 0.0)]
    // docs/evaluation.md's worked example.
    [InlineData("Your password is reset in a minute.", "The password resets within a minute.", 0.0)]
    // "Café" keeps its é, so it is not "Cafe".
    [InlineData("Café", "cafe", 0.0)]
    [InlineData("CAFÉ", "café", 1.0)]
    // Two texts that normalise to nothing are the same.
    [InlineData("", "", 1.0)]
    [InlineData("!!", "?", 1.0)]
    [InlineData("the", "", 1.0)]
    [InlineData("", "Paris", 0.0)]
    public void Scores_as_the_squad_script(string prediction, string reference, double expected) =>
        Assert.Equal(expected, ExactMatch.Score(prediction, reference));
}
