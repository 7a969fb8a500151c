using System.IO.Hashing;
using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Engine.Tests;

public sealed class LineHashTests
{
    [Fact]
    public void LineHash_is_XxHash64_with_seed_0()
    {
        var random = new Random(5);
        foreach (var length in Enumerable.Range(0, 300).Concat([1_000, 4_096, 65_537]))
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(XxHash64.HashToUInt64(data), LineHash.Of(data));
        }
    }
}
