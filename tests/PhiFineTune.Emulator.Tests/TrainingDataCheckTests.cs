using System.Text;

namespace PhiFineTune.Emulator.Tests;

/// <summary>The emulator's job data check as a pure function over streams (the emulator assembly is referenced).</summary>
public sealed class TrainingDataCheckTests
{
    private const string Good = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}";

    private static Task<DataCheckFailure?> Check(string text, string what = "training") =>
        TrainingDataCheck.CheckAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), what, "train.jsonl");

    private static string Lines(int n, string line = Good) => string.Join("\n", Enumerable.Repeat(line, n)) + "\n";

    [Fact]
    public async Task Ten_good_lines_pass_with_blank_lines_and_a_BOM()
    {
        Assert.Null(await Check(Lines(10)));
        Assert.Null(await Check("\uFEFF" + Lines(5) + "\n\n" + Lines(5)));
        Assert.Null(await Check(Lines(12).Replace("\n", "\r\n")));
    }

    [Fact]
    public async Task Fewer_than_ten_examples_fail()
    {
        var failure = await Check(Lines(9));
        Assert.Equal("InvalidTrainingData", failure!.Code);
        Assert.Contains("9 example(s)", failure.Message);
        Assert.Contains("train.jsonl", failure.Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"prompt\":\"x\"}", "no \"messages\" array")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "no message has role \"assistant\"")]
    [InlineData("{\"messages\":[\"hi\"]}", "string \"role\"")]
    [InlineData("{\"messages\":[{\"role\":\"assistant\"}]}", "has no \"content\"")]
    public async Task A_bad_line_fails_naming_its_number(string bad, string expected)
    {
        var failure = await Check(Lines(3) + bad + "\n" + Lines(10), "validation");
        Assert.Equal("InvalidValidationData", failure!.Code);
        Assert.Contains("line 4", failure.Message);
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public async Task Invalid_UTF8_fails()
    {
        var bytes = Encoding.UTF8.GetBytes(Lines(10)).Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();
        var failure = await TrainingDataCheck.CheckAsync(new MemoryStream(bytes), "training", "t.jsonl");
        Assert.Contains("not valid UTF-8", failure!.Message);
    }
}
