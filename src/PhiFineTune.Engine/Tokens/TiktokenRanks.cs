using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PhiFineTune.Engine.Tokens;

/// <summary>
/// The mergeable ranks of a tiktoken encoding, held compactly for counting only: the bytes of every token in one blob,
/// in rank order, found through an open-addressing table (about 4 MB for o200k_base, where Microsoft.ML.Tokenizers
/// keeps about 40 MB in its encoder, decoder and string vocabulary). Read from the embedded vocabulary of the
/// Microsoft.ML.Tokenizers.Data packages. Immutable once loaded, so any number of threads may count with it.
/// </summary>
internal sealed class TiktokenRanks
{
    /// <summary>Pieces up to this many bytes merge with a linear scan on the stack, as Microsoft.ML.Tokenizers does.</summary>
    const int LinearMergeLimit = 128;

    readonly byte[] _tokenBytes;
    readonly int[] _tokenStarts;   // token r is _tokenBytes[_tokenStarts[r].._tokenStarts[r + 1]]; both arrays may be longer than needed
    readonly int[] _slots;         // rank + 1, or 0 for an empty slot
    readonly int _slotMask;
    readonly int _longestToken;

    TiktokenRanks(byte[] tokenBytes, int[] tokenStarts, int count)
    {
        _tokenBytes = tokenBytes;
        _tokenStarts = tokenStarts;
        Count = count;
        _slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Count * 2)];
        _slotMask = _slots.Length - 1;
        for (var rank = 0; rank < Count; rank++)
        {
            var token = Token(rank);
            _longestToken = Math.Max(_longestToken, token.Length);
            var slot = Hash(token) & _slotMask;
            while (_slots[slot] != 0) slot = (slot + 1) & _slotMask;
            _slots[slot] = rank + 1;
        }
    }

    /// <summary>The number of mergeable tokens (special tokens are not among them).</summary>
    public int Count { get; }

    public ReadOnlySpan<byte> Token(int rank) => _tokenBytes.AsSpan(_tokenStarts[rank], _tokenStarts[rank + 1] - _tokenStarts[rank]);

    /// <summary>The rank (token id) of these bytes, or -1 if they are not one token.</summary>
    public int Rank(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _longestToken) return -1;
        var slot = Hash(bytes) & _slotMask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0) return -1;
            var rank = entry - 1;
            var start = _tokenStarts[rank];
            if (_tokenStarts[rank + 1] - start == bytes.Length && _tokenBytes.AsSpan(start, bytes.Length).SequenceEqual(bytes)) return rank;
            slot = (slot + 1) & _slotMask;
        }
    }

    /// <summary>
    /// The number of tokens tiktoken's byte-pair merge makes of one pre-token. A pre-token that is a whole token is
    /// one, without merging. (Microsoft.ML.Tokenizers skips that lookup for words with U+FFFD or a lone surrogate, but
    /// every token of both vocabularies merges back to itself, so the lookup never changes a count: TokenCounterTests.)
    /// </summary>
    public int CountTokens(ReadOnlySpan<byte> piece)
    {
        if (piece.Length <= 1) return piece.Length;
        return Rank(piece) >= 0 ? 1 : CountByMerging(piece);
    }

    internal int CountByMerging(ReadOnlySpan<byte> piece) =>
        piece.Length <= LinearMergeLimit ? CountByLinearMerge(piece) : CountByHeapMerge(piece);

    /// <summary>
    /// tiktoken's merge: while some adjacent pair of parts is a token, merge the leftmost pair of lowest rank.
    /// <paramref name="piece"/> is at most <see cref="LinearMergeLimit"/> bytes.
    /// </summary>
    int CountByLinearMerge(ReadOnlySpan<byte> piece)
    {
        // Part i is piece[starts[i]..starts[i + 1]]; pairRanks[i] is the rank of parts i and i + 1 together.
        Span<int> starts = stackalloc int[LinearMergeLimit + 1];
        Span<int> pairRanks = stackalloc int[LinearMergeLimit + 1];
        var boundaries = piece.Length + 1;
        for (var i = 0; i < boundaries; i++) starts[i] = i;
        for (var i = 0; i < boundaries; i++) pairRanks[i] = PairRank(piece, starts, boundaries, i);

        while (boundaries > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < boundaries - 1; i++)
            {
                if (pairRanks[i] < bestRank) (best, bestRank) = (i, pairRanks[i]);
            }
            if (best < 0) break;

            starts[(best + 2)..boundaries].CopyTo(starts[(best + 1)..]);
            pairRanks[(best + 2)..boundaries].CopyTo(pairRanks[(best + 1)..]);
            boundaries--;
            pairRanks[best] = PairRank(piece, starts, boundaries, best);
            if (best > 0) pairRanks[best - 1] = PairRank(piece, starts, boundaries, best - 1);
        }
        return boundaries - 1;
    }

    int PairRank(ReadOnlySpan<byte> piece, ReadOnlySpan<int> starts, int boundaries, int part)
    {
        if (part + 2 >= boundaries) return int.MaxValue;
        var rank = Rank(piece[starts[part]..starts[part + 2]]);
        return rank < 0 ? int.MaxValue : rank;
    }

    /// <summary>
    /// The same merge for long pieces, in O(n log n): a min-heap of candidate pairs keyed by (rank, start), so the pair
    /// taken is still the leftmost of lowest rank. Stale candidates are skipped when their part has changed.
    /// </summary>
    int CountByHeapMerge(ReadOnlySpan<byte> piece)
    {
        var n = piece.Length;
        var ends = ArrayPool<int>.Shared.Rent(n);         // the part starting at i ends at ends[i]
        var previous = ArrayPool<int>.Shared.Rent(n);     // the start of the part before it
        var pairRanks = ArrayPool<int>.Shared.Rent(n);    // the rank of it and the next part together; MaxValue for none or a merged-away start
        var heap = ArrayPool<long>.Shared.Rent(3 * n);    // each merge adds at most two candidates
        try
        {
            var heapCount = 0;
            for (var i = 0; i < n; i++)
            {
                ends[i] = i + 1;
                previous[i] = i - 1;
                var rank = i + 2 <= n ? Rank(piece.Slice(i, 2)) : -1;
                pairRanks[i] = rank < 0 ? int.MaxValue : rank;
                if (rank >= 0) Push(heap, ref heapCount, rank, i);
            }

            var parts = n;
            while (heapCount > 0)
            {
                var (rank, start) = Pop(heap, ref heapCount);
                if (pairRanks[start] != rank) continue;

                var merged = ends[start];
                var end = ends[merged];
                ends[start] = end;
                pairRanks[merged] = int.MaxValue;
                if (end < n) previous[end] = start;
                parts--;

                pairRanks[start] = end < n ? Rank(piece[start..ends[end]]) : -1;
                if (pairRanks[start] >= 0) Push(heap, ref heapCount, pairRanks[start], start);
                else pairRanks[start] = int.MaxValue;

                if (start > 0)
                {
                    var before = previous[start];
                    var beforeRank = Rank(piece[before..end]);
                    pairRanks[before] = beforeRank < 0 ? int.MaxValue : beforeRank;
                    if (beforeRank >= 0) Push(heap, ref heapCount, beforeRank, before);
                }
            }
            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<int>.Shared.Return(previous);
            ArrayPool<int>.Shared.Return(pairRanks);
            ArrayPool<long>.Shared.Return(heap);
        }
    }

    static void Push(long[] heap, ref int count, int rank, int start)
    {
        var item = ((long)rank << 32) | (uint)start;
        var i = count++;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (heap[parent] <= item) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = item;
    }

    static (int Rank, int Start) Pop(long[] heap, ref int count)
    {
        var top = heap[0];
        var last = heap[--count];
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= count) break;
            if (child + 1 < count && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= last) break;
            heap[i] = heap[child];
            i = child;
        }
        if (count > 0) heap[i] = last;
        return ((int)(top >> 32), (int)(uint)top);
    }

    static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = (ulong)bytes.Length * Multiplier;
        while (bytes.Length >= 8)
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * Multiplier;
            hash ^= hash >> 29;
            bytes = bytes[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        hash = (hash ^ tail) * Multiplier;
        return (int)(hash >> 33);
    }

    /// <summary>
    /// Reads the vocabulary embedded in a Microsoft.ML.Tokenizers.Data assembly: a deflate-compressed .tiktoken file
    /// of one base64 token per line, ranked by line number, after a "Capacity: N" line. Streams it into the tables
    /// kept, without a string per line.
    /// </summary>
    public static TiktokenRanks LoadEmbedded(string dataTypeName, string resourceName)
    {
        // The data types are internal; Microsoft.ML.Tokenizers finds them by name the same way.
        var assembly = Type.GetType(dataTypeName, throwOnError: true)!.Assembly;
        using var compressed = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"{assembly.GetName().Name} has no resource {resourceName}.");
        using var text = new DeflateStream(compressed, CompressionMode.Decompress);
        return Read(text);
    }

    internal static TiktokenRanks Read(Stream text)
    {
        // Sized from the "Capacity" line where there is one; tokens average 7 bytes in o200k_base and cl100k_base.
        var tokenBytes = new byte[1 << 16];
        var tokenStarts = new int[1 << 13];
        var count = 0;
        var used = 0;
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var firstLine = true;
        while (true)
        {
            var read = text.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var pending = buffer.AsSpan(0, filled);
            while (true)
            {
                var newline = pending.IndexOf((byte)'\n');
                if (newline < 0 && read > 0) break;
                var line = newline < 0 ? pending : pending[..newline];
                pending = newline < 0 ? [] : pending[(newline + 1)..];
                if (line.EndsWith("\r"u8)) line = line[..^1];
                if (firstLine && line.StartsWith("Capacity: "u8))
                {
                    firstLine = false;
                    if (Utf8Parser.TryParse(line["Capacity: ".Length..], out int capacity, out _) && capacity > tokenStarts.Length)
                    {
                        tokenStarts = new int[capacity + 1];
                        tokenBytes = new byte[capacity * 8];
                    }
                    continue;
                }
                firstLine = false;
                if (line.IsEmpty)
                {
                    if (newline < 0) break;
                    throw new InvalidDataException("An empty line in a tiktoken vocabulary: ranks by line number would have a gap.");
                }

                if (used + line.Length > tokenBytes.Length) Array.Resize(ref tokenBytes, Math.Max(tokenBytes.Length * 3 / 2, used + line.Length));
                if (count + 2 > tokenStarts.Length) Array.Resize(ref tokenStarts, tokenStarts.Length * 2);
                if (Base64.DecodeFromUtf8(line, tokenBytes.AsSpan(used), out _, out var written) != OperationStatus.Done)
                    throw new InvalidDataException($"Line {count + 1} of a tiktoken vocabulary is not one base64 token.");
                tokenStarts[count++] = used;
                used += written;
                if (newline < 0) break;
            }
            if (read == 0) break;
            pending.CopyTo(buffer);
            filled = pending.Length;
            if (filled == buffer.Length) throw new InvalidDataException("A line of a tiktoken vocabulary is too long.");
        }
        tokenStarts[count] = used;
        return new TiktokenRanks(tokenBytes, tokenStarts, count);
    }
}
