using System.Management.Automation;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands.Base;

/// <summary>What the dataset cmdlets share: the base model, input files, and how an issue is written.</summary>
internal static class DatasetCmdlets
{
    public static FineTuneBaseModel ResolveModel(PSCmdlet cmdlet, string name)
    {
        if (BaseModelCatalog.Find(name) is { } model) return model;
        cmdlet.ThrowTerminatingError(FineTuneCmdlet.ToErrorRecord(BaseModelCatalog.NotFound(name)));
        return null!;
    }

    /// <summary>The model's default epochs where the catalogue has one, else 1.</summary>
    public static int DefaultEpochs(FineTuneBaseModel model) =>
        (int)(model.Hyperparameters.FirstOrDefault(h => h.WireName == "num_train_epochs")?.Default ?? 1);

    /// <summary>
    /// Resolves -Path (wildcards) or -LiteralPath to file-system paths. A path that names no file is passed on as it
    /// is, so the check reports it like any other problem of that file (and -Quiet answers $false for it).
    /// </summary>
    public static IEnumerable<string> ResolveFiles(PSCmdlet cmdlet, string[]? paths, string[]? literalPaths)
    {
        foreach (var literal in literalPaths ?? []) yield return cmdlet.GetUnresolvedProviderPathFromPSPath(literal);
        foreach (var path in paths ?? [])
        {
            var matches = new List<string>();
            if (WildcardPattern.ContainsWildcardCharacters(path))
            {
                try
                {
                    matches.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(path, out _));
                }
                catch (ItemNotFoundException)
                {
                    // Reported below as a file that does not exist.
                }
            }
            if (matches.Count == 0) matches.Add(cmdlet.GetUnresolvedProviderPathFromPSPath(path));
            foreach (var file in matches) yield return file;
        }
    }

    public static void WriteIssue(Cmdlet cmdlet, DatasetIssue issue)
    {
        if (issue.Severity == DatasetIssueSeverity.Warning)
        {
            cmdlet.WriteWarning(issue.ToString());
            return;
        }
        cmdlet.WriteError(new ErrorRecord(new InvalidDataException(issue.ToString()), issue.Category.ToString(),
            issue.Category == DatasetIssueCategory.FileNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, issue)
        {
            ErrorDetails = new ErrorDetails(issue.ToString())
            {
                RecommendedAction = issue.Line > 0
                    ? $"Correct line {issue.Line} of {issue.Path}" + (issue.Excerpt is null ? "." : $", which starts: {issue.Excerpt}")
                    : $"Correct {issue.Path}.",
            },
        });
    }
}
