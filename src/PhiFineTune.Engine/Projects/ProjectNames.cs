using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// The name rules of a project's resources, checked before any call so that a bad name fails at once naming its
/// parameter, and the names used when none is given: derived from the subscription, group and hub, so that a re-run
/// finds and reuses what the first run created.
/// </summary>
public static partial class ProjectNames
{
    // Contract K.1: 3-24 lower-case letters and digits, unique across Azure.
    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StoragePattern();

    // Contract K.2: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no "--".
    [GeneratedRegex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$")]
    private static partial Regex KeyVaultPattern();

    // Contract K.3: the account name, which is also its custom subdomain: 2-64 letters, digits and hyphens, starting
    // and ending with a letter or digit (a subdomain takes no '_' or '.').
    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?$")]
    private static partial Regex AIServicesPattern();

    public static string StorageAccount(string name) => Check(name, StoragePattern(), "StorageAccountName",
        "a storage account name has 3-24 lower-case letters and digits (contract K.1)");

    public static string KeyVault(string name) => Check(name, KeyVaultPattern(), "KeyVaultName",
        "a key vault name has 3-24 letters, digits and hyphens, starts with a letter, ends with a letter or digit " +
        "and has no two hyphens in a row (contract K.2)");

    public static string AIServices(string name) => Check(name, AIServicesPattern(), "AIServicesName",
        "an Azure AI Services account name (its custom subdomain) has 2-64 letters, digits and hyphens and starts " +
        "and ends with a letter or digit (contract K.3)");

    /// <summary>"st" + the hub's letters and digits + 8 hex digits of the hash of subscription, group and hub.</summary>
    public static string DefaultStorageAccount(string subscriptionId, string resourceGroupName, string hubName) =>
        "st" + Clip(new string(hubName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()), 14) +
        Suffix(subscriptionId, resourceGroupName, hubName);

    /// <summary>"kv-" + the hub's letters, digits and single hyphens + "-" + 8 hex digits of the same hash.</summary>
    public static string DefaultKeyVault(string subscriptionId, string resourceGroupName, string hubName) =>
        Hyphenated("kv", hubName, 12, Suffix(subscriptionId, resourceGroupName, hubName));

    /// <summary>"ais-" + the hub's letters, digits and single hyphens + "-" + 8 hex digits of the same hash.</summary>
    public static string DefaultAIServices(string subscriptionId, string resourceGroupName, string hubName) =>
        Hyphenated("ais", hubName, 40, Suffix(subscriptionId, resourceGroupName, hubName));

    static string Hyphenated(string prefix, string hubName, int length, string suffix)
    {
        var letters = Regex.Replace(new string(hubName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()),
            "-+", "-").Trim('-');
        var middle = Clip(letters, length).Trim('-');
        return middle.Length == 0 ? $"{prefix}-{suffix}" : $"{prefix}-{middle}-{suffix}";
    }

    static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    static string Suffix(string subscriptionId, string resourceGroupName, string hubName) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{subscriptionId}/{resourceGroupName}/{hubName}".ToLowerInvariant())))[..8].ToLowerInvariant();

    static string Check(string name, Regex pattern, string parameterName, string rule) =>
        pattern.IsMatch(name) ? name : throw new FineTuneException($"Invalid{parameterName}", FailureKind.InvalidArgument,
            $"-{parameterName} '{name}' is not valid: {rule}.", name, $"Correct -{parameterName} and run the command again.");
}
