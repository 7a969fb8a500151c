namespace PhiFineTune.Emulator;

/// <summary>
/// What the pipeline needs to know about one operation. It is attached to the endpoint as metadata by
/// <see cref="ArmRouting.MapArm"/>; fault injection, the auth and api-version checks and the request log all key off it.
/// </summary>
/// <param name="OperationId">The contract's operationId (or an emulator-defined id for non-ARM routes).</param>
/// <param name="ApiVersions">Accepted api-version values; null = the route takes no api-version.</param>
/// <param name="RequiresBearer">Whether a Bearer token must be present.</param>
/// <param name="Action">The RBAC action named in a 403 AuthorizationFailed message.</param>
/// <param name="ScopeTemplate">The scope named in a 403 message; {name} is replaced by that route value.</param>
/// <param name="IsArm">True for ARM operations (matched by the fault operation "*").</param>
public sealed record ArmOperation(
    string OperationId,
    string[]? ApiVersions,
    bool RequiresBearer,
    string Action,
    string ScopeTemplate,
    bool IsArm = true);

/// <summary>
/// The lookup table of every operation the emulator serves. Adding a route = one row here plus one
/// <c>MapArm</c> call in a route file (MapArm refuses an operationId that has no row).
/// </summary>
public static class ArmOperations
{
    /// <summary>Microsoft.Resources providers. 2022-09-01 is the .NET default (A.1); 2025-04-01 exists upstream.</summary>
    // Emulator choice: 2021-04-01 is accepted too, for older clients.
    public static readonly string[] ResourcesApiVersions = { "2025-04-01", "2022-09-01", "2021-04-01" };

    /// <summary>Microsoft.MachineLearningServices (B.1, D.1).</summary>
    public static readonly string[] MachineLearningApiVersions = { "2025-01-01-preview" };

    // ---- issue 4: fine-tuning jobs, models, MLflow, registry ----
    /// <summary>B.1: the spec is 2025-01-01-preview; the Python SDK's fine-tuning client uses 2024-01-01-preview.</summary>
    public static readonly string[] FineTuningApiVersions = { "2025-01-01-preview", "2024-01-01-preview" };

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
    /// <summary>Datastores (D.2): the contract's version, and the ones Python clients send (2024-07-01-preview is the newest Python's).</summary>
    public static readonly string[] DatastoreApiVersions = { "2025-01-01-preview", "2024-07-01-preview", "2024-01-01-preview" };

    public const string SubscriptionScope = "/subscriptions/{sub}";
    public const string WorkspaceScope = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    private static readonly ArmOperation[] Rows =
    {
        new("Providers_List", ResourcesApiVersions, true, "Microsoft.Resources/subscriptions/providers/read", SubscriptionScope),
        new("Providers_Get", ResourcesApiVersions, true, "Microsoft.Resources/subscriptions/providers/read", SubscriptionScope),
        new("Providers_Register", ResourcesApiVersions, true, "Microsoft.Resources/subscriptions/providers/register/action", SubscriptionScope),
        new("Providers_Unregister", ResourcesApiVersions, true, "Microsoft.Resources/subscriptions/providers/unregister/action", SubscriptionScope),
        new("Workspaces_Get", MachineLearningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/read", WorkspaceScope),
        new("Datastores_List", DatastoreApiVersions, true, "Microsoft.MachineLearningServices/workspaces/datastores/read", WorkspaceScope),
        new("Datastores_Get", DatastoreApiVersions, true, "Microsoft.MachineLearningServices/workspaces/datastores/read", WorkspaceScope + "/datastores/{name}"),
        new("Datastores_ListSecrets", DatastoreApiVersions, true, "Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action", WorkspaceScope + "/datastores/{name}"),
        // Emulator choice: the discovery document (D.1) is not ARM. It takes no api-version and no token, and has an
        // emulator-defined operationId so that a fault rule can still name it (but "*" does not match it).
        new("Discovery_Get", null, false, "Microsoft.MachineLearningServices/workspaces/read", "/", IsArm: false),
        // ---- fine-tuning jobs, workspace models, MLflow, run history, azureml registry (issue 4) ----
        new("Jobs_List", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/read", WorkspaceScope),
        new("Jobs_Get", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/read", JobScope),
        new("Jobs_CreateOrUpdate", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/write", JobScope),
        new("Jobs_Cancel", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/cancel/action", JobScope),
        new("Jobs_Delete", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/delete", JobScope),
        // Emulator choice: the Location a 202 from Jobs_Cancel points at (the contract gives no path or operationId for it).
        new("Jobs_CancelOperationResult", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/jobs/read", JobScope),
        new("ModelContainers_List", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/read", WorkspaceScope),
        new("ModelContainers_Get", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/read", ModelScope),
        new("ModelContainers_Delete", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/delete", ModelScope),
        new("ModelVersions_List", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/versions/read", ModelScope),
        new("ModelVersions_Get", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/versions/read", ModelScope + "/versions/{version}"),
        new("ModelVersions_Delete", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/models/versions/delete", ModelScope + "/versions/{version}"),
        // ---- serverless endpoints (B.2, B.8, C.5) and their inference route (H), issue 5 ----
        new("ServerlessEndpoints_List", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/read", WorkspaceScope),
        new("ServerlessEndpoints_Get", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/read", EndpointScope),
        new("ServerlessEndpoints_CreateOrUpdate", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write", EndpointScope),
        new("ServerlessEndpoints_Delete", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/delete", EndpointScope),
        new("ServerlessEndpoints_ListKeys", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/listKeys/action", EndpointScope),
        new("ServerlessEndpoints_RegenerateKeys", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/regenerateKeys/action", EndpointScope),
        // Emulator choice: the operation resource (Azure-AsyncOperation) and operation result (Location) routes of the
        // endpoint LROs; their operationIds, paths and RBAC action are emulator-defined (C.5 gives only ".../operationsStatuses/<guid>").
        new("ServerlessEndpoints_GetOperationStatus", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/locations/operationsStatus/read", OperationLocationScope),
        new("ServerlessEndpoints_GetOperationResult", FineTuningApiVersions, true, "Microsoft.MachineLearningServices/locations/operationsStatus/read", OperationLocationScope),
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
