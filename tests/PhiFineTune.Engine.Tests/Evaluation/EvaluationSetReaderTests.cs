using PhiFineTune.Engine.Evaluation;

namespace PhiFineTune.Engine.Tests.Evaluation;

/// <summary>Reading an evaluation file: the conversation up to the last assistant message, and clear errors by line.</summary>
public sealed class EvaluationSetReaderTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Each_line_is_the_conversation_before_its_last_assistant_message_and_that_message()
    {
        await File.WriteAllLinesAsync(_path, [
            """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},{"role":"user","content":"u2"},{"role":"assistant","content":"a2"}]}""",
            "",
            """{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}]}""",
        ]);
        var examples = await EvaluationSetReader.ReadAsync(_path, CancellationToken.None);
        Assert.Equal(2, examples.Count);
        Assert.Equal("a2", examples[0].Reference);
        Assert.Equal(["system", "user", "assistant", "user"], examples[0].Messages.Select(m => m.Role));
        Assert.Equal((1, 3L, "y"), (examples[1].Index, examples[1].Line, examples[1].Reference));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"prompt":"x"}""", "no \"messages\" array")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "no assistant message")]
    [InlineData("""{"messages":[{"role":"system","content":"s"},{"role":"assistant","content":"y"}]}""", "no user message")]
    [InlineData("""{"messages":[{"role":"robot","content":"x"}]}""", "message 0 needs a role")]
    public async Task A_bad_line_is_an_error_naming_the_file_and_line(string bad, string why)
    {
        await File.WriteAllLinesAsync(_path, ["""{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}]}""", bad]);
        var e = await Assert.ThrowsAsync<FineTuneException>(() => EvaluationSetReader.ReadAsync(_path, CancellationToken.None));
        Assert.Equal("InvalidEvaluationExample", e.ErrorId);
        Assert.Contains($"Line 2 of '{_path}'", e.Message);
        Assert.Contains(why, e.Message);
    }
}
