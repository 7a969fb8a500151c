using System.Text.RegularExpressions;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Models;

/// <summary>The id a serverless endpoint deploys a workspace model by (contract B.6, B.8, D.1).</summary>
public static partial class ModelIds
{
    [GeneratedRegex("^azureml://locations/(?<location>[^/]+)/workspaces/(?<workspace>[^/]+)/models/(?<name>[^/]+)/versions/(?<version>[^/]+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WorkspaceModelPattern();

    /// <summary>azureml://locations/{location}/workspaces/{workspaceId}/models/{name}/versions/{version}.</summary>
    public static string Build(FineTuneConnection connection, string name, string version)
    {
        if (string.IsNullOrEmpty(connection.WorkspaceId))
        {
            throw new FineTuneException("WorkspaceIdUnknown", FailureKind.InvalidOperation,
                $"The workspace '{connection.WorkspaceName}' did not report its workspaceId, which a model id needs.",
                connection.WorkspaceName, ActionTexts.Reconnect);
        }
        return $"azureml://locations/{connection.Location}/workspaces/{connection.WorkspaceId}/models/{name}/versions/{version}";
    }

    [GeneratedRegex("^azureml://registries/(?<registry>[^/]+)/models/(?<name>[^/]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RegistryModelPattern();

    /// <summary>The model name of a registry model id without a version (a base model, contract B.8); null otherwise.</summary>
    public static string? RegistryModelName(string? modelId) =>
        modelId is not null && RegistryModelPattern().Match(modelId) is { Success: true } match ? match.Groups["name"].Value : null;

    /// <summary>The workspace id, model name and version of a workspace model id; null for any other id (a registry model).</summary>
    public static (string WorkspaceId, string Name, string Version)? Parse(string? modelId)
    {
        if (modelId is null) return null;
        var match = WorkspaceModelPattern().Match(modelId);
        return match.Success
            ? (match.Groups["workspace"].Value, match.Groups["name"].Value, match.Groups["version"].Value)
            : null;
    }

    /// <summary>Whether <paramref name="modelId"/> names this model version of the connection's workspace (names compare as ARM names do).</summary>
    public static bool Refers(string? modelId, FineTuneConnection connection, string name, string? version) =>
        Parse(modelId) is { } id &&
        string.Equals(id.WorkspaceId, connection.WorkspaceId, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(id.Name, name, StringComparison.OrdinalIgnoreCase) &&
        (version is null || string.Equals(id.Version, version, StringComparison.OrdinalIgnoreCase));
}
