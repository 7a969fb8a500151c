using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Workspaces (hubs and projects, contract L.1–L.3, D.1): create or update, get, delete, list by resource group, and
/// the workspace discovery document. The state is <see cref="WorkspaceStore"/>'s.
/// </summary>
public static partial class WorkspaceRoutes
{
    public const string WorkspacesPattern =
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces";
    public const string WorkspacePattern = WorkspacesPattern + "/{ws}";

    private static readonly string[] Kinds = { "Hub", "Project" };

    /// <summary>L.1, L.4: the spec's workspaceName (and connectionName) pattern.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$")]
    internal static partial Regex NamePattern();

    /// <summary>L.1: the ARM id of a storage account (its name rule: 3-24 lowercase letters and digits).</summary>
    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Storage/storageAccounts/[a-z0-9]{3,24}$", RegexOptions.IgnoreCase)]
    private static partial Regex StorageAccountId();

    /// <summary>L.1: the ARM id of a key vault (its name rule: 3-24 letters, digits and hyphens).</summary>
    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.KeyVault/vaults/[a-zA-Z0-9-]{3,24}$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyVaultId();

    /// <summary>L.1: the ARM id of an Application Insights component.</summary>
    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Insights/components/[^/]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ApplicationInsightsId();

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Workspaces_Get", "GET", WorkspacePattern, ctx =>
            ArmJson.Write(ctx, 200, Render(ArmLookup.Workspace(ctx), state.BaseUrl)));

        // L.1, L.2: the spec answers 200 (done) or 202 + Location. A new workspace is the example's 202 with a
        // Location; an update is a 200 with the workspace.
        app.MapArm("Workspaces_CreateOrUpdate", "PUT", WorkspacePattern, async ctx =>
        {
            var rg = ArmLookup.ResourceGroup(ctx);
            if (!state.ResourceGroups.IsLive(rg))
            {
                // Contract J.5: writes to a group that is being deleted are refused.
                throw new ArmException(409, "ResourceGroupBeingDeleted",
                    $"The resource group '{rg}' is in deprovisioning state and cannot perform this operation.");
            }
            var name = Name(ctx);
            var request = Validate(await ArmJson.ReadBody(ctx));
            if (request.Kind == "Hub")
            {
                CheckHubDependenciesExist(state, request.StorageAccount!, request.KeyVault);
            }
            var (workspace, created) = state.Workspaces.CreateOrUpdate(rg, name, request);
            if (created && state.BlobFor(workspace.Name) is { } blob)
            {
                // L.5: the new workspace's workspaceblobstore container exists on Azurite from its creation.
                await blob.Container().CreateIfNotExistsAsync();
            }
            if (created)
            {
                ArmAccepted.AtResource(ctx, state, workspace.ArmId);
                return;
            }
            await ArmJson.Write(ctx, 200, Render(workspace, state.BaseUrl));
        });

        // L.3: 200 deleted, 204 absent (the spec's 202 + Location is not used: Emulator choice, the delete is at once).
        // Emulator choice: forceToPurge is accepted and changes nothing (the emulator keeps no soft-deleted workspaces).
        app.MapArm("Workspaces_Delete", "DELETE", WorkspacePattern, ctx =>
        {
            var rg = ArmLookup.ResourceGroup(ctx);
            ctx.Response.StatusCode = state.DeleteWorkspace(rg, ctx.Route("ws")) is null ? 204 : 200;
            return Task.CompletedTask;
        });

        // L.1: the group's workspaces; Emulator choice: the spec's kind filter matches case-insensitively.
        app.MapArm("Workspaces_ListByResourceGroup", "GET", WorkspacesPattern, ctx =>
        {
            var rg = ArmLookup.ResourceGroup(ctx);
            var kind = ctx.Request.Query["kind"].ToString();
            var all = state.Workspaces.ListByGroup(rg)
                .Where(w => kind.Length == 0 || string.Equals(w.Kind, kind, StringComparison.OrdinalIgnoreCase))
                .Select(w => Render(w, state.BaseUrl)).ToList();
            return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, all, state.Settings.PageSize));
        });

        // Emulator choice (D.1, I): the discovery document's key is "api", and its value is the emulator's base URL.
        app.MapArm("Discovery_Get", "GET", "/discovery", ctx =>
            ArmJson.Write(ctx, 200, new JsonObject { ["api"] = state.BaseUrl }));
    }

    /// <summary>
    /// A hub's storage account and key vault must exist (L.1; their id shapes are checked in <see cref="Validate"/>).
    /// Emulator choice: a missing one is a 400 ValidationError naming the field; the seeded workspaces' storage
    /// account (Azurite's) counts as existing.
    /// </summary>
    private static void CheckHubDependenciesExist(EmulatorState state, string storageAccount, string? keyVault)
    {
        if (!string.Equals(storageAccount, SeedState.StorageAccountArmId, StringComparison.OrdinalIgnoreCase))
        {
            Require(state, storageAccount, "Microsoft.Storage/storageAccounts", "properties.storageAccount");
        }
        if (keyVault is not null)
        {
            Require(state, keyVault, "Microsoft.KeyVault/vaults", "properties.keyVault");
        }
    }

    private static void Require(EmulatorState state, string armId, string resourceType, string field)
    {
        var parts = armId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}: shape checked by Validate.
        if (state.Resources.Get(resourceType, parts[3], parts[^1]) is null)
        {
            throw ArmErrors.Validation(field, $"The {resourceType} resource '{armId}' does not exist. Create it before the hub.");
        }
    }

    private static string Name(HttpContext ctx)
    {
        var name = ctx.Route("ws");
        if (!NamePattern().IsMatch(name))
        {
            // Emulator choice (L.1): the code is emulator-defined; the pattern is the spec's.
            throw new ArmException(400, "InvalidResourceName",
                $"The workspace name '{name}' is invalid. It must match ^[a-zA-Z0-9][a-zA-Z0-9_-]{{2,32}}$ " +
                "(3 to 33 letters, digits, '_' or '-', starting with a letter or digit).") { Target = "workspaceName" };
        }
        return name;
    }

    /// <summary>Checks a Workspace body (L.1): kind Hub or Project; a hub's location, storageAccount and keyVault; a project's hubResourceId.</summary>
    public static WorkspaceRequest Validate(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object (Workspace: kind, location, properties).");
        }
        var kind = JobRoutes.String(root["kind"], "kind", Kinds);
        var properties = root["properties"] is null ? new JsonObject() : JobRoutes.Object(root["properties"], "properties");
        JobRoutes.OptionalStringMap(root["tags"], "tags");
        var location = JobRoutes.OptionalString(root["location"], "location");
        var storage = ArmId(properties, "storageAccount", StorageAccountId(), "Microsoft.Storage/storageAccounts/{name}");
        var keyVault = ArmId(properties, "keyVault", KeyVaultId(), "Microsoft.KeyVault/vaults/{name}");
        var insights = ArmId(properties, "applicationInsights", ApplicationInsightsId(), "Microsoft.Insights/components/{name}");
        var hubResourceId = JobRoutes.OptionalString(properties["hubResourceId"], "properties.hubResourceId");
        if (kind == "Hub")
        {
            if (string.IsNullOrWhiteSpace(location))
            {
                throw ArmErrors.Validation("location", "[Required] The field is missing or empty.");
            }
            location = Location(location);
            // Emulator choice (L.1): a hub must name its storage account and key vault, as the portal creates them.
            _ = storage ?? throw ArmErrors.Validation("properties.storageAccount", "[Required] A hub needs the ARM id of its storage account.");
            _ = keyVault ?? throw ArmErrors.Validation("properties.keyVault", "[Required] A hub needs the ARM id of its key vault.");
        }
        else if (string.IsNullOrWhiteSpace(hubResourceId))
        {
            throw ArmErrors.Validation("properties.hubResourceId", "[Required] A project needs the ARM id of its hub.");
        }
        var friendlyName = JobRoutes.OptionalString(properties["friendlyName"], "properties.friendlyName");
        return new WorkspaceRequest(kind, location, friendlyName, storage, keyVault, insights, hubResourceId,
            (JsonObject?)root["tags"]?.DeepClone());
    }

    private static string? ArmId(JsonObject properties, string field, Regex shape, string form)
    {
        var value = JobRoutes.OptionalString(properties[field], "properties." + field);
        if (value is not null && !shape.IsMatch(value))
        {
            throw ArmErrors.Validation("properties." + field,
                $"'{value}' is not an ARM resource id of the form /subscriptions/{{subscriptionId}}/resourceGroups/{{resourceGroupName}}/providers/{form}.");
        }
        return value;
    }

    /// <summary>
    /// A location as ARM stores it ("East US 2" gives "eastus2"). Emulator choice (L.1): a location the workspaces type
    /// does not list is a 400 "LocationNotAvailableForResourceType".
    /// </summary>
    private static string Location(string location)
    {
        static string Normalise(string l) => l.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var available = ApiVersionCatalog.Find(ArmOperations.WorkspacesType).Locations.Select(Normalise).ToList();
        var normalised = Normalise(location);
        if (!available.Contains(normalised, StringComparer.Ordinal))
        {
            throw new ArmException(400, "LocationNotAvailableForResourceType",
                $"The provided location '{location}' is not available for resource type '{ArmOperations.WorkspacesType}'. " +
                $"List of available regions for the resource type is '{string.Join(",", available)}'.");
        }
        return normalised;
    }

    /// <summary>
    /// The workspace body: the field set of D.1's illustrative project workspace plus identity, sku, tags and
    /// systemData. Emulator choice (D.1): kind, workspaceId, hubResourceId (project only) and mlFlowTrackingUri are
    /// returned although the upstream example does not show them.
    /// </summary>
    public static JsonObject Render(WorkspaceEntry ws, string baseUrl)
    {
        var host = new Uri(baseUrl).Authority; // 127.0.0.1:PORT
        var properties = new JsonObject
        {
            ["workspaceId"] = ws.WorkspaceId,
            ["friendlyName"] = ws.FriendlyName,
            ["tenantId"] = SeedState.TenantId,
        };
        if (ws.HubResourceId is not null)
        {
            properties["hubResourceId"] = ws.HubResourceId;
        }
        properties["discoveryUrl"] = $"{baseUrl}/discovery";
        properties["mlFlowTrackingUri"] = $"azureml://{host}/mlflow/v1.0/subscriptions/{SeedState.SubscriptionId}/resourceGroups/{ws.ResourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/{ws.Name}";
        properties["storageAccount"] = ws.StorageAccount;
        if (ws.KeyVault is not null)
        {
            properties["keyVault"] = ws.KeyVault;
        }
        if (ws.ApplicationInsights is not null)
        {
            properties["applicationInsights"] = ws.ApplicationInsights;
        }
        properties["systemDatastoresAuthMode"] = "AccessKey";
        properties["provisioningState"] = "Succeeded";
        properties["publicNetworkAccess"] = "Enabled";

        return new JsonObject
        {
            ["id"] = ws.ArmId,
            ["name"] = ws.Name,
            ["type"] = SeedState.WorkspaceResourceType,
            ["location"] = ws.Location,
            ["kind"] = ws.Kind,
            ["identity"] = new JsonObject
            {
                ["type"] = "SystemAssigned",
                ["principalId"] = ws.PrincipalId,
                ["tenantId"] = SeedState.TenantId,
            },
            ["sku"] = new JsonObject { ["name"] = "Basic", ["tier"] = "Basic" },
            ["tags"] = ws.Tags.DeepClone(),
            ["systemData"] = new JsonObject
            {
                ["createdBy"] = SeedState.EmulatorUserName,
                ["createdByType"] = "User",
                ["createdAt"] = Timestamp(ws.CreatedAt),
                ["lastModifiedBy"] = SeedState.EmulatorUserName,
                ["lastModifiedByType"] = "User",
                ["lastModifiedAt"] = Timestamp(ws.LastModifiedAt),
            },
            ["properties"] = properties,
        };
    }

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
