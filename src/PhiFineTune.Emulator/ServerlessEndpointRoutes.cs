using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Serverless endpoints, the deployments of fine-tuned models (contract B.2, B.8, B.9, C.5): create (long-running),
/// get, list, delete (long-running), listKeys, regenerateKeys, and the operation status / result routes the async
/// headers point at. The clock is <see cref="EndpointStore"/>'s.
/// </summary>
public static partial class ServerlessEndpointRoutes
{
    public const string EndpointsPattern = WorkspaceRoutes.WorkspacePattern + "/serverlessEndpoints";
    public const string EndpointPattern = EndpointsPattern + "/{name}";

    /// <summary>Emulator choice: where Azure-AsyncOperation and Location point (C.5 names the operation resource ".../operationsStatuses/{id}").</summary>
    public const string LocationPattern = "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}";

    /// <summary>B.2: the serverless endpoint name pattern on PUT.</summary>
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-]{0,51}$")]
    private static partial Regex PutNamePattern();

    /// <summary>B.6: a fine-tuned model version's id.</summary>
    [GeneratedRegex(@"^azureml://locations/([^/]+)/workspaces/([^/]+)/models/([^/]+)/versions/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkspaceModelId();

    /// <summary>B.8: the registry model id form the Python SDK refuses with a version.</summary>
    [GeneratedRegex(@"^azureml://registries/", RegexOptions.IgnoreCase)]
    private static partial Regex RegistryModelId();

    /// <summary>B.8: a registry base model is deployed by its id without a version.</summary>
    [GeneratedRegex(@"^azureml://registries/([^/]+)/models/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RegistryBaseModelId();

    private static readonly string[] AuthModes = { "Key", "AAD", "KeyAndAAD" };
    private static readonly string[] ContentSafetyStatuses = { "Enabled", "Disabled" };
    private static readonly string[] ContentSafetyLevels = { "Blocking", "Deferred" };
    private static readonly string[] SkuTiers = { "Free", "Basic", "Standard", "Premium" };
    private static readonly string[] KeyTypes = { "Primary", "Secondary" };

    /// <summary>Emulator choice: the x-ms-async-operation-timeout value (B.2 says only "ISO-8601 duration").</summary>
    public const string OperationTimeout = "PT1H";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("ServerlessEndpoints_CreateOrUpdate", "PUT", EndpointPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = ctx.Route("name");
            if (!PutNamePattern().IsMatch(name))
            {
                // Emulator choice: a name that breaks the B.2 pattern is a 400 "InvalidResourceName" (as for jobs).
                throw new ArmException(400, "InvalidResourceName",
                    $"The serverless endpoint name '{name}' is invalid. It must match the pattern ^[a-zA-Z][a-zA-Z0-9-]{{0,51}}$ " +
                    "(a letter first, then up to 51 letters, digits or hyphens).") { Target = "name" };
            }
            var request = Validate(state.Workspaces, await ArmJson.ReadBody(ctx));
            var settings = state.Settings;
            var (endpoint, outcome, operationId) = state.Endpoints.CreateOrUpdate(ws, name, request, settings.DeploymentStepMs, state.BaseUrl);
            if (outcome == EndpointStore.PutOutcome.Created)
            {
                // B.2: 201 + Azure-AsyncOperation + x-ms-async-operation-timeout; final-state-via original-uri.
                ctx.Response.Headers["Azure-AsyncOperation"] = OperationUrl(ctx, state, "operationsStatuses", operationId!);
                ctx.Response.Headers["x-ms-async-operation-timeout"] = OperationTimeout;
            }
            await ArmJson.Write(ctx, outcome == EndpointStore.PutOutcome.Created ? 201 : 200, endpoint);
        });

        app.MapArm("ServerlessEndpoints_Get", "GET", EndpointPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            await ArmJson.Write(ctx, 200, state.Endpoints.Get(ws, ctx.Route("name"), state.BaseUrl) ?? throw NotFound(ctx, ws));
        });

        app.MapArm("ServerlessEndpoints_List", "GET", EndpointsPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            await ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, state.Endpoints.List(ws, state.BaseUrl), state.Settings.PageSize));
        });

        // B.2: 202 + Location + Retry-After (+ Azure-AsyncOperation, as the example shows) while it deletes; 204 when absent.
        app.MapArm("ServerlessEndpoints_Delete", "DELETE", EndpointPattern, ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = GenericName(ctx);
            var settings = state.Settings;
            var operationId = state.Endpoints.Delete(ws, name, settings.DeploymentStepMs);
            if (operationId is null)
            {
                ctx.Response.StatusCode = 204;
                return Task.CompletedTask;
            }
            ctx.Response.StatusCode = 202;
            ctx.Response.Headers["Azure-AsyncOperation"] = OperationUrl(ctx, state, "operationsStatuses", operationId);
            ctx.Response.Headers.Location = OperationUrl(ctx, state, "operationResults", operationId);
            ctx.Response.Headers.RetryAfter = RetryAfter(state);
            ctx.Response.Headers["x-ms-async-operation-timeout"] = OperationTimeout;
            return Task.CompletedTask;
        });

        app.MapArm("ServerlessEndpoints_ListKeys", "POST", EndpointPattern + "/listKeys", async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            await ArmJson.Write(ctx, 200, state.Endpoints.Keys(ws, GenericName(ctx)) ?? throw NotFound(ctx, ws));
        });

        // Emulator choice: regenerateKeys is synchronous (the spec's 200) and answers the new EndpointAuthKeys.
        app.MapArm("ServerlessEndpoints_RegenerateKeys", "POST", EndpointPattern + "/regenerateKeys", async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = GenericName(ctx);
            if (await ArmJson.ReadBody(ctx) is not JsonObject body)
            {
                throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"keyType\" (Primary or Secondary).");
            }
            var keyType = JobRoutes.String(body["keyType"], "keyType", KeyTypes);
            JobRoutes.OptionalString(body["keyValue"], "keyValue");
            await ArmJson.Write(ctx, 200, state.Endpoints.RegenerateKey(ws, name, keyType == "Primary") ?? throw NotFound(ctx, ws));
        });

        // Emulator choice: the operation resource (C.5). Always 200 while the operation is known: status InProgress (with
        // Retry-After), then Succeeded, Failed or Canceled (with error). 404 for an unknown id.
        app.MapArm("ServerlessEndpoints_GetOperationStatus", "GET", LocationPattern + "/operationsStatuses/{operationId}", async ctx =>
        {
            var op = FindOperation(ctx, state);
            var location = OperationScope;
            var body = new JsonObject
            {
                ["id"] = location + "/operationsStatuses/" + op.Id,
                ["name"] = op.Id,
                ["status"] = op.Status,
                ["startTime"] = SystemData.Iso(op.StartTime),
            };
            if (op.EndTime is DateTimeOffset end)
            {
                body["endTime"] = SystemData.Iso(end);
            }
            body["percentComplete"] = op.Status == "InProgress" ? 0 : 100;
            if (op.ErrorCode is not null)
            {
                body["error"] = new JsonObject { ["code"] = op.ErrorCode, ["message"] = op.ErrorMessage };
            }
            if (op.Status == "InProgress")
            {
                ctx.Response.Headers.RetryAfter = RetryAfter(state);
            }
            await ArmJson.Write(ctx, 200, body);
        });

        // Emulator choice: the Location of a delete (C.5): 202 with no body (same Location, Retry-After) while it runs,
        // then 204 with no body once the endpoint is gone. Only delete operations have a Location.
        app.MapArm("ServerlessEndpoints_GetOperationResult", "GET", LocationPattern + "/operationResults/{operationId}", ctx =>
        {
            var op = FindOperation(ctx, state);
            if (op.Kind != "delete")
            {
                throw new ArmException(404, "ResourceNotFound", $"No operation result '{op.Id}' is known.");
            }
            if (op.Status == "InProgress")
            {
                ctx.Response.StatusCode = 202;
                ctx.Response.Headers.Location = OperationUrl(ctx, state, "operationResults", op.Id);
                ctx.Response.Headers.RetryAfter = RetryAfter(state);
            }
            else
            {
                ctx.Response.StatusCode = 204;
            }
            return Task.CompletedTask;
        });
    }

    private static string RetryAfter(EmulatorState state) =>
        state.Settings.LroRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string OperationScope =
        $"/subscriptions/{SeedState.SubscriptionId}/providers/Microsoft.MachineLearningServices/locations/{SeedState.Location}";

    /// <summary>An absolute URL (C.5) to an operation route, with this request's api-version.</summary>
    private static string OperationUrl(HttpContext ctx, EmulatorState state, string kind, string operationId)
    {
        var apiVersion = Uri.EscapeDataString(ctx.Request.Query["api-version"].ToString());
        return $"{state.BaseUrl}{OperationScope}/{kind}/{operationId}?api-version={apiVersion}";
    }

    private static OperationView FindOperation(HttpContext ctx, EmulatorState state)
    {
        ArmLookup.Subscription(ctx);
        var id = ctx.Route("operationId");
        var op = string.Equals(ctx.Route("location"), SeedState.Location, StringComparison.OrdinalIgnoreCase) ? state.Endpoints.Operation(id) : null;
        return op ?? throw new ArmException(404, "ResourceNotFound", $"No operation '{id}' is known in location '{ctx.Route("location")}'.");
    }

    /// <summary>B.2: delete, listKeys and regenerateKeys use the generic name pattern.</summary>
    private static string GenericName(HttpContext ctx)
    {
        var name = ctx.Route("name");
        if (!JobRoutes.NamePattern().IsMatch(name))
        {
            throw new ArmException(400, "InvalidResourceName",
                $"The serverless endpoint name '{name}' is invalid. It must match the pattern ^[a-zA-Z0-9][a-zA-Z0-9\\-_]{{0,254}}$.") { Target = "name" };
        }
        return name;
    }

    private static ArmException NotFound(HttpContext ctx, string ws) => ArmErrors.ChildNotFound("serverless endpoint", ctx.Route("name"), ws);

    /// <summary>Checks a ServerlessEndpointTrackedResource body (B.8) and resolves its model id.</summary>
    public static EndpointRequest Validate(WorkspaceStore workspaces, JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"location\" and \"properties\".");
        }
        var location = JobRoutes.OptionalString(root["location"], "location");
        if (string.IsNullOrWhiteSpace(location))
        {
            throw ArmErrors.Validation("location", "[Required] The field is missing or empty.");
        }
        var p = JobRoutes.Object(root["properties"], "properties");
        JobRoutes.OptionalStringMap(root["tags"], "tags");
        var kind = JobRoutes.OptionalString(root["kind"], "kind");
        JsonObject? identity = null;
        if (root["identity"] is not null)
        {
            identity = JobRoutes.Object(root["identity"], "identity");
        }

        // Emulator choice (B.8): without sku, the Python SDK's {"name":"Consumption"}.
        var sku = new JsonObject { ["name"] = "Consumption" };
        if (root["sku"] is not null)
        {
            sku = JobRoutes.Object(root["sku"], "sku");
            if (string.IsNullOrWhiteSpace(JobRoutes.OptionalString(sku["name"], "sku.name")))
            {
                throw ArmErrors.Validation("sku.name", "[Required] The field is missing or empty.");
            }
            if (sku["tier"] is not null)
            {
                JobRoutes.String(sku["tier"], "sku.tier", SkuTiers);
            }
            if (sku["capacity"] is { } capacity && (capacity.GetValueKind() != JsonValueKind.Number || !int.TryParse(capacity.ToJsonString(), out _)))
            {
                throw ArmErrors.Validation("sku.capacity", "Must be an integer.");
            }
        }

        // Emulator choice (B.8): a missing authMode is treated as Key.
        var authMode = p["authMode"] is null ? "Key" : JobRoutes.String(p["authMode"], "properties.authMode", AuthModes);

        // Emulator choice (B.8, DOC-SLS-FT "content filtering is on by default"): without contentSafety it is Enabled.
        var contentSafety = new JsonObject { ["contentSafetyStatus"] = "Enabled" };
        if (p["contentSafety"] is not null)
        {
            var cs = JobRoutes.Object(p["contentSafety"], "properties.contentSafety");
            contentSafety = new JsonObject
            {
                ["contentSafetyStatus"] = JobRoutes.String(cs["contentSafetyStatus"], "properties.contentSafety.contentSafetyStatus", ContentSafetyStatuses),
            };
            if (cs["contentSafetyLevel"] is not null)
            {
                contentSafety["contentSafetyLevel"] = JobRoutes.String(cs["contentSafetyLevel"], "properties.contentSafety.contentSafetyLevel", ContentSafetyLevels);
            }
        }

        // Emulator choice: modelSettings.modelId is required (the spec has it optional, but the emulator serves only
        // deployments of fine-tuned workspace models, B.6).
        const string modelPath = "properties.modelSettings.modelId";
        var settings = JobRoutes.Object(p["modelSettings"], "properties.modelSettings");
        var modelId = JobRoutes.OptionalString(settings["modelId"], modelPath);
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw ArmErrors.Validation(modelPath, "[Required] The field is missing or empty.");
        }
        return new EndpointRequest(location, (JsonObject?)root["tags"]?.DeepClone() ?? new JsonObject(), (JsonObject)sku.DeepClone(), kind,
            (JsonObject?)identity?.DeepClone(), authMode, modelId, ResolveModel(workspaces, modelId, modelPath), contentSafety);
    }

    /// <summary>
    /// B.6: azureml://locations/{location}/workspaces/{workspaceId}/models/{name}/versions/{v}. The workspaceId is a
    /// seeded workspace's (any of them: B.9 allows deploying to another project) and the location is its location.
    /// Whether the version exists is checked against the registered models by <see cref="EndpointStore"/>.
    /// </summary>
    private static ModelRef ResolveModel(WorkspaceStore workspaces, string modelId, string path)
    {
        if (RegistryModelId().IsMatch(modelId))
        {
            return ResolveBaseModel(modelId, path);
        }
        var m = WorkspaceModelId().Match(modelId);
        if (!m.Success)
        {
            throw ArmErrors.Validation(path,
                $"'{modelId}' is not a model version id of the form azureml://locations/{{location}}/workspaces/{{workspaceId}}/models/{{name}}/versions/{{version}}.");
        }
        var workspace = workspaces.FindByWorkspaceId(m.Groups[2].Value);
        if (workspace is null)
        {
            throw ArmErrors.Validation(path, $"No workspace has the workspaceId '{m.Groups[2].Value}' (the workspace GUID, not its name or ARM id).");
        }
        if (!string.Equals(m.Groups[1].Value, workspace.Location, StringComparison.OrdinalIgnoreCase))
        {
            throw ArmErrors.Validation(path, $"Workspace '{workspace.Name}' is in location '{workspace.Location}', not '{m.Groups[1].Value}'.");
        }
        return new ModelRef(workspace.Name, Uri.UnescapeDataString(m.Groups[3].Value), Uri.UnescapeDataString(m.Groups[4].Value));
    }

    /// <summary>
    /// B.8: azureml://registries/{registry}/models/{name}, without a version: the registry's base model (its newest
    /// version). Emulator choice: only the azureml registry's seeded Phi models; a versioned or labelled id is a 400,
    /// as the Python SDK refuses it before sending.
    /// </summary>
    private static ModelRef ResolveBaseModel(string modelId, string path)
    {
        var m = RegistryBaseModelId().Match(modelId);
        if (!m.Success)
        {
            throw ArmErrors.Validation(path,
                $"'{modelId}' names a registry model version or label. A base model is deployed by its id without a version: azureml://registries/azureml/models/{{name}}.");
        }
        var name = Uri.UnescapeDataString(m.Groups[2].Value);
        var seed = RegistryCatalog.IsRegistry(m.Groups[1].Value) ? RegistryCatalog.Find(name) : null;
        if (seed is null)
        {
            throw ArmErrors.Validation(path,
                $"The registry '{m.Groups[1].Value}' has no model '{name}' that can be deployed as a serverless endpoint. Deployable base models: " +
                string.Join(", ", RegistryCatalog.Models.Select(x => x.Name)) + ".");
        }
        return new ModelRef("", seed.Name, seed.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), FromRegistry: true);
    }
}
