using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using PhiFineTune.Engine.Tokens;

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
        "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endoftext", "<|", "|>", "<|<|endoftext|>|>",
        "\uFFFD", " \uFFFD\uFFFD", "\ud800", "a\udc00b", "\ud83d", "\ude42x", "🙂\ud83d", new string(' ', 300), new string('=', 500) + "\n",
        "東京都渋谷区神宮前一丁目二番三号のデータセンターで障害が発生しました東京都渋谷区神宮前一丁目二番三号のデータセンターで障害が発生しました",
        "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsangestelltengewerkschaftsvorsitzender",
        Convert.ToBase64String(Enumerable.Range(0, 300).Select(i => (byte)(i * 7919 % 251)).ToArray()),
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
        var cache = new TokenCounter(vocabulary).CreateCache();
        var library = TiktokenTokenizer.CreateForEncoding(encoding);

        foreach (var text in Corpus())
        {
            Assert.Equal(library.CountTokens(text), cache.Count(text));
            Assert.Equal(library.CountTokens(text), cache.Count(text)); // again, from the memo
        }
    }

    [Theory]
    [InlineData(TokenizerVocabulary.O200kBase, "o200k_base")]
    [InlineData(TokenizerVocabulary.Cl100kBase, "cl100k_base")]
    public void Words_merge_exactly_as_the_library_merges_them(TokenizerVocabulary vocabulary, string encoding)
    {
        // Single pre-tokens, short (merged on the stack) and over 128 bytes (merged with a heap), from alphabets small
        // enough that many pairs merge, with U+FFFD and lone surrogates, which the library never takes as a whole token.
        var cache = new TokenCounter(vocabulary).CreateCache();
        var library = TiktokenTokenizer.CreateForEncoding(encoding);
        var random = new Random(5);
        string[] alphabets = ["ab", "etaoin", "abcdefghijklmnopqrstuvwxyz", "éèàç", "的一是不了人", "\uFFFDa", "\ud800\udc00x\ud83d", "=-_*#"];
        for (var i = 0; i < 4000; i++)
        {
            var alphabet = alphabets[random.Next(alphabets.Length)];
            var length = random.Next(2) == 0 ? random.Next(1, 40) : random.Next(40, 400);
            var word = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var expected = library.CountTokens(word);
            Assert.True(expected == cache.Count(word), $"{encoding}: \"{word}\" is {expected} tokens");
        }
    }

    [Theory]
    [InlineData(TokenizerVocabulary.O200kBase, "o200k_base")]
    [InlineData(TokenizerVocabulary.Cl100kBase, "cl100k_base")]
    public void The_compact_vocabulary_holds_every_token_of_the_library_with_its_rank(TokenizerVocabulary vocabulary, string encoding)
    {
        var ranks = Encoding(vocabulary).Ranks;
        var library = TiktokenTokenizer.CreateForEncoding(encoding);
        var encoder = (Dictionary<ReadOnlyMemory<byte>, int>)typeof(TiktokenTokenizer)
            .GetField("_encoder", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(library)!;

        Assert.Equal(encoder.Count, ranks.Count);
        foreach (var (bytes, rank) in encoder)
        {
            Assert.Equal(rank, ranks.Rank(bytes.Span));
            Assert.True(bytes.Span.SequenceEqual(ranks.Token(rank)));
            // Every token merges back to itself: so looking whole words up first, which the library does only for
            // words without U+FFFD or lone surrogates, never changes a count.
            Assert.Equal(1, ranks.CountByMerging(bytes.Span));
        }
        Assert.Equal(-1, ranks.Rank("<|endoftext|>"u8));
        Assert.Equal(-1, ranks.Rank(new byte[200]));
    }

    [Theory]
    [InlineData(TokenizerVocabulary.O200kBase, "o200k_base")]
    [InlineData(TokenizerVocabulary.Cl100kBase, "cl100k_base")]
    public void The_pattern_and_special_tokens_are_the_library_s(TokenizerVocabulary vocabulary, string encoding)
    {
        var library = TiktokenTokenizer.CreateForEncoding(encoding);
        var regex = (Regex)library.PreTokenizer!.GetType().GetField("_regex", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(library.PreTokenizer)!;
        Assert.Equal(regex.ToString(), Encoding(vocabulary).Pattern);
        Assert.Equal(RegexOptions.None, regex.Options);
        Assert.Equal(library.SpecialTokens!.Keys.Order(), Encoding(vocabulary).SpecialTokens.Order());
    }

    [Fact]
    public void Merging_edge_cases()
    {
        var ranks = Encoding(TokenizerVocabulary.Cl100kBase).Ranks;
        Assert.Equal(0, ranks.CountTokens([]));
        Assert.Equal(1, ranks.CountTokens("a"u8));
        Assert.Equal(1, ranks.CountTokens(" hello"u8));
        // Bytes that are no token and no pair of tokens stay single bytes.
        Assert.Equal(2, ranks.CountTokens([0xFF, 0xFE]));
        Assert.Equal(2, ranks.CountByMerging([0xFF, 0xFE]));
    }

    static TiktokenEncoding Encoding(TokenizerVocabulary vocabulary) =>
        vocabulary == TokenizerVocabulary.O200kBase ? TiktokenEncoding.O200kBase : TiktokenEncoding.Cl100kBase;

    [Fact]
    public void The_Llama2_estimate_scales_the_cl100k_count_up()
    {
        var text = "The quick brown fox jumps over the lazy dog, again and again, until the dog wakes up.";
        var exact = new TokenCounter(TokenizerVocabulary.Cl100kBase).CreateCache().Count(text);
        var estimate = new TokenCounter(TokenizerVocabulary.Llama2SentencePiece).CreateCache().Count(text);
        Assert.Equal((int)Math.Ceiling(exact * TokenCounter.Llama2PerCl100k), estimate);
    }
}
