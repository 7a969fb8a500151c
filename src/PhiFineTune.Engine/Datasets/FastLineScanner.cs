using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using PhiFineTune.Engine.Tokens;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// The fast lane of <see cref="LineChecker"/>: a strict scanner for the common shape of a valid chat line,
/// <c>{"messages":[{"role":"…","content":"…"}, …]}</c>, with any JSON whitespace, any key order in a message and
/// optional <c>weight</c> (0 or 1) and <c>name</c> (a string). It accepts a line only when the line is certainly valid
/// JSON of that shape and the checks raise nothing; then it fills in what the Utf8JsonReader path would have.
/// Anything else (any issue, an unknown or escaped key, a duplicate key, another value type, a weight written other
/// than 0 or 1, blank content) is "not sure", and the line goes the reader's way, which words every issue.
/// Expects a line of valid UTF-8.
/// </summary>
/// <remarks>
/// The hot methods are compiled fully optimised from their first call (AggressiveOptimization): a check lasts a second
/// or two, about as long as tiered compilation takes to reach its final code, and the tiers before it are several
/// times slower.
/// </remarks>
internal sealed class FastLineScanner(FineTuneBaseModel model, TokenCountCache? tokens)
{
    char[] _chars = new char[4096];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryScan(ReadOnlySpan<byte> line, out ChatExample example)
    {
        example = default;
        var at = 0;
        if (!Skip(line, ref at, (byte)'{') || !Skip(line, ref at, (byte)'"') || !KeyIs(line, ref at, "messages\""u8)
            || !Skip(line, ref at, (byte)':') || !Skip(line, ref at, (byte)'['))
            return false;
        do
        {
            if (!Skip(line, ref at, (byte)'{') || !TryScanMessage(line, ref at, ref example)) return false;
        }
        while (Skip(line, ref at, (byte)','));
        if (!Skip(line, ref at, (byte)']') || !Skip(line, ref at, (byte)'}')) return false;
        SkipWhiteSpace(line, ref at);
        example.SawMessages = example.MessagesIsArray = true;
        return at == line.Length && example.LastRole == ChatRole.Assistant;
    }

    /// <summary>One message, from after its '{' to after its '}'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool TryScanMessage(ReadOnlySpan<byte> line, ref int at, ref ChatExample example)
    {
        var seen = MessageKeys.None;
        var role = ChatRole.None;
        var contentTokens = 0;
        do
        {
            if (!Skip(line, ref at, (byte)'"')) return false;
            var key = ReadKey(line, ref at);
            if (key == MessageKeys.None || (seen & key) != 0 || !Skip(line, ref at, (byte)':')) return false;
            seen |= key;
            SkipWhiteSpace(line, ref at);
            var ok = key switch
            {
                MessageKeys.Role => TryScanRole(line, ref at, out role),
                MessageKeys.Content => TryScanContent(line, ref at, out contentTokens),
                MessageKeys.Weight => TryScanWeight(line, ref at),
                _ => at < line.Length && line[at++] == '"' && TryScanString(line, ref at, out _),
            };
            if (!ok) return false;
        }
        while (Skip(line, ref at, (byte)','));
        if (!Skip(line, ref at, (byte)'}')) return false;
        if ((seen & (MessageKeys.Role | MessageKeys.Content)) != (MessageKeys.Role | MessageKeys.Content)) return false;
        if ((seen & MessageKeys.Weight) != 0 && role != ChatRole.Assistant) return false;

        example.Messages++;
        example.LastRole = role;
        example.HasSystem |= role == ChatRole.System;
        example.HasAssistant |= role == ChatRole.Assistant;
        example.Tokens += contentTokens + TokenCounter.TemplateTokensPerMessage;
        if (role == ChatRole.Assistant) example.AssistantTokens += contentTokens;
        return true;
    }

    /// <summary>A key without escapes, from after its opening quote to after its closing one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static MessageKeys ReadKey(ReadOnlySpan<byte> line, ref int at) =>
        KeyIs(line, ref at, "role\""u8) ? MessageKeys.Role
        : KeyIs(line, ref at, "content\""u8) ? MessageKeys.Content
        : KeyIs(line, ref at, "weight\""u8) ? MessageKeys.Weight
        : KeyIs(line, ref at, "name\""u8) ? MessageKeys.Name
        : MessageKeys.None;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool KeyIs(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> keyAndQuote)
    {
        if (!line[at..].StartsWith(keyAndQuote)) return false;
        at += keyAndQuote.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool TryScanRole(ReadOnlySpan<byte> line, ref int at, out ChatRole role)
    {
        role = ChatRole.None;
        if (at >= line.Length || line[at] != '"') return false;
        var rest = line[(at + 1)..];
        var end = rest.IndexOf((byte)'"');
        if (end < 0) return false;
        role = rest[..end] switch
        {
            var r when r.SequenceEqual("user"u8) => ChatRole.User,
            var r when r.SequenceEqual("assistant"u8) => ChatRole.Assistant,
            var r when r.SequenceEqual("system"u8) => ChatRole.System,
            var r when r.SequenceEqual("tool"u8) && model.SupportsToolMessages => ChatRole.Tool,
            _ => ChatRole.None,
        };
        at += end + 2;
        return role != ChatRole.None;
    }

    /// <summary>Exactly 0 or 1: other spellings of those numbers (1.0, 0e0, -0) are left to the reader.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool TryScanWeight(ReadOnlySpan<byte> line, ref int at)
    {
        if (at >= line.Length || line[at] is not ((byte)'0' or (byte)'1')) return false;
        at++;
        return at < line.Length && line[at] is (byte)',' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool TryScanContent(ReadOnlySpan<byte> line, ref int at, out int contentTokens)
    {
        contentTokens = 0;
        if (at >= line.Length || line[at] != '"') return false;
        var start = ++at;
        if (!TryScanString(line, ref at, out var escaped)) return false;
        var content = line[start..(at - 1)];
        if (tokens is null) return StartsWithNonWhiteSpace(content);
        var text = escaped ? Unescape(content) : Decode(content);
        if (text.IsWhiteSpace()) return false;
        contentTokens = tokens.Count(text);
        return true;
    }

    /// <summary>
    /// Scans a string from after its opening quote to after its closing one, checking its escapes, including that
    /// surrogates come in pairs (the reader's unescaping throws on a lone one). Escapes are frequent (\n, \uXXXX for
    /// every character of some lines), so it looks for the next stop 32 bytes at a time from right after each one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool TryScanString(ReadOnlySpan<byte> line, ref int at, out bool escaped)
    {
        escaped = false;
        var next = at;
        while (true)
        {
            int stop;
            if (next + 32 <= line.Length)
            {
                var stops = StopMask(line, next);
                if (stops == 0)
                {
                    next += 32;
                    continue;
                }
                stop = next + BitOperations.TrailingZeroCount(stops);
            }
            else
            {
                stop = next;
                while (stop < line.Length && line[stop] is not ((byte)'"' or (byte)'\\' or < 0x20)) stop++;
                if (stop == line.Length) return false;
            }
            if (line[stop] == '"')
            {
                at = stop + 1;
                return true;
            }
            var escape = line[stop] == '\\' ? EscapeLength(line, stop) : 0;
            if (escape == 0) return false;
            escaped = true;
            next = stop + escape;
        }
    }

    /// <summary>
    /// A bit for each of the 32 bytes from <paramref name="at"/> that stops a plain run of string text: '"', '\' or a
    /// control byte (JSON strings may not hold those raw). Written out rather than with SearchValues so that it is fully
    /// optimised from the first call: a check is over before tiered compilation has finished with library generics.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint StopMask(ReadOnlySpan<byte> text, int at)
    {
        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), at);
        if (Vector256.IsHardwareAccelerated)
        {
            var bytes = Vector256.LoadUnsafe(ref start);
            return (Vector256.Equals(bytes, Vector256.Create((byte)'"'))
                | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
                | Vector256.LessThan(bytes, Vector256.Create((byte)0x20))).ExtractMostSignificantBits();
        }
        return StopMask128(Vector128.LoadUnsafe(ref start)) | StopMask128(Vector128.LoadUnsafe(ref start, (nuint)16)) << 16;

        static uint StopMask128(Vector128<byte> bytes) =>
            (Vector128.Equals(bytes, Vector128.Create((byte)'"'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                | Vector128.LessThan(bytes, Vector128.Create((byte)0x20))).ExtractMostSignificantBits();
    }

    /// <summary>
    /// The length of the valid escape at <paramref name="at"/> (a '\'): 2, 6 for \uXXXX, 12 for a surrogate pair;
    /// 0 when it is not valid, or when it is a lone surrogate, which the reader reads but cannot unescape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int EscapeLength(ReadOnlySpan<byte> text, int at)
    {
        if (at + 1 >= text.Length) return 0;
        if (text[at + 1] != 'u')
            return text[at + 1] is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' ? 2 : 0;
        if (!TryReadHex(text, at, out var unit) || char.IsLowSurrogate(unit)) return 0;
        if (!char.IsHighSurrogate(unit)) return 6;
        return TryReadHex(text, at + 6, out var low) && char.IsLowSurrogate(low) ? 12 : 0;
    }

    /// <summary>The UTF-16 unit of a \uXXXX escape at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool TryReadHex(ReadOnlySpan<byte> text, int at, out char unit)
    {
        unit = '\0';
        if (at + 6 > text.Length || text[at] != '\\' || text[at + 1] != 'u') return false;
        var value = 0;
        foreach (var b in text.Slice(at + 2, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = value * 16 + digit;
        }
        unit = (char)value;
        return true;
    }

    /// <summary>
    /// Whether the string's text has a character other than whitespace, judged on its raw bytes (with escapes):
    /// usually the first byte settles it. <c>char.IsWhiteSpace</c> decides, as for the reader's unescaped text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool StartsWithNonWhiteSpace(ReadOnlySpan<byte> raw)
    {
        var at = 0;
        while (at < raw.Length)
        {
            var b = raw[at];
            if (b == ' ') { at++; continue; }
            if (b < 0x80 && b != '\\') return true;
            if (b >= 0x80)
            {
                Rune.DecodeFromUtf8(raw[at..], out var rune, out var length);
                if (!rune.IsBmp || !char.IsWhiteSpace((char)rune.Value)) return true;
                at += length;
                continue;
            }
            var escape = raw[at + 1];
            if (escape == 'u')
            {
                TryReadHex(raw, at, out var unit);
                if (!char.IsWhiteSpace(unit)) return true;
                at += 6;
                continue;
            }
            if (escape is not ((byte)'n' or (byte)'r' or (byte)'t' or (byte)'f')) return true;
            at += 2;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    ReadOnlySpan<char> Decode(ReadOnlySpan<byte> raw)
    {
        Reserve(raw.Length);
        return _chars.AsSpan(0, Encoding.UTF8.GetChars(raw, _chars));
    }

    /// <summary>The text of a string whose escapes <see cref="TryScanString"/> has checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    ReadOnlySpan<char> Unescape(ReadOnlySpan<byte> raw)
    {
        Reserve(raw.Length);
        var written = 0;
        while (!raw.IsEmpty)
        {
            var slash = raw.IndexOf((byte)'\\');
            var run = slash < 0 ? raw : raw[..slash];
            written += Encoding.UTF8.GetChars(run, _chars.AsSpan(written));
            if (slash < 0) break;
            var escape = raw[slash + 1];
            if (escape == 'u')
            {
                TryReadHex(raw, slash, out var unit);
                _chars[written++] = unit;
                raw = raw[(slash + 6)..];
                continue;
            }
            _chars[written++] = escape switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)escape, // " \ /
            };
            raw = raw[(slash + 2)..];
        }
        return _chars.AsSpan(0, written);
    }

    void Reserve(int length)
    {
        if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Skip(ReadOnlySpan<byte> line, ref int at, byte expected)
    {
        SkipWhiteSpace(line, ref at);
        if (at >= line.Length || line[at] != expected) return false;
        at++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void SkipWhiteSpace(ReadOnlySpan<byte> line, ref int at)
    {
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') at++;
    }
}
