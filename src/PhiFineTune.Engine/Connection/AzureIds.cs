using System.Text.RegularExpressions;

namespace PhiFineTune.Engine.Connection;

/// <summary>Checks identifiers before any call, so that a typo fails at once with the parameter named.</summary>
public static partial class AzureIds
{
    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex GuidPattern();

    // Resource group: 1-90 characters of letters, digits, '_', '-', '.', '(', ')'; not ending in '.'.
    [GeneratedRegex(@"^[-\w\._\(\)]{1,90}(?<!\.)$")]
    private static partial Regex ResourceGroupPattern();

    // Azure ML workspace: 3-33 characters, letters, digits, '-' and '_', starting with a letter or digit.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$")]
    private static partial Regex WorkspacePattern();

    // Job and model names (contract B.2): 1-255 letters, digits, '-' and '_', starting with a letter or digit.
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$")]
    private static partial Regex AssetNamePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$")]
    private static partial Regex ProviderNamespacePattern();

    public static string SubscriptionId(string? value, string parameterName = "SubscriptionId") =>
        Check(value, GuidPattern(), parameterName,
            "a subscription id is a GUID such as 00000000-0000-0000-0000-000000000000");

    public static string ResourceGroupName(string? value, string parameterName = "ResourceGroupName") =>
        Check(value, ResourceGroupPattern(), parameterName,
            "a resource group name has 1-90 letters, digits, '_', '-', '.', '(' or ')' and does not end with '.'");

    public static string WorkspaceName(string? value, string parameterName = "WorkspaceName") =>
        Check(value, WorkspacePattern(), parameterName,
            "a workspace name has 3-33 letters, digits, '-' or '_' and starts with a letter or digit");

    public static string ProviderNamespace(string? value, string parameterName = "ProviderNamespace") =>
        Check(value, ProviderNamespacePattern(), parameterName,
            "a resource provider namespace looks like Microsoft.Network");

    public static string JobName(string? value, string parameterName = "Name") =>
        Check(value, AssetNamePattern(), parameterName,
            "a job name has 1-255 letters, digits, '-' or '_' and starts with a letter or digit");

    public static string ModelName(string? value, string parameterName = "OutputModelName") =>
        Check(value, AssetNamePattern(), parameterName,
            "a model name has 1-255 letters, digits, '-' or '_' and starts with a letter or digit");

    static string Check(string? value, Regex pattern, string parameterName, string rule)
    {
        if (value is not null && pattern.IsMatch(value)) return value;
        throw new FineTuneException($"Invalid{parameterName}", FailureKind.InvalidArgument,
            $"-{parameterName} '{value}' is not valid: {rule}.", value,
            $"Correct -{parameterName} and run the command again.");
    }
}
