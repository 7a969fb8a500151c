using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>
/// AnswerNormalizer against normalize_answer of the SQuAD v1.1 script (huggingface/evaluate,
/// metrics/squad/compute_score.py). Each expected text is what that function returns under Python 3.11 (worked out by
/// hand from its four steps, and checked by running the function).
/// </summary>
public sealed class AnswerNormalizerTests
{
    [Theory]
    [InlineData("The Quick, Brown Fox!", "quick brown fox")]
    [InlineData("", "")]
    // Punctuation only, articles only, and both: nothing is left.
    [InlineData("?!...", "")]
    [InlineData("a an the", "")]
    [InlineData("A, an; THE.", "")]
    [InlineData("THE", "")]
    [InlineData("An apple a day", "apple day")]
    // Articles go only as whole words.
    [InlineData("theater anthem", "theater anthem")]
    [InlineData("1a b2 the3", "1a b2 the3")]
    // Punctuation is removed, not replaced by a space, so it joins what it separated; the underscore is punctuation.
    [InlineData("don't", "dont")]
    [InlineData("a.b", "ab")]
    [InlineData("snake_case", "snakecase")]
    [InlineData("  Multiple\t\nspaces  ", "multiple spaces")]
    // Letters outside ASCII are lowered and kept.
    [InlineData("Café", "café")]
    [InlineData("ÀB", "àb")]
    // Punctuation outside ASCII is kept, and it ends a word, so the article after it goes.
    [InlineData("l\u2019a", "l\u2019")]
    [InlineData("\u201Ea\u201C the\u2014an", "\u201E \u201C \u2014")]
    // Full-width letters are not the ASCII article.
    [InlineData("\uFF54\uFF48\uFF45 \uFF41", "\uFF54\uFF48\uFF45 \uFF41")]
    // A superscript digit is a word character of Python's re, so "²a" is one word.
    [InlineData("x \u00B2a", "x \u00B2a")]
    // A combining mark is not: "the" before a combining acute is a whole word.
    [InlineData("the\u0301", "\u0301")]
    // Python's white space: no-break and ideographic spaces, the paragraph separator, U+001C to U+001F.
    [InlineData("\u00A0the\u3000end\u2029", "end")]
    [InlineData("\u001Cx\u001Fy", "x y")]
    // lower() of İ is i and a combining dot above; of the Kelvin sign, k; of a Deseret capital, its small letter.
    [InlineData("\u0130stanbul", "i\u0307stanbul")]
    [InlineData("\u212A", "k")]
    [InlineData("\U00010400", "\U00010428")]
    public void Normalizes_as_the_squad_script(string text, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(text));

    [Fact]
    public void Tokens_are_the_normalized_words()
    {
        Assert.Equal(new[] { "quick", "brown", "fox" }, AnswerNormalizer.Tokens("The quick  brown, fox."));
        Assert.Empty(AnswerNormalizer.Tokens("The."));
        Assert.Empty(AnswerNormalizer.Tokens(""));
    }

    [Fact]
    public void Keeps_a_lone_surrogate_as_it_is()
    {
        Assert.Equal("x \uD800y", AnswerNormalizer.Normalize("X \uD800Y"));
        Assert.Equal("\uDC00", AnswerNormalizer.Normalize("the \uDC00 a"));
    }

    [Fact]
    public void Lowers_a_final_capital_sigma_as_sigma_where_python_writes_final_sigma()
    {
        // Python's lower() gives "σας" (docs/evaluation.md, "Where the scores differ from Python"): a known difference.
        Assert.Equal("\u03C3\u03B1\u03C3", AnswerNormalizer.Normalize("\u03A3\u0391\u03A3"));
    }

    [Fact]
    public void Punctuation_is_pythons_string_punctuation()
    {
        // string.punctuation: every printable ASCII character that is not a letter or digit, in ASCII order.
        var printable = Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c);
        Assert.Equal(AnswerNormalizer.Punctuation, string.Concat(printable.Where(c => !char.IsAsciiLetterOrDigit(c))));
    }
}
