using System.Buffers;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// <c>normalize_answer</c> of the official SQuAD v1.1 evaluation script (docs/evaluation.md): lower case, remove the
/// ASCII punctuation of Python's <c>string.punctuation</c>, remove the articles a, an and the as whole words, collapse
/// white space, in that order. Letters outside ASCII are kept ("Café" stays "café"), and so is punctuation outside
/// ASCII (curly quotes, dashes).
/// </summary>
public static class AnswerNormalizer
{
    /// <summary>Python's <c>string.punctuation</c>.</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    static readonly SearchValues<char> s_punctuation = SearchValues.Create(Punctuation);

    /// <summary>The normalised text: words separated by single spaces, no leading or trailing space.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // lower() turns one char into at most two (İ), so twice the length always holds the lowered text.
        var lowered = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length * 2));
        var joined = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length * 2));
        try
        {
            var length = LowerWithoutPunctuation(text, lowered);
            var written = JoinWordsWithoutArticles(lowered.AsSpan(0, length), joined);
            return new string(joined, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lowered);
            ArrayPool<char>.Shared.Return(joined);
        }
    }

    /// <summary>The tokens of the normalised text, as the script's <c>normalize_answer(s).split()</c>.</summary>
    public static string[] Tokens(string text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // lower, then remove_punc: no character outside ASCII lowers to ASCII punctuation, so dropping it first is the same.
    static int LowerWithoutPunctuation(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            var (rune, length, valid) = PythonText.Next(text, i);
            if (!valid) destination[written++] = text[i];
            else if (!(rune.IsAscii && s_punctuation.Contains((char)rune.Value)))
                written += PythonText.WriteLower(rune, destination[written..]);
            i += length;
        }
        return written;
    }

    // remove_articles replaces each \b(a|an|the)\b with a space: a whole run of word characters that is an article.
    // white_space_fix then joins the white-space separated words with single spaces.
    static int JoinWordsWithoutArticles(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        var spaceBefore = false;
        for (var i = 0; i < text.Length;)
        {
            var (rune, length, valid) = PythonText.Next(text, i);
            if (valid && PythonText.IsSpace(rune))
            {
                spaceBefore = written > 0;
                i += length;
                continue;
            }
            var end = i + length;
            if (valid && PythonText.IsWordCharacter(rune))
            {
                while (end < text.Length)
                {
                    var next = PythonText.Next(text, end);
                    if (!next.Valid || !PythonText.IsWordCharacter(next.Rune)) break;
                    end += next.Length;
                }
                if (IsArticle(text[i..end]))
                {
                    spaceBefore = written > 0;
                    i = end;
                    continue;
                }
            }
            if (spaceBefore) destination[written++] = ' ';
            spaceBefore = false;
            text[i..end].CopyTo(destination[written..]);
            written += end - i;
            i = end;
        }
        return written;
    }

    static bool IsArticle(ReadOnlySpan<char> word) => word is "a" or "an" or "the";
}
