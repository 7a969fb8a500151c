namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// The first line of each example hash seen, for the duplicate check: an open-addressing table of 12 bytes a slot
/// (a Dictionary takes 24 and more while it grows). <see cref="Reserve"/> sizes it once from an estimate of the
/// examples to come, so a file that matches its first chunk never regrows. Hashes are XXH64 values, spread evenly, so
/// a slot is the hash scaled to the table and linear probing stays short.
/// </summary>
internal sealed class DuplicateIndex
{
    const double MaxLoad = 0.85;
    ulong[] _hashes = new ulong[1024];
    int[] _lines = new int[1024];

    public int Count { get; private set; }

    /// <summary>Makes room for <paramref name="examples"/> in all, with a tenth to spare.</summary>
    public void Reserve(long examples)
    {
        var slots = (long)(examples * 1.1 / MaxLoad) + 1;
        if (slots > _hashes.Length) Resize((int)Math.Min(slots, Array.MaxLength));
    }

    /// <summary>The line where the hash was first seen, or null.</summary>
    public long? FirstLine(ulong hash)
    {
        var slot = Find(_hashes, Stored(hash));
        return _hashes[slot] == 0 ? null : _lines[slot];
    }

    /// <summary>Records a hash that <see cref="FirstLine"/> did not find.</summary>
    public void Add(ulong hash, long line)
    {
        if (Count + 1 > _hashes.Length * MaxLoad) Resize(_hashes.Length * 2);
        var slot = Find(_hashes, Stored(hash));
        _hashes[slot] = Stored(hash);
        _lines[slot] = (int)Math.Min(line, int.MaxValue);
        Count++;
    }

    // 0 marks an empty slot, so the one hash that is 0 is kept as 1.
    static ulong Stored(ulong hash) => hash == 0 ? 1 : hash;

    static int Find(ulong[] hashes, ulong hash)
    {
        var slot = (int)Math.BigMul(hash, (ulong)hashes.Length, out _);
        while (hashes[slot] != 0 && hashes[slot] != hash)
        {
            if (++slot == hashes.Length) slot = 0;
        }
        return slot;
    }

    void Resize(int slots)
    {
        var hashes = new ulong[slots];
        var lines = new int[slots];
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == 0) continue;
            var slot = Find(hashes, _hashes[i]);
            hashes[slot] = _hashes[i];
            lines[slot] = _lines[i];
        }
        _hashes = hashes;
        _lines = lines;
    }
}
