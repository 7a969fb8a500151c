using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// Counts the tokens of message contents for one base model's vocabulary: exactly with tiktoken data for o200k_base
/// and cl100k_base, as a calibrated estimate for the Llama 2 SentencePiece vocabulary of Phi-3 and Phi-3.5.
/// Counts only, with its own byte-pair merge over a compact copy of Microsoft.ML.Tokenizers' vocabulary data, and
/// gives exactly the library's counts (TokenCounterTests).
/// </summary>
internal sealed class TokenCounter
{
    /// <summary>Allowance per message for the chat template: role marker, separators and end marker.</summary>
    public const int TemplateTokensPerMessage = 4;

    /// <summary>
    /// Llama 2 tokens per cl100k_base token; the estimate is the cl100k_base count times this ratio, rounded up.
    /// Measured with bench/token-estimate against the Llama 2 tokenizer (docs/benchmarks.md): 1.19 gives right totals
    /// over both corpora, 1.24 fits code and changelogs. 1.24 is kept on purpose: too high errs on the safe side for the
    /// billing estimate and the context-length check.
    /// </summary>
    public const double Llama2PerCl100k = 1.24;

    /// <summary>The measured error of that estimate, quoted in every report that uses it.</summary>
    public const string Llama2EstimateError =
        "measured on 2,385 examples of prose, code and ten languages: 7.8 % off per example on average (95th percentile 16.7 %), totals 4.5 % high";

    readonly TiktokenEncoding _encoding;
    readonly double _factor;

    public TokenCounter(TokenizerVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        (_encoding, _factor) = vocabulary switch
        {
            TokenizerVocabulary.O200kBase => (TiktokenEncoding.O200kBase, 1.0),
            TokenizerVocabulary.Cl100kBase => (TiktokenEncoding.Cl100kBase, 1.0),
            _ => (TiktokenEncoding.Cl100kBase, Llama2PerCl100k),
        };
        _ = _encoding.Ranks;
    }

    public TokenizerVocabulary Vocabulary { get; }

    public bool IsExact => _factor == 1.0;

    /// <summary>A per-thread memo of recent contents: the same system message on every line is counted once.</summary>
    public ContentCache CreateCache() => new(this);

    int Scale(int count) => _factor == 1.0 ? count : (int)Math.Ceiling(count * _factor);

    /// <summary>
    /// What counting needs of a tiktoken encoding, as TiktokenTokenizer.CreateForEncoding sets it up in
    /// Microsoft.ML.Tokenizers 2.0.1 (TokenCounterTests holds the two to each other): its pre-tokenizer pattern, its
    /// special tokens and its mergeable ranks, read once per process from the library's data package.
    /// </summary>
    internal sealed class TiktokenEncoding
    {
        public static readonly TiktokenEncoding O200kBase = new(
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+",
            ["<|endoftext|>", "<|endofprompt|>"],
            "Microsoft.ML.Tokenizers.O200kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate");

        public static readonly TiktokenEncoding Cl100kBase = new(
            @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s",
            ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"],
            "Microsoft.ML.Tokenizers.Cl100kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate");

        readonly Lazy<TiktokenRanks> _ranks;

        TiktokenEncoding(string pattern, string[] specialTokens, string dataType, string resource)
        {
            Pattern = pattern;
            SpecialTokens = specialTokens;
            _ranks = new(() => TiktokenRanks.LoadEmbedded(dataType, resource));
        }

        public string Pattern { get; }

        /// <summary>Split out of the text before the pattern applies; each counts as one token.</summary>
        public string[] SpecialTokens { get; }

        public TiktokenRanks Ranks => _ranks.Value;
    }

    /// <summary>
    /// Not thread-safe: one per worker. Counts as Microsoft.ML.Tokenizers' TiktokenTokenizer.CountTokens does: special
    /// tokens split out, the rest split into pre-tokens by the encoding's pattern (each worker compiles its own copy:
    /// a shared Regex hands one runner back and forth between threads), and each pre-token's byte-pair merges counted.
    /// Remembers the counts of recent short pre-tokens, and of whole contents (a system message on every line).
    /// </summary>
    internal sealed class ContentCache
    {
        const int MaxContents = 16_384;
        const int MinCachedLength = 32;
        const int WordSlots = 1 << 16;
        const int MaxWordLength = 32;
        const int StackWordLength = 128;
        readonly TokenCounter _counter;
        readonly TiktokenRanks _ranks;
        readonly string[] _specialTokens;
        readonly Regex _regex;
        readonly Dictionary<ulong, int> _contents = new();
        // A direct-mapped memo of word counts: a word's slot is picked by its hash, and a newer word takes the slot over.
        // Fixed at about 0.6 MB, allocation-free. A count of 0 marks an empty slot (a word is at least one token; one of
        // up to MaxWordLength chars is at most 96 bytes, so at most 96 tokens).
        readonly ulong[] _wordKeys = new ulong[WordSlots];
        readonly byte[] _wordCounts = new byte[WordSlots];
        byte[] _longWordBytes = [];

        public ContentCache(TokenCounter counter)
        {
            _counter = counter;
            _ranks = counter._encoding.Ranks;
            _specialTokens = counter._encoding.SpecialTokens;
            _regex = new Regex(counter._encoding.Pattern, RegexOptions.Compiled);
        }

        public int Count(ReadOnlySpan<char> text)
        {
            if (text.Length < MinCachedLength) return _counter.Scale(CountExact(text));
            var key = Key(text);
            if (_contents.TryGetValue(key, out var cached)) return cached;
            var count = _counter.Scale(CountExact(text));
            if (_contents.Count >= MaxContents) _contents.Clear();
            _contents[key] = count;
            return count;
        }

        int CountExact(ReadOnlySpan<char> text)
        {
            var total = 0;
            while (true)
            {
                var special = IndexOfSpecialToken(text, out var specialLength);
                if (special < 0) return total + CountPreTokens(text);
                total += CountPreTokens(text[..special]) + 1;
                text = text[(special + specialLength)..];
            }
        }

        /// <summary>The first special token in the text, as the library's alternation of them finds it (none is a prefix of another).</summary>
        int IndexOfSpecialToken(ReadOnlySpan<char> text, out int length)
        {
            length = 0;
            if (!text.Contains("<|", StringComparison.Ordinal)) return -1;
            var first = -1;
            foreach (var token in _specialTokens)
            {
                var index = text.IndexOf(token, StringComparison.Ordinal);
                if (index >= 0 && (first < 0 || index < first)) (first, length) = (index, token.Length);
            }
            return first;
        }

        int CountPreTokens(ReadOnlySpan<char> text)
        {
            var total = 0;
            foreach (var match in _regex.EnumerateMatches(text))
            {
                var word = text.Slice(match.Index, match.Length);
                if (word.Length > MaxWordLength)
                {
                    total += CountWord(word);
                    continue;
                }
                var key = Key(word);
                var slot = (int)key & (WordSlots - 1);
                if (_wordCounts[slot] == 0 || _wordKeys[slot] != key)
                {
                    _wordKeys[slot] = key;
                    _wordCounts[slot] = (byte)CountWord(word);
                }
                total += _wordCounts[slot];
            }
            return total;
        }

        int CountWord(ReadOnlySpan<char> word)
        {
            var bytes = word.Length <= StackWordLength
                ? stackalloc byte[StackWordLength * 3]
                : _longWordBytes.Length >= word.Length * 3 ? _longWordBytes : _longWordBytes = new byte[word.Length * 3];
            if (Utf8.FromUtf16(word, bytes, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
                return _ranks.CountTokens(bytes[..written]);
            return _ranks.CountTokens(bytes[..EncodeWithLoneSurrogates(word, bytes)]);
        }

        /// <summary>UTF-8, except that a lone surrogate becomes the three bytes of its code unit, as Microsoft.ML.Tokenizers encodes it.</summary>
        static int EncodeWithLoneSurrogates(ReadOnlySpan<char> word, Span<byte> bytes)
        {
            var written = 0;
            for (var i = 0; i < word.Length; i++)
            {
                if (i + 1 < word.Length && char.IsSurrogatePair(word[i], word[i + 1]))
                {
                    written += Encoding.UTF8.GetBytes(word.Slice(i, 2), bytes[written..]);
                    i++;
                    continue;
                }
                uint c = word[i];
                if (c <= 0x7F) bytes[written++] = (byte)c;
                else if (c <= 0x7FF)
                {
                    bytes[written++] = (byte)(0xC0 | (c >> 6));
                    bytes[written++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    bytes[written++] = (byte)(0xE0 | (c >> 12));
                    bytes[written++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    bytes[written++] = (byte)(0x80 | (c & 0x3F));
                }
            }
            return written;
        }

        static ulong Key(ReadOnlySpan<char> text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text)) ^ ((ulong)text.Length << 48);
    }
}
