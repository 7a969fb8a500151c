using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace PhiFineTune.Engine.Tokens;

/// <summary>
/// The token counting of one worker thread (not thread-safe), from <see cref="TokenCounter.CreateCache"/>. Counts as Microsoft.ML.Tokenizers' TiktokenTokenizer.CountTokens does: special
/// tokens split out, the rest split into pre-tokens by the encoding's pattern (each worker compiles its own copy:
/// a shared Regex hands one runner back and forth between threads), and each pre-token's byte-pair merges counted.
/// Remembers the counts of recent short pre-tokens, and of whole contents (a system message on every line).
/// </summary>
internal sealed class TokenCountCache
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

    public TokenCountCache(TokenCounter counter)
    {
        _counter = counter;
        _ranks = counter.Encoding.Ranks;
        _specialTokens = counter.Encoding.SpecialTokens;
        _regex = new Regex(counter.Encoding.Pattern, RegexOptions.Compiled);
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
