using System.Reflection;
using System.Text;
using System.Text.Json;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Tokens;

namespace PhiFineTune.Engine.Tests;

/// <summary>
/// The fast lane (FastLineScanner) must never change a result: every check here runs the same input with it and
/// without it (Utf8JsonReader alone) and compares everything the check produces.
/// </summary>
public sealed class FastLaneTests
{
    static readonly string Corpus = typeof(FastLaneTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DatasetCorpus").Value!;

    static readonly Lazy<TokenCounter> s_o200k = new(() => new TokenCounter(TokenizerVocabulary.O200kBase));

    public static TheoryData<string, bool, bool> CorpusFilesAndModes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var file in Directory.GetFiles(Corpus, "*.jsonl").Select(Path.GetFileName).Order())
            foreach (var tokens in new[] { false, true })
                foreach (var tools in new[] { false, true })
                    data.Add(file!, tokens, tools);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFilesAndModes))]
    public async Task Every_corpus_file_checks_the_same_with_and_without_the_fast_lane(string file, bool countTokens, bool tools)
    {
        var path = Path.Combine(Corpus, file);
        var model = DatasetValidatorTests.Model(tools: tools, context: 40);
        Assert.Equal(await CheckFile(path, model, countTokens, useFastLane: false), await CheckFile(path, model, countTokens, useFastLane: true));
    }

    public static TheoryData<bool, bool> Modes() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Generated_and_mutated_lines_check_the_same_with_and_without_the_fast_lane(bool countTokens, bool tools)
    {
        var model = DatasetValidatorTests.Model(tools: tools, context: 40);
        var counter = countTokens ? s_o200k.Value : null;
        var fast = new LineChecker(model, counter, useFastLane: true);
        var slow = new LineChecker(model, counter, useFastLane: false);
        var scanner = new FastLineScanner(model, counter?.CreateCache());
        var lines = TestLines(seed: 7).ToList();
        var accepted = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i % 50 + 1; // line 1 is where a byte order mark is allowed
            var expected = CheckLine(slow, lines[i], number);
            var actual = CheckLine(fast, lines[i], number);
            if (expected != actual)
                Assert.Fail($"Line {i}: {Encoding.UTF8.GetString(lines[i])}\nslow: {expected}\nfast: {actual}");
            if (scanner.TryScan(lines[i], out _)) accepted++;
        }
        Assert.True(lines.Count > 10_000, $"{lines.Count} lines");
        // Not a vacuous comparison: a good share of the lines take the fast lane, and not all of them do.
        Assert.InRange(accepted, lines.Count / 10, lines.Count * 9 / 10);
    }

    [Fact]
    public async Task A_file_of_generated_lines_checks_the_same_with_and_without_the_fast_lane()
    {
        var path = Path.Combine(Path.GetTempPath(), "phifinetune-tests", Guid.NewGuid().ToString("N"), "generated.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Lines holding '\n' would be split differently from the line-level test; drop them here.
        var lines = TestLines(seed: 11).Where(l => !l.Contains((byte)'\n')).ToList();
        await File.WriteAllBytesAsync(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
        foreach (var countTokens in new[] { false, true })
        {
            var model = DatasetValidatorTests.Model(context: 40);
            Assert.Equal(await CheckFile(path, model, countTokens, useFastLane: false, maxIssues: 100_000),
                await CheckFile(path, model, countTokens, useFastLane: true, maxIssues: 100_000));
        }
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""")]
    [InlineData(""" { "messages" : [ { "content" : "hi" , "role" : "system" } ,{"role":"user","name":"x\"y","content":"\u00e9\n"},{"weight":0,"role":"assistant","content":" \\ok"},{"role":"user","content":"\t a"},{"role":"assistant","content":"\ud83d\ude00","weight":1}] } """)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"\u3000\u00a0x\"},\t{\"role\":\"assistant\",\"content\":\"caf\u00e9 \u4e2d \U0001F600\"}]}\r")]
    public void The_fast_lane_takes_common_valid_lines(string line)
    {
        var scanner = new FastLineScanner(DatasetValidatorTests.Model(), null);
        Assert.True(scanner.TryScan(Encoding.UTF8.GetBytes(line.TrimEnd('\r')), out var example));
        Assert.True(example.HasAssistant);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a","weight":1.0}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a","weight":-0}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a","role":"assistant"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a","extra":1}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"\ud800"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"\n\u2028 "}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a"}],"extra":1}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a"}]} x""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"\u0061ssistant","content":"a"}]}""")]
    [InlineData("""{"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"hi"}]}""")]
    public void The_fast_lane_leaves_anything_unusual_to_the_reader(string line)
    {
        var scanner = new FastLineScanner(DatasetValidatorTests.Model(), null);
        Assert.False(scanner.TryScan(Encoding.UTF8.GetBytes(line), out _));
    }

    /// <summary>Everything a line's check produces, or the exception it throws, as one comparable string.</summary>
    static string CheckLine(LineChecker checker, byte[] line, long number)
    {
        var result = new ChunkResult("test.jsonl", 100, 100);
        try
        {
            checker.Check(line, number, result);
        }
        catch (Exception e)
        {
            return $"throws {e.GetType().Name}";
        }
        return JsonSerializer.Serialize(new
        {
            result.Examples, result.ValidExamples, result.Messages, result.ErrorCount, result.WarningCount,
            result.AssistantTokens, result.ExamplesOverContext, result.ExamplesWithoutSystemMessage,
            result.FirstLineWithoutSystemMessage, result.TokensPerExample,
            Hashes = result.Hashes.Select(h => $"{h.Hash}@{h.Line}"),
            Issues = result.Issues.Select(i => new { i.Line, i.Category, i.Severity, i.Message, i.Excerpt }),
        });
    }

    static async Task<string> CheckFile(string path, FineTuneBaseModel model, bool countTokens, bool useFastLane, int maxIssues = 100)
    {
        var issues = new List<DatasetIssue>();
        var report = await DatasetValidator.CheckAsync(path, new DatasetCheckOptions
        {
            Model = model, CountTokens = countTokens, Workers = 2, MaxErrors = maxIssues, MaxWarnings = maxIssues,
            UseFastLane = useFastLane,
        }, issues.Add, NullObserver.Instance, CancellationToken.None);
        var node = JsonSerializer.SerializeToNode(report)!.AsObject();
        node.Remove(nameof(DatasetReport.Duration));
        node["Issues"] = JsonSerializer.SerializeToNode(issues);
        return node.ToJsonString();
    }

    /// <summary>
    /// Lines of the chat shape built from pieces that are valid, invalid, or valid but unusual (escapes, whitespace,
    /// numbers, keys, Unicode), each also with a few random byte mutations; deterministic for a seed.
    /// </summary>
    static IEnumerable<byte[]> TestLines(int seed)
    {
        var random = new Random(seed);
        foreach (var file in Directory.GetFiles(Corpus, "*.jsonl"))
            foreach (var line in SplitLines(File.ReadAllBytes(file)))
            {
                yield return line;
                for (var m = 0; m < 3; m++) yield return Mutate(line, random);
            }
        // Escapes and stray bytes at every offset around the scanner's 32-byte blocks.
        foreach (var stop in new[] { "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "\\ude00x", "\\q", "\u0001", "\"" })
            for (var offset = 0; offset < 70; offset++)
            {
                var content = new string('a', offset) + stop + new string('b', offset % 7);
                yield return Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":"{{content}}"},{"role":"assistant","content":"ok"}]}""");
                yield return Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"{{content}}"}]}""");
            }
        for (var i = 0; i < 3_000; i++)
        {
            var line = Encoding.UTF8.GetBytes(GeneratedLine(random));
            if (random.Next(20) == 0) line = [0xEF, 0xBB, 0xBF, .. line];
            if (random.Next(10) == 0) line = [.. line, (byte)'\r'];
            yield return line;
            for (var m = 0; m < 3; m++) yield return Mutate(line, random);
        }
    }

    static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != '\n') continue;
            if (i > start) yield return bytes[start..i];
            start = i + 1;
        }
    }

    static readonly string[] Roles = ["system", "user", "assistant", "tool", "human", "Assistant", "\\u0075ser", ""];

    // Contents that are valid and not blank, in many spellings; then ones that are blank, invalid or unusual.
    static readonly string[] GoodContents =
    [
        "hello", "Hello, world!", "a", "  x", "\\n\\nText", "\\b", "\\/", "\\\"quoted\\\"", "back\\\\slash", "\\u0041",
        "\\u00A0x", "\\ud83d\\ude00", "caf\u00e9", "\u00a0\u00a0y", "\u4e2d\u6587", "\U0001F600", "del\u007f",
        "line\\nbreak and more text", " \\u00e9", "<|endoftext|>", "{\\\"json\\\": [1, 2]}", "\\u0000",
        "Open Settings, choose Security, then Reset password.",
    ];

    static readonly string[] OddContents =
    [
        "", " ", "\\n", "\\t", "\\r\\n ", "\\f", "\\u0020", "\\u00a0", "\\u3000", "\\u2028", "\\u0085", "\\u000b", "\\u001f",
        "\\ud83d", "\\ude00", "\\ud83dx", "\\ud83d\\u0041", "\\u12", "\\uzzzz", "\\x", "\\", "\u00a0", "\u3000\u3000", "\u2028",
        "tab\there", "nul\u0001",
    ];

    static readonly string[] GoodWeights = ["0", "1"];
    static readonly string[] OddWeights = ["0.0", "1.0", "-0", "0e0", "1e0", "1E+0", "01", "2", "0.5", "true", "\"1\"", "null", "1e400", "-1", "1e-400"];

    static readonly string[] OtherValues = ["\"x\"", "1", "null", "true", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "\"\\u00e9\""];

    /// <summary>A line of the chat shape; about half of them are meant to be valid, the rest odd in one or more ways.</summary>
    static string GeneratedLine(Random random)
    {
        var odd = random.Next(2) == 0;
        bool Rarely(int oneIn) => odd && random.Next(oneIn) == 0;
        string Space() => random.Next(4) switch { 0 => "", 1 => " ", 2 => random.Next(2) == 0 ? "\t" : "\r", _ => "  " };
        string Pick(string[] items) => items[random.Next(items.Length)];
        string Quoted(string text) => $"\"{text}\"";

        var messages = new List<string>();
        var count = Rarely(8) ? random.Next(0, 2) : random.Next(2, 6);
        for (var m = 0; m < count; m++)
        {
            var role = m == count - 1 ? "assistant" : Pick(["system", "user", "assistant"]);
            var members = new List<string>();
            if (!Rarely(20)) members.Add($"\"role\"{Space()}:{Space()}{Quoted(Rarely(5) ? Pick(Roles) : role)}");
            if (!Rarely(20))
            {
                var content = Rarely(15) ? Pick(OtherValues)
                    : Quoted(string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Rarely(4) ? OddContents : GoodContents))));
                members.Add($"\"content\"{Space()}:{Space()}{content}");
            }
            if ((role == "assistant" || Rarely(2)) && random.Next(4) == 0) members.Add($"\"weight\":{Space()}{Pick(Rarely(2) ? OddWeights : GoodWeights)}");
            if (random.Next(8) == 0) members.Add($"\"name\":{(Rarely(2) ? Pick(OtherValues) : Quoted(Pick(GoodContents)))}");
            if (Rarely(10)) members.Add($"\"{Pick(["tool_calls", "tool_call_id", "extra", "Role", "c\\u006fntent", "content", "role", "weight"])}\":{Pick(OtherValues)}");
            members = members.OrderBy(_ => random.Next()).ToList();
            messages.Add(Rarely(40) ? Pick(OtherValues) : $"{{{Space()}{string.Join($"{Space()},{Space()}", members)}{Space()}}}");
        }
        var top = new List<string> { $"\"messages\"{Space()}:{Space()}[{Space()}{string.Join($",{Space()}", messages)}{Space()}]" };
        if (Rarely(10)) top.Add($"\"{Pick(["tools", "parallel_tool_calls", "extra", "messages"])}\":{Pick(OtherValues)}");
        top = top.OrderBy(_ => random.Next()).ToList();
        var line = $"{Space()}{{{Space()}{string.Join(",", top)}{Space()}}}{Space()}";
        return Rarely(20) ? line + Pick(["x", "{}", ",", "]"]) : line;
    }

    static readonly byte[] MutationBytes = "\"\\{}[],: 01un\t\r\n-.eE"u8.ToArray();

    static byte[] Mutate(byte[] line, Random random)
    {
        var bytes = line.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            var value = random.Next(4) == 0 ? (byte)random.Next(256) : MutationBytes[random.Next(MutationBytes.Length)];
            switch (random.Next(4))
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, value); break;
                case 2: bytes[at] = value; break;
                default: bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at)); break;
            }
        }
        return bytes.ToArray();
    }
}
