using System.Runtime.CompilerServices;
using PhiFineTune.Engine.Tokens;

namespace PhiFineTune.Engine.Datasets;

/// <summary>Adds up chunk results in file order and hands issues on, within -MaxErrors and the warning bound.</summary>
internal sealed class ChunkMerger(string path, DatasetCheckOptions options, Action<DatasetIssue> report)
{
    readonly TokenHistogram _tokens = new();
    readonly DuplicateIndex _seen = new();
    long _errorsReported, _warningsReported, _examplesWithoutSystem, _firstWithoutSystem, _billedPerEpoch;

    public long Examples, ValidExamples, Messages, ErrorCount, WarningCount, AssistantTokens, OverContext;
    public bool DuplicatesTracked { get; private set; } = true;

    public void ExpectExamples(long examples) => _seen.Reserve(Math.Min(examples, DatasetValidator.MaxTrackedExamples));

    public void FileError(DatasetIssueCategory category, string message)
    {
        ErrorCount++;
        Report(new DatasetIssue { Path = path, Line = 0, Category = category, Severity = DatasetIssueSeverity.Error, Message = message });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ChunkResult result)
    {
        Examples += result.Examples;
        ValidExamples += result.ValidExamples;
        Messages += result.Messages;
        ErrorCount += result.ErrorCount;
        WarningCount += result.WarningCount;
        AssistantTokens += result.AssistantTokens;
        OverContext += result.ExamplesOverContext;
        if (result.ExamplesWithoutSystemMessage > 0 && _examplesWithoutSystem == 0) _firstWithoutSystem = result.FirstLineWithoutSystemMessage;
        _examplesWithoutSystem += result.ExamplesWithoutSystemMessage;
        foreach (var issue in result.Issues) Report(issue);
        foreach (var tokens in result.TokensPerExample)
        {
            _tokens.Add(tokens);
            _billedPerEpoch += Math.Min(tokens, options.Model.ContextLength ?? tokens);
        }
        foreach (var (hash, line) in result.Hashes)
        {
            if (_seen.FirstLine(hash) is { } first)
            {
                WarningCount++;
                Report(new DatasetIssue
                {
                    Path = path, Line = line, Category = DatasetIssueCategory.DuplicateExample,
                    Severity = DatasetIssueSeverity.Warning, Message = $"The example repeats line {first}.",
                });
            }
            else if (_seen.Count < DatasetValidator.MaxTrackedExamples) _seen.Add(hash, line);
            else DuplicatesTracked = false;
        }
    }

    public void Finish()
    {
        if (ValidExamples < DatasetValidator.MinExamples)
        {
            FileError(DatasetIssueCategory.TooFewExamples,
                $"The file has {ValidExamples} valid example(s); a fine-tuning job needs at least {DatasetValidator.MinExamples}.");
        }
        if (_examplesWithoutSystem > 0)
        {
            WarningCount++;
            Report(new DatasetIssue
            {
                Path = path, Line = _firstWithoutSystem, Category = DatasetIssueCategory.MissingSystemMessage,
                Severity = DatasetIssueSeverity.Warning,
                Message = $"{_examplesWithoutSystem} of {ValidExamples} examples have no system message (the first at line {_firstWithoutSystem}).",
            });
        }
    }

    public DatasetReport ToReport(long size, TokenCounter? counter, List<string> basis, TimeSpan duration)
    {
        var counted = counter is not null;
        return new DatasetReport
        {
            Path = path,
            SizeBytes = size,
            Model = options.Model.Name,
            IsValid = ErrorCount == 0,
            Examples = Examples,
            Messages = Messages,
            ErrorCount = ErrorCount,
            WarningCount = WarningCount,
            TokensPerExample = counted ? _tokens.ToStatistics() : null,
            AssistantTokens = counted ? AssistantTokens : null,
            ExamplesOverContextLength = counted && options.Model.ContextLength is not null ? OverContext : null,
            Epochs = options.Epochs,
            EstimatedBilledTokens = counted ? _billedPerEpoch * options.Epochs : null,
            TokenCountIsExact = counter?.IsExact,
            Basis = basis,
            Duration = duration,
        };
    }

    void Report(DatasetIssue issue)
    {
        if (issue.Severity == DatasetIssueSeverity.Error ? _errorsReported++ < options.MaxErrors : _warningsReported++ < options.MaxWarnings)
            report(issue);
    }
}
