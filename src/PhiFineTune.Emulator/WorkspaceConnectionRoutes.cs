using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Workspace connections (contract L.4): create, get, delete, list. Emulator choice: the credentials a PUT sends are
/// checked for shape and dropped; no answer carries them (the spec's GET hides secrets; listsecrets is not served).
/// </summary>
public static class WorkspaceConnectionRoutes
{
    public const string ConnectionsPattern = WorkspaceRoutes.WorkspacePattern + "/connections";
    public const string ConnectionPattern = ConnectionsPattern + "/{connectionName}";
    public const string ConnectionType = ArmOperations.WorkspacesType + "/connections";

    /// <summary>L.4: the spec's ConnectionAuthType values.</summary>
    private static readonly string[] AuthTypes =
    {
        "PAT", "ManagedIdentity", "UsernamePassword", "None", "SAS", "AccountKey", "ServicePrincipal", "AccessKey",
        "ApiKey", "CustomKeys", "OAuth2", "AAD",
    };

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        // L.4: the spec's only answer is 200, for a new connection and a replaced one.
        app.MapArm("WorkspaceConnections_Create", "PUT", ConnectionPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx);
            var name = ctx.Route("connectionName");
            if (!WorkspaceRoutes.NamePattern().IsMatch(name))
            {
                // Emulator choice (L.4): the code is emulator-defined; the pattern is the spec's.
                throw new ArmException(400, "InvalidResourceName",
                    $"The connection name '{name}' is invalid. It must match ^[a-zA-Z0-9][a-zA-Z0-9_-]{{2,32}}$.") { Target = "connectionName" };
            }
            var connection = Validate(name, await ArmJson.ReadBody(ctx), state.Now);
            state.Workspaces.PutConnection(ws, connection);
            await ArmJson.Write(ctx, 200, Render(ws, connection));
        });

        app.MapArm("WorkspaceConnections_Get", "GET", ConnectionPattern, ctx =>
        {
            var ws = ArmLookup.Workspace(ctx);
            var name = ctx.Route("connectionName");
            var connection = state.Workspaces.GetConnection(ws, name) ?? throw ArmErrors.ChildNotFound("connection", name, ws.Name);
            return ArmJson.Write(ctx, 200, Render(ws, connection));
        });

        // L.4: 200 deleted, 204 absent.
        app.MapArm("WorkspaceConnections_Delete", "DELETE", ConnectionPattern, ctx =>
        {
            var ws = ArmLookup.Workspace(ctx);
            ctx.Response.StatusCode = state.Workspaces.DeleteConnection(ws, ctx.Route("connectionName")) ? 200 : 204;
            return Task.CompletedTask;
        });

        // L.4: Emulator choice: the spec's category and target query filters match exactly (case-insensitively).
        app.MapArm("WorkspaceConnections_List", "GET", ConnectionsPattern, ctx =>
        {
            var ws = ArmLookup.Workspace(ctx);
            var category = ctx.Request.Query["category"].ToString();
            var target = ctx.Request.Query["target"].ToString();
            var all = state.Workspaces.ListConnections(ws)
                .Where(c => Matches(c.Properties["category"], category) && Matches(c.Properties["target"], target))
                .Select(c => Render(ws, c)).ToList();
            return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, all, state.Settings.PageSize));
        });
    }

    private static bool Matches(JsonNode? value, string filter) =>
        filter.Length == 0 || string.Equals((string?)value, filter, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks a connection body (L.4): properties with category and authType; target and metadata optional; credentials dropped.</summary>
    public static WorkspaceConnection Validate(string name, JsonNode? body, DateTimeOffset now)
    {
        if (body is not JsonObject root)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"properties\" (category, authType, target).");
        }
        var properties = JobRoutes.Object(root["properties"], "properties");
        if (string.IsNullOrWhiteSpace(JobRoutes.OptionalString(properties["category"], "properties.category")))
        {
            throw ArmErrors.Validation("properties.category", "[Required] The field is missing or empty.");
        }
        JobRoutes.String(properties["authType"], "properties.authType", AuthTypes);
        JobRoutes.OptionalString(properties["target"], "properties.target");
        JobRoutes.OptionalStringMap(properties["metadata"], "properties.metadata");
        if (properties["credentials"] is not null)
        {
            JobRoutes.Object(properties["credentials"], "properties.credentials");
        }
        var stored = (JsonObject)properties.DeepClone();
        stored.Remove("credentials");
        return new WorkspaceConnection(name, stored, now);
    }

    private static JsonObject Render(WorkspaceEntry ws, WorkspaceConnection connection) => new()
    {
        ["id"] = ws.ArmId + "/connections/" + connection.Name,
        ["name"] = connection.Name,
        ["type"] = ConnectionType,
        ["systemData"] = SystemData.Of(connection.CreatedAt, connection.CreatedAt),
        ["properties"] = connection.Properties.DeepClone(),
    };
}
