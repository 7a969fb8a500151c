using System.Text;
using Microsoft.ML.Tokenizers;
using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Engine.Tests;

/// <summary>The counter's own splitting and memo must give exactly the library's counts.</summary>
public sealed class TokenCounterTests
{
    static readonly string[] Pieces =
    [
        "Hello", " world", "don't", " I'LL", " we've", "'s", "  ", "\n", "\r\n", "\n\n  ", "\t", "42", "123456", " 3.14",
        "東京のデータセンター", "데이터 세트", "日志显示", "Привет", " мир", "café", " naïve", "🙂", "👩‍💻", "==>", " {\"a\": [1, 2]}",
        "def f(x):\n    return x**2", "SELECT * FROM t WHERE id = 1;", "https://example.com/a/b?c=d", "ÀÉÎ", "ǅemal", "i̇", "\u00a0",
        "<|endoftext|>", "<|im_start|>", "   trailing   ", "camelCaseWord", "UPPERCASE", "MixedUP", "x" + new string('y', 80),
    ];

    static IEnumerable<string> Corpus()
    {
        var random = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 30); n > 0; n--) text.Append(Pieces[random.Next(Pieces.Length)]);
            yield return text.ToString();
        }
        foreach (var piece in Pieces) yield return piece;
    }

    [Theory]
    [InlineData(TokenizerVocabulary.O200kBase, "o200k_base")]
    [InlineData(TokenizerVocabulary.Cl100kBase, "cl100k_base")]
    public void Counts_exactly_as_the_library_does(TokenizerVocabulary vocabulary, string encoding)
    {
        var counter = new TokenCounter(vocabulary);
        Assert.NotNull(counter.PreTokenizerPattern());
        var cache = counter.CreateCache();
        var library = TiktokenTokenizer.CreateForEncoding(encoding);

        foreach (var text in Corpus())
        {
            Assert.Equal(library.CountTokens(text), cache.Count(text));
            Assert.Equal(library.CountTokens(text), cache.Count(text)); // again, from the memo
        }
    }

    [Fact]
    public void The_Llama2_estimate_scales_the_cl100k_count_up()
    {
        var text = "The quick brown fox jumps over the lazy dog, again and again, until the dog wakes up.";
        var exact = new TokenCounter(TokenizerVocabulary.Cl100kBase).CreateCache().Count(text);
        var estimate = new TokenCounter(TokenizerVocabulary.Llama2SentencePiece).CreateCache().Count(text);
        Assert.Equal((int)Math.Ceiling(exact * TokenCounter.Llama2PerCl100k), estimate);
    }
}
