using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// XXH64 with seed 0 (the same value as System.IO.Hashing.XxHash64), for the duplicate check: one hash per line.
/// </summary>
/// <remarks>
/// Written out here so that it runs fully optimised from the first line. The package's hashes are not precompiled,
/// and inside pwsh, whose own start keeps the JIT busy, they ran unoptimised for most of a check: XxHash3's vector
/// code took a tenth of the CPU of the check of a 1 GB file. LineHashTests compares this with the package.
/// </remarks>
internal static class LineHash
{
    const ulong Prime1 = 11400714785074694791UL;
    const ulong Prime2 = 14029467366897019727UL;
    const ulong Prime3 = 1609587929392839161UL;
    const ulong Prime4 = 9650029242287828579UL;
    const ulong Prime5 = 2870177450012600261UL;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var rest = data;
        ulong hash;
        if (rest.Length >= 32)
        {
            ulong lane1 = unchecked(Prime1 + Prime2), lane2 = Prime2, lane3 = 0, lane4 = unchecked(0 - Prime1);
            while (rest.Length >= 32)
            {
                lane1 = Round(lane1, BinaryPrimitives.ReadUInt64LittleEndian(rest));
                lane2 = Round(lane2, BinaryPrimitives.ReadUInt64LittleEndian(rest[8..]));
                lane3 = Round(lane3, BinaryPrimitives.ReadUInt64LittleEndian(rest[16..]));
                lane4 = Round(lane4, BinaryPrimitives.ReadUInt64LittleEndian(rest[24..]));
                rest = rest[32..];
            }
            hash = BitOperations.RotateLeft(lane1, 1) + BitOperations.RotateLeft(lane2, 7)
                + BitOperations.RotateLeft(lane3, 12) + BitOperations.RotateLeft(lane4, 18);
            hash = Merge(hash, lane1);
            hash = Merge(hash, lane2);
            hash = Merge(hash, lane3);
            hash = Merge(hash, lane4);
        }
        else
        {
            hash = Prime5;
        }

        hash += (ulong)data.Length;
        for (; rest.Length >= 8; rest = rest[8..])
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            hash = BitOperations.RotateLeft(hash, 27) * Prime1 + Prime4;
        }
        if (rest.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(rest) * Prime1;
            hash = BitOperations.RotateLeft(hash, 23) * Prime2 + Prime3;
            rest = rest[4..];
        }
        foreach (var b in rest)
        {
            hash ^= b * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong Round(ulong lane, ulong input) => BitOperations.RotateLeft(lane + input * Prime2, 31) * Prime1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong Merge(ulong hash, ulong lane) => (hash ^ Round(0, lane)) * Prime1 + Prime4;
}
