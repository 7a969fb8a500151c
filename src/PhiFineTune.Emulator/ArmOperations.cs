namespace PhiFineTune.Emulator;

/// <summary>
/// The lookup table of every operation the emulator serves. Adding a route = one row here plus one
/// <c>MapArm</c> call in a route file (MapArm refuses an operationId that has no row).
/// </summary>
public static class ArmOperations
{
    // The resource types of the ARM operations; their api-versions are in ApiVersions.json (docs/contracts/api-versions.md).
    public const string ProvidersType = "Microsoft.Resources/subscriptions/providers";
    public const string ResourceGroupsType = "Microsoft.Resources/resourceGroups";
    public const string WorkspacesType = "Microsoft.MachineLearningServices/workspaces";
    public const string DatastoresType = WorkspacesType + "/datastores";
    public const string ConnectionsType = WorkspacesType + "/connections";
    public const string JobsType = WorkspacesType + "/jobs";
    public const string ModelsType = WorkspacesType + "/models";
    public const string ModelVersionsType = WorkspacesType + "/models/versions";
    public const string ServerlessEndpointsType = WorkspacesType + "/serverlessEndpoints";
    public const string OperationStatusType = "Microsoft.MachineLearningServices/locations/mfeOperationsStatus";
    public const string OperationResultType = "Microsoft.MachineLearningServices/locations/mfeOperationResults";
    public const string StorageAccountsType = "Microsoft.Storage/storageAccounts";
    public const string VaultsType = "Microsoft.KeyVault/vaults";
    public const string AccountsType = "Microsoft.CognitiveServices/accounts";
    public const string RoleAssignmentsType = "Microsoft.Authorization/roleAssignments";
    public const string RoleDefinitionsType = "Microsoft.Authorization/roleDefinitions";

    /// <summary>Microsoft.Resources providers (A.1): every version of resources.json.</summary>
    public static readonly string[] ResourcesApiVersions = ApiVersionCatalog.Versions(ProvidersType);

    /// <summary>Microsoft.MachineLearningServices workspaces (D.1).</summary>
    public static readonly string[] MachineLearningApiVersions = ApiVersionCatalog.Versions(WorkspacesType);

    // ---- issue 4: fine-tuning jobs, models, MLflow, registry ----
    /// <summary>B.1: jobs; the Python SDK's fine-tuning client uses 2024-01-01-preview.</summary>
    public static readonly string[] FineTuningApiVersions = ApiVersionCatalog.Versions(JobsType);

    /// <summary>F.1: the registry data plane's api-version.</summary>
    public static readonly string[] RegistryApiVersions = { "2021-10-01-dataplanepreview" };

    public const string JobScope = WorkspaceScope + "/jobs/{id}";
    public const string ModelScope = WorkspaceScope + "/models/{name}";
    public const string RegistryScope = "/subscriptions/" + RegistryCatalog.SubscriptionId + "/resourceGroups/" + RegistryCatalog.ResourceGroup +
        "/providers/Microsoft.MachineLearningServices/registries/{registry}";
    // ---- end issue 4 ----
    // ---- issue 5: serverless endpoints and inference ----
    public const string EndpointScope = WorkspaceScope + "/serverlessEndpoints/{name}";
    public const string OperationLocationScope = "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}";
    /// <summary>The inference route has no {sub}/{rg}: the seeded ones.</summary>
    public const string InferenceScope = "/subscriptions/" + SeedState.SubscriptionId + "/resourceGroups/" + SeedState.ResourceGroupName +
        "/providers/Microsoft.MachineLearningServices/workspaces/{ws}/serverlessEndpoints/{name}";
    // ---- end issue 5 ----
    /// <summary>Datastores (D.2).</summary>
    public static readonly string[] DatastoreApiVersions = ApiVersionCatalog.Versions(DatastoresType);

    public const string SubscriptionScope = "/subscriptions/{sub}";
    public const string ResourceGroupScope = "/subscriptions/{sub}/resourceGroups/{rg}";
    public const string StorageAccountScope = ResourceGroupScope + "/providers/Microsoft.Storage/storageAccounts/{name}";
    public const string VaultScope = ResourceGroupScope + "/providers/Microsoft.KeyVault/vaults/{name}";
    public const string AccountScope = ResourceGroupScope + "/providers/Microsoft.CognitiveServices/accounts/{name}";
    public const string WorkspaceScope = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    private static readonly ArmOperation[] Rows =
    {
        Arm("Providers_List", ProvidersType, "Microsoft.Resources/subscriptions/providers/read", SubscriptionScope),
        Arm("Providers_Get", ProvidersType, "Microsoft.Resources/subscriptions/providers/read", SubscriptionScope),
        Arm("Providers_Register", ProvidersType, "Microsoft.Resources/subscriptions/providers/register/action", SubscriptionScope),
        Arm("Providers_Unregister", ProvidersType, "Microsoft.Resources/subscriptions/providers/unregister/action", SubscriptionScope),
        // ---- resource groups (J.1), issue 10 ----
        Arm("ResourceGroups_CreateOrUpdate", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/write", ResourceGroupScope),
        Arm("ResourceGroups_Get", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/read", ResourceGroupScope),
        Arm("ResourceGroups_CheckExistence", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/read", ResourceGroupScope),
        Arm("ResourceGroups_Update", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/write", ResourceGroupScope),
        Arm("ResourceGroups_Delete", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/delete", ResourceGroupScope),
        Arm("ResourceGroups_List", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/read", SubscriptionScope),
        // Emulator choice: the Location of a group delete (J.4); the spec gives no operationId for it, and it accepts the
        // resourceGroups api-versions (the example's Location carries 2018-08-01, which no resources.json version has).
        Arm("ResourceGroups_DeleteOperationResult", ResourceGroupsType, "Microsoft.Resources/subscriptions/resourceGroups/read", SubscriptionScope),
        // ---- storage accounts, key vaults, AI Services accounts, role assignments and definitions (K), issue 10 ----
        Arm("StorageAccounts_CheckNameAvailability", StorageAccountsType, "Microsoft.Storage/checknameavailability/read", SubscriptionScope),
        Arm("StorageAccounts_Create", StorageAccountsType, "Microsoft.Storage/storageAccounts/write", StorageAccountScope),
        Arm("StorageAccounts_GetProperties", StorageAccountsType, "Microsoft.Storage/storageAccounts/read", StorageAccountScope),
        Arm("StorageAccounts_Delete", StorageAccountsType, "Microsoft.Storage/storageAccounts/delete", StorageAccountScope),
        Arm("StorageAccounts_ListByResourceGroup", StorageAccountsType, "Microsoft.Storage/storageAccounts/read", ResourceGroupScope),
        Arm("Vaults_CheckNameAvailability", VaultsType, "Microsoft.KeyVault/checkNameAvailability/read", SubscriptionScope),
        Arm("Vaults_CreateOrUpdate", VaultsType, "Microsoft.KeyVault/vaults/write", VaultScope),
        Arm("Vaults_Get", VaultsType, "Microsoft.KeyVault/vaults/read", VaultScope),
        Arm("Vaults_Delete", VaultsType, "Microsoft.KeyVault/vaults/delete", VaultScope),
        Arm("Vaults_ListByResourceGroup", VaultsType, "Microsoft.KeyVault/vaults/read", ResourceGroupScope),
        Arm("Accounts_Create", AccountsType, "Microsoft.CognitiveServices/accounts/write", AccountScope),
        Arm("Accounts_Get", AccountsType, "Microsoft.CognitiveServices/accounts/read", AccountScope),
        Arm("Accounts_Delete", AccountsType, "Microsoft.CognitiveServices/accounts/delete", AccountScope),
        Arm("Accounts_ListByResourceGroup", AccountsType, "Microsoft.CognitiveServices/accounts/read", ResourceGroupScope),
        Arm("RoleAssignments_ListForScope", RoleAssignmentsType, "Microsoft.Authorization/roleAssignments/read", SubscriptionScope),
        Arm("RoleAssignments_Create", RoleAssignmentsType, "Microsoft.Authorization/roleAssignments/write", SubscriptionScope),
        Arm("RoleAssignments_Get", RoleAssignmentsType, "Microsoft.Authorization/roleAssignments/read", SubscriptionScope),
        Arm("RoleAssignments_Delete", RoleAssignmentsType, "Microsoft.Authorization/roleAssignments/delete", SubscriptionScope),
        Arm("RoleDefinitions_List", RoleDefinitionsType, "Microsoft.Authorization/roleDefinitions/read", SubscriptionScope),
        Arm("RoleDefinitions_Get", RoleDefinitionsType, "Microsoft.Authorization/roleDefinitions/read", SubscriptionScope),
        Arm("Workspaces_Get", WorkspacesType, "Microsoft.MachineLearningServices/workspaces/read", WorkspaceScope),
        // ---- workspaces and connections (L.1–L.4), issue 10 ----
        Arm("Workspaces_CreateOrUpdate", WorkspacesType, "Microsoft.MachineLearningServices/workspaces/write", WorkspaceScope),
        Arm("Workspaces_Delete", WorkspacesType, "Microsoft.MachineLearningServices/workspaces/delete", WorkspaceScope),
        Arm("Workspaces_ListByResourceGroup", WorkspacesType, "Microsoft.MachineLearningServices/workspaces/read", ResourceGroupScope),
        Arm("WorkspaceConnections_Create", ConnectionsType, "Microsoft.MachineLearningServices/workspaces/connections/write", WorkspaceScope + "/connections/{connectionName}"),
        Arm("WorkspaceConnections_Get", ConnectionsType, "Microsoft.MachineLearningServices/workspaces/connections/read", WorkspaceScope + "/connections/{connectionName}"),
        Arm("WorkspaceConnections_Delete", ConnectionsType, "Microsoft.MachineLearningServices/workspaces/connections/delete", WorkspaceScope + "/connections/{connectionName}"),
        Arm("WorkspaceConnections_List", ConnectionsType, "Microsoft.MachineLearningServices/workspaces/connections/read", WorkspaceScope),
        Arm("Datastores_List", DatastoresType, "Microsoft.MachineLearningServices/workspaces/datastores/read", WorkspaceScope),
        Arm("Datastores_Get", DatastoresType, "Microsoft.MachineLearningServices/workspaces/datastores/read", WorkspaceScope + "/datastores/{name}"),
        Arm("Datastores_ListSecrets", DatastoresType, "Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action", WorkspaceScope + "/datastores/{name}"),
        // Emulator choice: the discovery document (D.1) is not ARM. It takes no api-version and no token, and has an
        // emulator-defined operationId so that a fault rule can still name it (but "*" does not match it).
        new("Discovery_Get", null, false, "Microsoft.MachineLearningServices/workspaces/read", "/", IsArm: false),
        // ---- fine-tuning jobs, workspace models, MLflow, run history, azureml registry (issue 4) ----
        Arm("Jobs_List", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/read", WorkspaceScope),
        Arm("Jobs_Get", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/read", JobScope),
        Arm("Jobs_CreateOrUpdate", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/write", JobScope),
        Arm("Jobs_Cancel", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/cancel/action", JobScope),
        Arm("Jobs_Delete", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/delete", JobScope),
        // Emulator choice: the Location a 202 from Jobs_Cancel points at (the contract gives no path or operationId for it).
        Arm("Jobs_CancelOperationResult", JobsType, "Microsoft.MachineLearningServices/workspaces/jobs/read", JobScope),
        Arm("ModelContainers_List", ModelsType, "Microsoft.MachineLearningServices/workspaces/models/read", WorkspaceScope),
        Arm("ModelContainers_Get", ModelsType, "Microsoft.MachineLearningServices/workspaces/models/read", ModelScope),
        Arm("ModelContainers_Delete", ModelsType, "Microsoft.MachineLearningServices/workspaces/models/delete", ModelScope),
        Arm("ModelVersions_List", ModelVersionsType, "Microsoft.MachineLearningServices/workspaces/models/versions/read", ModelScope),
        Arm("ModelVersions_Get", ModelVersionsType, "Microsoft.MachineLearningServices/workspaces/models/versions/read", ModelScope + "/versions/{version}"),
        Arm("ModelVersions_Delete", ModelVersionsType, "Microsoft.MachineLearningServices/workspaces/models/versions/delete", ModelScope + "/versions/{version}"),
        // ---- serverless endpoints (B.2, B.8, C.5) and their inference route (H), issue 5 ----
        Arm("ServerlessEndpoints_List", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/read", WorkspaceScope),
        Arm("ServerlessEndpoints_Get", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/read", EndpointScope),
        Arm("ServerlessEndpoints_CreateOrUpdate", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write", EndpointScope),
        Arm("ServerlessEndpoints_Delete", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/delete", EndpointScope),
        Arm("ServerlessEndpoints_ListKeys", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/listKeys/action", EndpointScope),
        Arm("ServerlessEndpoints_RegenerateKeys", ServerlessEndpointsType, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/regenerateKeys/action", EndpointScope),
        // Emulator choice: the operation resource (Azure-AsyncOperation) and operation result (Location) routes of the
        // endpoint LROs; their operationIds, paths and RBAC action are emulator-defined (C.5 gives only ".../operationsStatuses/<guid>").
        Arm("ServerlessEndpoints_GetOperationStatus", OperationStatusType, "Microsoft.MachineLearningServices/locations/operationsStatus/read", OperationLocationScope),
        Arm("ServerlessEndpoints_GetOperationResult", OperationResultType, "Microsoft.MachineLearningServices/locations/operationsStatus/read", OperationLocationScope),
        // Emulator choice: inference (H) is a data plane with key auth, not ARM: emulator-defined operationIds after the
        // spec's GetChatCompletions / GetModelInfo (a fault rule can name them; "*" does not match them); no bearer token
        // and any or no api-version (H.1); the handler checks the endpoint key (H.2).
        new("Inference_GetChatCompletions", null, false, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/score/action", InferenceScope, IsArm: false),
        new("Inference_GetModelInfo", null, false, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/score/action", InferenceScope, IsArm: false),
        // Emulator choice: data-plane routes (MLflow G.2, run history G.1, registry F.1) are not ARM. Their operationIds are
        // emulator-defined (RegistryManagement_GetDiscoveryInfo is the registry-discovery spec's), so a fault rule can
        // name them, but "*" does not match them. Any bearer token is accepted (F.3); no api-version except the
        // registry's data-plane version.
        new("Mlflow_RunsGet", null, true, "Microsoft.MachineLearningServices/workspaces/experiments/runs/read", WorkspaceScope, IsArm: false),
        new("Mlflow_MetricsGetHistory", null, true, "Microsoft.MachineLearningServices/workspaces/experiments/runs/read", WorkspaceScope, IsArm: false),
        new("Mlflow_RunsSearch", null, true, "Microsoft.MachineLearningServices/workspaces/experiments/runs/read", WorkspaceScope, IsArm: false),
        new("RunHistory_GetDetails", null, true, "Microsoft.MachineLearningServices/workspaces/experiments/runs/read", WorkspaceScope, IsArm: false),
        new("RegistryManagement_GetDiscoveryInfo", null, true, "Microsoft.MachineLearningServices/registries/read", RegistryScope, IsArm: false),
        new("RegistryModelVersions_List", RegistryApiVersions, true, "Microsoft.MachineLearningServices/registries/models/versions/read", RegistryScope, IsArm: false),
        new("RegistryModelVersions_Get", RegistryApiVersions, true, "Microsoft.MachineLearningServices/registries/models/versions/read", RegistryScope, IsArm: false),
    };

    private static ArmOperation Arm(string operationId, string resourceType, string action, string scope) =>
        new(operationId, ApiVersionCatalog.Versions(resourceType), true, action, scope, ResourceType: resourceType);

    public static readonly IReadOnlyDictionary<string, ArmOperation> All =
        Rows.ToDictionary(r => r.OperationId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The 403 scope for a request: the template with route values filled in.</summary>
    public static string Scope(ArmOperation op, RouteValueDictionary routeValues)
    {
        var scope = op.ScopeTemplate;
        foreach (var (key, value) in routeValues)
        {
            scope = scope.Replace("{" + key + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return scope;
    }
}
