using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>Workspaces_Get (contract D.1) and the workspace discovery document.</summary>
public static class WorkspaceRoutes
{
    public const string WorkspacePattern =
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Workspaces_Get", "GET", WorkspacePattern, ctx =>
            ArmJson.Write(ctx, 200, Render(ArmLookup.Workspace(ctx), state.BaseUrl)));

        // Emulator choice (D.1, I): the discovery document's key is "api", and its value is the emulator's base URL.
        app.MapArm("Discovery_Get", "GET", "/discovery", ctx =>
            ArmJson.Write(ctx, 200, new JsonObject { ["api"] = state.BaseUrl }));
    }

    /// <summary>
    /// The workspace body: the field set of D.1's illustrative project workspace plus identity, sku, tags and
    /// systemData. Emulator choice (D.1): kind, workspaceId, hubResourceId (project only) and mlFlowTrackingUri are
    /// returned although the upstream example does not show them.
    /// </summary>
    public static JsonObject Render(WorkspaceSeed ws, string baseUrl)
    {
        var id = SeedState.WorkspaceArmId(ws.Name);
        var host = new Uri(baseUrl).Authority; // 127.0.0.1:PORT
        var properties = new JsonObject
        {
            ["workspaceId"] = ws.WorkspaceId,
            ["friendlyName"] = ws.FriendlyName,
            ["tenantId"] = SeedState.TenantId,
        };
        if (ws.HubWorkspaceName is not null)
        {
            properties["hubResourceId"] = SeedState.WorkspaceArmId(ws.HubWorkspaceName);
        }
        properties["discoveryUrl"] = $"{baseUrl}/discovery";
        properties["mlFlowTrackingUri"] = $"azureml://{host}/mlflow/v1.0/subscriptions/{SeedState.SubscriptionId}/resourceGroups/{SeedState.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{ws.Name}";
        properties["storageAccount"] = SeedState.StorageAccountArmId;
        properties["systemDatastoresAuthMode"] = "AccessKey";
        properties["provisioningState"] = "Succeeded";
        properties["publicNetworkAccess"] = "Enabled";

        var created = SeedState.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = ws.Name,
            ["type"] = SeedState.WorkspaceResourceType,
            ["location"] = SeedState.Location,
            ["kind"] = ws.Kind,
            ["identity"] = new JsonObject
            {
                ["type"] = "SystemAssigned",
                ["principalId"] = ws.PrincipalId,
                ["tenantId"] = SeedState.TenantId,
            },
            ["sku"] = new JsonObject { ["name"] = "Basic", ["tier"] = "Basic" },
            ["tags"] = new JsonObject(),
            ["systemData"] = new JsonObject
            {
                ["createdBy"] = SeedState.EmulatorUserName,
                ["createdByType"] = "User",
                ["createdAt"] = created,
                ["lastModifiedBy"] = SeedState.EmulatorUserName,
                ["lastModifiedByType"] = "User",
                ["lastModifiedAt"] = created,
            },
            ["properties"] = properties,
        };
    }
}
