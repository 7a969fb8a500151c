using System.Reflection;
using System.Text;
using System.Text.Json;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Tokens;

namespace PhiFineTune.Engine.Tests;

public sealed class DatasetValidatorTests
{
    static readonly string Corpus = typeof(DatasetValidatorTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DatasetCorpus").Value!;

    /// <summary>A model that takes no tool messages, so the corpus's tool-role case is an error whatever the catalogue says.</summary>
    internal static FineTuneBaseModel Model(bool tools = false, int? context = 131072,
        TokenizerVocabulary vocabulary = TokenizerVocabulary.O200kBase)
    {
        var real = BaseModelCatalog.Find(BaseModelCatalog.DefaultModel)!;
        return new FineTuneBaseModel
        {
            Name = "Test-Model", RegistryId = real.RegistryId, ContextLength = context, ContextLengthSource = "test",
            Tokenizer = vocabulary, ExactTokenCount = vocabulary != TokenizerVocabulary.Llama2SentencePiece,
            TokenizerSource = "test", FineTuningRegions = real.FineTuningRegions, DeploymentRegions = real.DeploymentRegions,
            RegionsSource = "test", TaskTypes = real.TaskTypes, Hyperparameters = real.Hyperparameters,
            SupportsToolMessages = tools, IsLegacy = false,
        };
    }

    static async Task<(DatasetReport Report, List<DatasetIssue> Issues)> Check(string path, FineTuneBaseModel? model = null,
        bool countTokens = true, int maxErrors = 100, int epochs = 1, int workers = 2)
    {
        var issues = new List<DatasetIssue>();
        var report = await DatasetValidator.CheckAsync(path, new DatasetCheckOptions
        {
            Model = model ?? Model(), CountTokens = countTokens, MaxErrors = maxErrors, Epochs = epochs, Workers = workers,
        }, issues.Add, NullObserver.Instance, CancellationToken.None);
        return (report, issues);
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "expected.json")));
        foreach (var file in expected.RootElement.EnumerateObject()) data.Add(file.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Every_corpus_file_reports_exactly_its_category_at_its_line(string file)
    {
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "expected.json")));
        var expected = expectedDoc.RootElement.GetProperty(file).EnumerateArray()
            .Select(e => (Line: e.GetProperty("line").GetInt64(), Category: Enum.Parse<DatasetIssueCategory>(e.GetProperty("category").GetString()!)))
            .ToList();

        var (report, issues) = await Check(Path.Combine(Corpus, file));

        foreach (var (line, category) in expected)
            Assert.Contains(issues, i => i.Line == line && i.Category == category && i.Path.EndsWith(file));
        var expectedErrors = expected.Where(e => IsError(e.Category)).ToList();
        var errors = issues.Where(i => i.Severity == DatasetIssueSeverity.Error).Select(i => (i.Line, i.Category)).ToList();
        Assert.Equal(expectedErrors, errors);
        Assert.Equal(expectedErrors.Count == 0, report.IsValid);
        Assert.Equal(errors.Count, report.ErrorCount);
    }

    static bool IsError(DatasetIssueCategory category) => category < DatasetIssueCategory.UnknownKey;

    [Fact]
    public async Task Error_issues_carry_an_excerpt_of_their_line()
    {
        var (_, issues) = await Check(Path.Combine(Corpus, "unknown-role.jsonl"));
        var issue = Assert.Single(issues, i => i.Category == DatasetIssueCategory.UnknownRole);
        Assert.StartsWith("{\"messages\":[{\"role\":\"human\"", issue.Excerpt);
        Assert.Contains("\"human\"", issue.Message);
    }

    [Fact]
    public async Task Tool_messages_are_accepted_where_the_model_takes_them()
    {
        var (report, _) = await Check(Path.Combine(Corpus, "tool-role.jsonl"), Model(tools: true));
        Assert.True(report.IsValid);
    }

    [Fact]
    public async Task Token_counts_are_exact_for_o200k_and_cl100k()
    {
        var path = Write("exact.jsonl", Enumerable.Range(0, 10).Select(_ =>
            """{"messages":[{"role":"user","content":"hello world"},{"role":"assistant","content":"hello world"}]}"""));

        var (o200k, _) = await Check(path, Model(vocabulary: TokenizerVocabulary.O200kBase));
        var (cl100k, _) = await Check(path, Model(vocabulary: TokenizerVocabulary.Cl100kBase));

        // "hello world" is 2 tokens in both vocabularies, plus 4 per message for the template.
        Assert.Equal(2 * (2 + TokenCounter.TemplateTokensPerMessage), o200k.TokensPerExample!.Max);
        Assert.Equal(20, o200k.AssistantTokens);
        Assert.True(o200k.TokenCountIsExact);
        Assert.Equal(o200k.TokensPerExample.Total, cl100k.TokensPerExample!.Total);
    }

    [Fact]
    public async Task Llama2_counts_are_labelled_estimates()
    {
        var (report, _) = await Check(Path.Combine(Corpus, "valid.jsonl"), Model(vocabulary: TokenizerVocabulary.Llama2SentencePiece));
        Assert.False(report.TokenCountIsExact);
        Assert.Contains(report.Basis, b => b.StartsWith("Tokens: estimated"));
        var (exact, _) = await Check(Path.Combine(Corpus, "valid.jsonl"), Model(vocabulary: TokenizerVocabulary.Cl100kBase));
        Assert.True(report.TokensPerExample!.Total > exact.TokensPerExample!.Total);
    }

    [Fact]
    public async Task Statistics_percentiles_over_context_and_billing_follow_the_counts()
    {
        // Examples of 1..20 words; with a context of 20 tokens the longer ones are over it.
        var lines = Enumerable.Range(1, 20).Select(n =>
            $$"""{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"{{string.Join(' ', Enumerable.Repeat("go", n))}}"}]}""");
        var (report, issues) = await Check(Write("stats.jsonl", lines), Model(context: 20), epochs: 3);

        var stats = report.TokensPerExample!;
        Assert.True(stats.Min < stats.P50 && stats.P50 <= stats.P95 && stats.P95 <= stats.Max);
        Assert.Equal(stats.Total / 20.0, stats.Mean);
        Assert.True(report.ExamplesOverContextLength > 0);
        Assert.Equal(report.ExamplesOverContextLength, issues.Count(i => i.Category == DatasetIssueCategory.ExceedsContextLength));
        // Billing caps every example at the context length, times the epochs.
        Assert.True(report.EstimatedBilledTokens < stats.Total * 3);
        Assert.Equal(0, report.EstimatedBilledTokens % 3);
    }

    [Fact]
    public async Task No_token_count_leaves_token_figures_empty()
    {
        var (report, _) = await Check(Path.Combine(Corpus, "valid.jsonl"), countTokens: false);
        Assert.Null(report.TokensPerExample);
        Assert.Null(report.EstimatedBilledTokens);
        Assert.Null(report.TokenCountIsExact);
        Assert.True(report.IsValid);
    }

    [Fact]
    public async Task MaxErrors_bounds_the_issues_reported_but_not_the_count()
    {
        var path = Write("many-errors.jsonl", Enumerable.Range(0, 50).Select(_ => "not json"));
        var (report, issues) = await Check(path, maxErrors: 5);
        Assert.Equal(5, issues.Count(i => i.Severity == DatasetIssueSeverity.Error));
        Assert.Equal(51, report.ErrorCount); // 50 lines plus TooFewExamples
        Assert.Equal([1L, 2, 3, 4, 5], issues.Select(i => i.Line));
    }

    [Theory]
    [InlineData("\\ud83d")]
    [InlineData("\\ude00")]
    [InlineData("x\\ud83d\\u0041")]
    public async Task A_lone_surrogate_escape_is_reported_not_thrown(string content)
    {
        var line = $$"""{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"{{content}}"}]}""";
        foreach (var countTokens in new[] { false, true })
        {
            var (_, issues) = await Check(Write("surrogate.jsonl", [line]), countTokens: countTokens);
            var issue = Assert.Single(issues, i => i.Line == 1);
            Assert.Equal(DatasetIssueCategory.InvalidJson, issue.Category);
            Assert.StartsWith("Invalid JSON: Cannot read", issue.Message);
        }
    }

    [Fact]
    public async Task Many_warnings_never_hide_an_error()
    {
        var warned = """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"extra":1}""";
        var (report, issues) = await Check(Write("warnings-then-error.jsonl", Enumerable.Repeat(warned, 250).Append("{")));
        Assert.Equal(1, report.ErrorCount);
        Assert.Equal(251, Assert.Single(issues, i => i.Severity == DatasetIssueSeverity.Error).Line);
    }

    [Fact]
    public async Task Lines_keep_their_numbers_and_order_across_chunks_and_workers()
    {
        // About 12 MB: several 4 MB chunks checked in parallel; bad lines spread through the file.
        var good = """{"messages":[{"role":"user","content":"PAD"},{"role":"assistant","content":"ok"}]}""".Replace("PAD", new string('x', 1000));
        var bad = new HashSet<int> { 5, 4_000, 7_777, 11_999 };
        var path = Write("large.jsonl", Enumerable.Range(1, 12_000).Select(n => bad.Contains(n) ? "{" : good));

        var (parallel, issues) = await Check(path, countTokens: false, workers: 2);
        var (serial, _) = await Check(path, countTokens: false, workers: 1);

        Assert.Equal(bad.Select(n => (long)n), issues.Where(i => i.Category == DatasetIssueCategory.InvalidJson).Select(i => i.Line));
        Assert.Equal(12_000, parallel.Examples);
        Assert.Equal(serial.Examples, parallel.Examples);
        Assert.Equal(serial.WarningCount, parallel.WarningCount);
        // The identical good lines are duplicates of line 1.
        Assert.Equal(12_000 - bad.Count - 1, parallel.WarningCount - 1);
    }

    [Fact]
    public async Task A_missing_file_and_an_empty_file_are_reported()
    {
        var (missing, issues) = await Check(Path.Combine(Path.GetTempPath(), "does-not-exist.jsonl"));
        Assert.False(missing.IsValid);
        Assert.Equal(DatasetIssueCategory.FileNotFound, Assert.Single(issues).Category);

        var (empty, emptyIssues) = await Check(Write("empty.jsonl", []));
        Assert.Equal(0, empty.Examples);
        Assert.Equal(DatasetIssueCategory.TooFewExamples, Assert.Single(emptyIssues).Category);
    }

    [Fact]
    public async Task Cancellation_stops_the_check()
    {
        var path = Write("cancel.jsonl", Enumerable.Range(0, 200_000).Select(_ => """{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"""));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetValidator.CheckAsync(path,
            new DatasetCheckOptions { Model = Model() }, _ => { }, NullObserver.Instance, cancel.Token));
    }

    static string Write(string name, IEnumerable<string> lines)
    {
        var directory = Path.Combine(Path.GetTempPath(), "phifinetune-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllLines(path, lines, new UTF8Encoding(false));
        return path;
    }
}
