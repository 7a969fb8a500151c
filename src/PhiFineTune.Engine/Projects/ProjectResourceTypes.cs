using PhiFineTune.Engine.Workspaces;

namespace PhiFineTune.Engine.Projects;

/// <summary>The ARM resource types of a project and the api-version each is called with.</summary>
public static class ProjectResourceTypes
{
    public const string ResourceGroup = "Microsoft.Resources/resourceGroups";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string AIServices = "Microsoft.CognitiveServices/accounts";
    public const string Workspace = "Microsoft.MachineLearningServices/workspaces";
    public const string HubConnection = "Microsoft.MachineLearningServices/workspaces/connections";
    public const string Deployment = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints";
    public const string Model = "Microsoft.MachineLearningServices/workspaces/models";

    // Contract J.1.
    internal const string ResourceGroupApiVersion = "2025-04-01";
    // Contract K.1.
    internal const string StorageApiVersion = "2024-01-01";
    // Contract K.2.
    internal const string KeyVaultApiVersion = "2023-07-01";
    // Contract K.3.
    internal const string AIServicesApiVersion = "2024-10-01";
    // Contract K.4.
    internal const string AuthorizationApiVersion = "2022-04-01";

    /// <summary>The api-version of a resource type of a project.</summary>
    internal static string ApiVersion(string resourceType) => resourceType switch
    {
        ResourceGroup => ResourceGroupApiVersion,
        StorageAccount => StorageApiVersion,
        KeyVault => KeyVaultApiVersion,
        AIServices => AIServicesApiVersion,
        _ => MlWorkspaces.ApiVersion,
    };

    /// <summary>How the resource type reads in progress and messages.</summary>
    public static string Describe(string resourceType) => resourceType switch
    {
        ResourceGroup => "resource group",
        StorageAccount => "storage account",
        KeyVault => "key vault",
        AIServices => "Azure AI Services account",
        HubConnection => "hub connection",
        Deployment => "deployment",
        Model => "fine-tuned model",
        _ => "workspace",
    };

    internal static string GroupId(string subscriptionId, string resourceGroupName) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";

    internal static string Id(string subscriptionId, string resourceGroupName, string resourceType, string name) =>
        $"{GroupId(subscriptionId, resourceGroupName)}/providers/{resourceType}/{name}";
}
