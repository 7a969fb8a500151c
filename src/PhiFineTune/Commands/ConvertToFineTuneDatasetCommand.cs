using System.Collections;
using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Datasets;

namespace PhiFineTune.Commands;

/// <summary>
/// Writes chat-format JSONL from pipeline objects (for example Import-Csv rows) or from prompt/completion JSONL.
/// A row without a prompt or a response is reported with its number, not silently dropped.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "FineTuneDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(DatasetFile))]
public sealed class ConvertToFineTuneDatasetCommand : FineTuneCmdlet
{
    const string ObjectSet = "InputObject";
    const string FileSet = "SourcePath";

    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(ParameterSetName = FileSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? SourcePath { get; set; }

    /// <summary>The output file.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string PromptProperty { get; set; } = "prompt";

    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("CompletionProperty")]
    public string ResponseProperty { get; set; } = "completion";

    [Parameter]
    public string? SystemMessage { get; set; }

    [Parameter]
    [ValidateSet("utf8NoBOM", "utf8BOM", IgnoreCase = true)]
    public string Encoding { get; set; } = "utf8BOM";

    [Parameter]
    public SwitchParameter Force { get; set; }

    ChatDatasetWriter? _writer;
    long _rows;
    long _skipped;

    protected override void BeginProcessingCore()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(path, "Write chat-format JSONL")) return;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new ChatDatasetWriter(path, Force, byteOrderMark: Encoding.Equals("utf8BOM", StringComparison.OrdinalIgnoreCase));
    }

    protected override void ProcessRecordCore()
    {
        if (_writer is null) return;
        if (ParameterSetName == FileSet)
        {
            var source = GetUnresolvedProviderPathFromPSPath(SourcePath);
            if (!File.Exists(source))
                Terminate(new FineTuneException("FileNotFound", FailureKind.NotFound, $"-SourcePath '{source}' does not exist.", source));
            Run(async (observer, token) =>
            {
                await foreach (var row in PromptCompletionReader.ReadAsync(source, PromptProperty, ResponseProperty, token).ConfigureAwait(false))
                {
                    if (row.Problem is null && Usable(row.Prompt) && Usable(row.Completion))
                    {
                        _writer.Add(SystemMessage, row.Prompt!, row.Completion!);
                        continue;
                    }
                    var what = row.Problem ?? MissingWhat(row.Prompt, row.Completion);
                    observer.Post(_ =>
                    {
                        _skipped++;
                        WriteMissing($"{source}:{row.Line}", what, row.Line, row.Problem is null ? "MissingValue" : "InvalidSourceLine");
                    });
                }
            });
            return;
        }

        _rows++;
        var prompt = Value(InputObject!, PromptProperty);
        var response = Value(InputObject!, ResponseProperty);
        if (Usable(prompt) && Usable(response)) _writer.Add(SystemMessage, prompt!, response!);
        else
        {
            _skipped++;
            WriteMissing($"row {_rows}", MissingWhat(prompt, response), InputObject);
        }
    }

    protected override void EndProcessingCore()
    {
        if (_writer is null) return;
        if (_writer.Examples == 0)
        {
            Terminate(new FineTuneException("NoExamples", FailureKind.InvalidArgument,
                $"No row had both a '{PromptProperty}' and a '{ResponseProperty}' value; nothing was written.", Path,
                "Name the columns with -PromptProperty and -ResponseProperty."));
        }
        WriteObject(_writer.Commit(SourcePath is null ? null : GetUnresolvedProviderPathFromPSPath(SourcePath)));
        _writer = null;
        if (_skipped > 0) WriteWarning($"{_skipped} row(s) were not converted; each is reported as an error above.");
    }

    protected override void OnDispose() => _writer?.Dispose();

    string MissingWhat(string? prompt, string? response) =>
        string.Join(" and ", new[] { Usable(prompt) ? null : $"'{PromptProperty}'", Usable(response) ? null : $"'{ResponseProperty}'" }
            .Where(s => s is not null)) + " is missing or empty";

    void WriteMissing(string where, string what, object? target, string errorId = "MissingValue") =>
        WriteError(new ErrorRecord(new InvalidDataException($"{where}: {what}; the row was not converted."), errorId,
            ErrorCategory.InvalidData, target)
        {
            ErrorDetails = new ErrorDetails($"{where}: {what}; the row was not converted.")
            {
                RecommendedAction = errorId == "InvalidSourceLine"
                    ? "Make the line one JSON object with the prompt and response properties, or remove it."
                    : "Fill in the value, or name the right columns with -PromptProperty and -ResponseProperty.",
            },
        });

    static bool Usable(string? value) => !string.IsNullOrWhiteSpace(value);

    static string? Value(PSObject row, string name) => row.BaseObject is IDictionary dictionary
        ? dictionary[name]?.ToString()
        : row.Properties[name]?.Value?.ToString();
}
