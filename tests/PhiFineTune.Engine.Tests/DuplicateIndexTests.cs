using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Engine.Tests;

public sealed class DuplicateIndexTests
{
    [Fact]
    public void Keeps_the_first_line_of_every_hash_through_growth()
    {
        var index = new DuplicateIndex();
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.NextInt64() << 1 | 1).Distinct().ToArray();
        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.Null(index.FirstLine(hashes[i]));
            index.Add(hashes[i], i + 1);
        }
        Assert.Equal(hashes.Length, index.Count);
        for (var i = 0; i < hashes.Length; i++) Assert.Equal(i + 1, index.FirstLine(hashes[i]));
        Assert.Null(index.FirstLine(2));
    }

    [Fact]
    public void Keeps_what_it_holds_when_reserving_room()
    {
        var index = new DuplicateIndex();
        for (ulong h = 1; h <= 500; h++) index.Add(h * 0x9E3779B97F4A7C15, (long)h);
        index.Reserve(100_000);
        for (ulong h = 1; h <= 500; h++) Assert.Equal((long)h, index.FirstLine(h * 0x9E3779B97F4A7C15));
        Assert.Equal(500, index.Count);
    }

    [Fact]
    public void The_hash_zero_and_neighbouring_hashes_are_kept_apart()
    {
        var index = new DuplicateIndex();
        index.Add(0, 5);
        index.Add(2, 7);
        Assert.Equal(5, index.FirstLine(0));
        Assert.Equal(7, index.FirstLine(2));
        Assert.Null(index.FirstLine(3));
    }
}
