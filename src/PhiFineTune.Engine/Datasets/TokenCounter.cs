using System.IO.Hashing;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Runtime.InteropServices;
using Microsoft.ML.Tokenizers;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// Counts the tokens of message contents for one base model's vocabulary: exactly with tiktoken data for o200k_base
/// and cl100k_base, as a calibrated estimate for the Llama 2 SentencePiece vocabulary of Phi-3 and Phi-3.5.
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

    static readonly Lazy<Tokenizer> s_o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    static readonly Lazy<Tokenizer> s_cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    readonly Tokenizer _tokenizer;
    readonly double _factor;

    public TokenCounter(TokenizerVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        (_tokenizer, _factor) = vocabulary switch
        {
            TokenizerVocabulary.O200kBase => (s_o200k.Value, 1.0),
            TokenizerVocabulary.Cl100kBase => (s_cl100k.Value, 1.0),
            _ => (s_cl100k.Value, Llama2PerCl100k),
        };
    }

    public TokenizerVocabulary Vocabulary { get; }

    public bool IsExact => _factor == 1.0;

    /// <summary>A per-thread memo of recent contents: the same system message on every line is counted once.</summary>
    public ContentCache CreateCache() => new(this);

    int Scale(int count) => _factor == 1.0 ? count : (int)Math.Ceiling(count * _factor);

    /// <summary>
    /// The tokenizer's own pre-tokenizer pattern (tiktoken's, for the encoding). Microsoft.ML.Tokenizers keeps it in
    /// one static Regex shared by every thread, which two workers contend on; each worker compiles its own copy.
    /// Null when this version of the library keeps it elsewhere: then every count goes through the library.
    /// </summary>
    internal Regex? PreTokenizerPattern() =>
        _tokenizer.PreTokenizer?.GetType().GetField("_regex", BindingFlags.Instance | BindingFlags.NonPublic)
            ?.GetValue(_tokenizer.PreTokenizer) as Regex;

    /// <summary>
    /// Not thread-safe: one per worker. Counts exactly as the library does (tiktoken's byte-pair merges never cross a
    /// pre-token), but splits with the worker's own regex and remembers the tokens of each short pre-token, so the
    /// library is asked only about words it has not seen; the same whole content (a system message on every line) is
    /// remembered too.
    /// </summary>
    internal sealed class ContentCache
    {
        const int MaxContents = 16_384;
        const int MinCachedLength = 32;
        const int MaxWords = 262_144;
        const int MaxWordLength = 32;
        readonly TokenCounter _counter;
        readonly Regex? _regex;
        readonly Dictionary<ulong, int> _contents = new();
        readonly Dictionary<ulong, int> _words = new();

        public ContentCache(TokenCounter counter)
        {
            _counter = counter;
            var shared = counter.PreTokenizerPattern();
            _regex = shared is null ? null : new Regex(shared.ToString(), shared.Options | RegexOptions.Compiled);
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
            // Special tokens such as <|endoftext|> are split out by the library before its regex: leave those to it.
            if (_regex is null || text.Contains("<|", StringComparison.Ordinal))
                return _counter._tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: true);
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
                if (!_words.TryGetValue(key, out var count))
                {
                    count = CountWord(word);
                    if (_words.Count >= MaxWords) _words.Clear();
                    _words[key] = count;
                }
                total += count;
            }
            return total;
        }

        int CountWord(ReadOnlySpan<char> word) =>
            _counter._tokenizer.CountTokens(word, considerPreTokenization: false, considerNormalization: false);

        static ulong Key(ReadOnlySpan<char> text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text)) ^ ((ulong)text.Length << 48);
    }
}
