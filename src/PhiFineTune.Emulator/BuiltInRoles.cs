namespace PhiFineTune.Emulator;

/// <summary>
/// The built-in roles served by RoleDefinitions_Get/List (contract K.4), with the permissions their published
/// definitions have (sources in docs/contracts/SOURCES.md: Microsoft Learn "Azure built-in roles").
/// </summary>
public static class BuiltInRoles
{
    public const string OwnerId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string ContributorId = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string ReaderId = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    public const string AzureAiDeveloperId = "64702f94-c441-49e6-a78b-ef80e0188fee";

    public static readonly BuiltInRole[] All =
    {
        new(OwnerId, "Owner", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
            new[] { "*" }, Array.Empty<string>(), Array.Empty<string>()),
        new(ContributorId, "Contributor",
            "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
            new[] { "*" },
            new[]
            {
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
                "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete",
                "Microsoft.Compute/galleries/share/action",
                "Microsoft.Purview/consents/write",
                "Microsoft.Purview/consents/delete",
                "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
                "Microsoft.Subscription/cancel/action",
                "Microsoft.Subscription/enable/action",
            },
            Array.Empty<string>()),
        new(ReaderId, "Reader", "View all resources, but does not allow you to make any changes.",
            new[] { "*/read" }, Array.Empty<string>(), Array.Empty<string>()),
        new(AzureAiDeveloperId, "Azure AI Developer", "Can perform all actions within an Azure AI resource besides managing the resource itself.",
            new[]
            {
                "Microsoft.MachineLearningServices/workspaces/*/read",
                "Microsoft.MachineLearningServices/workspaces/*/action",
                "Microsoft.MachineLearningServices/workspaces/*/delete",
                "Microsoft.MachineLearningServices/workspaces/*/write",
                "Microsoft.MachineLearningServices/locations/*/read",
                "Microsoft.Authorization/*/read",
                "Microsoft.Resources/deployments/*",
            },
            new[]
            {
                "Microsoft.MachineLearningServices/workspaces/delete",
                "Microsoft.MachineLearningServices/workspaces/write",
                "Microsoft.MachineLearningServices/workspaces/listKeys/action",
                "Microsoft.MachineLearningServices/workspaces/hubs/write",
                "Microsoft.MachineLearningServices/workspaces/hubs/delete",
                "Microsoft.MachineLearningServices/workspaces/featurestores/write",
                "Microsoft.MachineLearningServices/workspaces/featurestores/delete",
                "Microsoft.MachineLearningServices/workspaces/evaluations/results/labels/read",
                "Microsoft.MachineLearningServices/workspaces/evaluations/results/reasonings/read",
                "Microsoft.MachineLearningServices/workspaces/simulations/results/images/read",
            },
            new[]
            {
                "Microsoft.CognitiveServices/accounts/OpenAI/*",
                "Microsoft.CognitiveServices/accounts/SpeechServices/*",
                "Microsoft.CognitiveServices/accounts/ContentSafety/*",
                "Microsoft.CognitiveServices/accounts/MaaS/*",
            }),
    };

    public static BuiltInRole? Find(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
