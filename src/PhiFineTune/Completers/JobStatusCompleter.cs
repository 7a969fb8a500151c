using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PhiFineTune.Completers;

/// <summary>Completes -Status with the service's JobStatus values (contract B.4); others are still accepted.</summary>
public sealed class JobStatusCompleter : IArgumentCompleter
{
    static readonly string[] s_statuses =
    [
        "NotStarted", "Starting", "Provisioning", "Preparing", "Queued", "Running", "Finalizing", "CancelRequested",
        "Completed", "Failed", "Canceled", "NotResponding", "Paused", "Unknown",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        return s_statuses.Where(s => s.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
    }
}
