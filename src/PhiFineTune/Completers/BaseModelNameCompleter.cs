using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Completers;

/// <summary>
/// Completes Phi base-model names from the catalogue, for -Name of Get-FineTuneBaseModel and the -Model parameters of
/// later commands. Honours a -Region already on the command line.
/// </summary>
public sealed class BaseModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = word.EndsWith('*') ? word : word + "*";
        var region = fakeBoundParameters is not null && fakeBoundParameters.Contains("Region")
            ? fakeBoundParameters["Region"] as string
            : null;

        // An exact name first (Phi-4 before Phi-4-mini-instruct), then catalogue order.
        foreach (var model in BaseModelCatalog.Filter(WildcardNames.Matcher([pattern]), region)
                     .OrderBy(m => string.Equals(m.Name, word, StringComparison.OrdinalIgnoreCase) ? 0 : 1))
        {
            var tooltip = $"{model.Name}: context {model.ContextLength?.ToString() ?? "unknown"} tokens, {model.Tokenizer}; " +
                          $"fine-tuning in {string.Join(", ", model.FineTuningRegions)}{(model.IsLegacy ? " (legacy)" : "")}";
            yield return new CompletionResult(model.Name, model.Name, CompletionResultType.ParameterValue, tooltip);
        }
    }
}
