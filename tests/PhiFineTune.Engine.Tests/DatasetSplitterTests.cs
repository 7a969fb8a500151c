using System.Text;
using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Engine.Tests;

public sealed class DatasetSplitterTests
{
    static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "phifinetune-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    static string Input(string directory, int examples, bool bom = false)
    {
        var path = Path.Combine(directory, "data.jsonl");
        var lines = Enumerable.Range(1, examples).Select(n => $$"""{"messages":[{"role":"user","content":"q{{n}}"},{"role":"assistant","content":"a{{n}}"}]}""");
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n\r\n", new UTF8Encoding(bom));
        return path;
    }

    static Task<IReadOnlyList<DatasetFile>> Split(string path, double percent, int seed = 7, string? output = null, bool force = false) =>
        DatasetSplitter.SplitAsync(new DatasetSplitOptions
        {
            Path = path, ValidationPercent = percent, Seed = seed, OutputDirectory = output, Force = force,
        }, NullObserver.Instance, CancellationToken.None);

    [Fact]
    public async Task Splits_an_exact_share_and_loses_no_example()
    {
        var directory = NewDirectory();
        var input = Input(directory, 101, bom: true);

        var files = await Split(input, 20);

        var training = files.Single(f => f.Role == "Training");
        var validation = files.Single(f => f.Role == "Validation");
        Assert.Equal(20, validation.Examples);
        Assert.Equal(81, training.Examples);
        Assert.Equal(Path.Combine(directory, "data.train.jsonl"), training.Path);
        Assert.Equal(Path.Combine(directory, "data.validation.jsonl"), validation.Path);
        var original = File.ReadAllLines(input).Select(l => l.TrimStart('\uFEFF')).Where(l => l.Length > 0).Order();
        var together = File.ReadAllLines(training.Path).Concat(File.ReadAllLines(validation.Path)).Select(l => l.TrimStart('\uFEFF')).Order();
        Assert.Equal(original, together);
        // The input's byte-order mark is kept, once, at the start of each output.
        Assert.True(File.ReadAllBytes(training.Path).AsSpan().StartsWith("\uFEFF"u8));
        Assert.True(File.ReadAllBytes(validation.Path).AsSpan().StartsWith("\uFEFF"u8));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public async Task Is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        var input = Input(NewDirectory(), 200);
        var first = File.ReadAllText((await Split(input, 10, seed: 1, output: NewDirectory()))[1].Path);
        var again = File.ReadAllText((await Split(input, 10, seed: 1, output: NewDirectory()))[1].Path);
        var other = File.ReadAllText((await Split(input, 10, seed: 2, output: NewDirectory()))[1].Path);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Never_overwrites_without_Force()
    {
        var directory = NewDirectory();
        var input = Input(directory, 30);
        File.WriteAllText(Path.Combine(directory, "data.validation.jsonl"), "keep me");

        var error = await Assert.ThrowsAsync<FineTuneException>(() => Split(input, 10));

        Assert.Equal("OutputFileExists", error.ErrorId);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(directory, "data.validation.jsonl")));
        Assert.False(File.Exists(Path.Combine(directory, "data.train.jsonl")));

        var files = await Split(input, 10, force: true);
        Assert.Equal(3, files[1].Examples);
    }

    [Fact]
    public async Task Names_a_missing_file_and_a_file_too_small_to_split()
    {
        Assert.Equal("FileNotFound", (await Assert.ThrowsAsync<FineTuneException>(() =>
            Split(Path.Combine(NewDirectory(), "nope.jsonl"), 10))).ErrorId);
        Assert.Equal("TooFewExamples", (await Assert.ThrowsAsync<FineTuneException>(() =>
            Split(Input(NewDirectory(), 1), 10))).ErrorId);
    }
}

public sealed class ChatDatasetWriterTests
{
    [Fact]
    public void Writes_chat_lines_that_pass_the_validator_and_commits_only_at_the_end()
    {
        var directory = Path.Combine(Path.GetTempPath(), "phifinetune-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "chat.jsonl");
        using (var writer = new ChatDatasetWriter(path, force: false, byteOrderMark: true))
        {
            writer.Add("Be brief.", "Quote \"this\"\nand é", "Done ✓");
            Assert.False(File.Exists(path));
            var file = writer.Commit(null);
            Assert.Equal(1, file.Examples);
        }
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith("\uFEFF"u8));
        var line = Encoding.UTF8.GetString(bytes.AsSpan(3)).TrimEnd('\n');
        Assert.Equal("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Quote \"this\"\nand é"},{"role":"assistant","content":"Done ✓"}]}""", line);
    }

    [Fact]
    public void An_abandoned_writer_leaves_nothing_behind()
    {
        var directory = Path.Combine(Path.GetTempPath(), "phifinetune-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using (var writer = new ChatDatasetWriter(Path.Combine(directory, "chat.jsonl"), force: false, byteOrderMark: false))
        {
            writer.Add(null, "q", "a");
        }
        Assert.Empty(Directory.GetFiles(directory));
    }
}
