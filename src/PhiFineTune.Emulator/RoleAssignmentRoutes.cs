using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Microsoft.Authorization role assignments and the built-in role definitions (contract K.4) at a subscription, a
/// resource group or a resource (<c>…/providers/{namespace}/{type}/{name}</c>) scope; role definitions also at the root
/// scope "/". The state is <see cref="RoleAssignmentStore"/>'s.
/// </summary>
public static partial class RoleAssignmentRoutes
{
    public const string Provider = "/providers/Microsoft.Authorization";
    public const string ResourceScope = ArmOperations.ResourceGroupScope + "/providers/{ns}/{type}/{resource}";
    private const string AssignmentsType = "Microsoft.Authorization/roleAssignments";
    private const string DefinitionsType = "Microsoft.Authorization/roleDefinitions";

    private static readonly string[] Scopes = { ArmOperations.SubscriptionScope, ArmOperations.ResourceGroupScope, ResourceScope };

    // K.4: the spec's PrincipalType enum (default User).
    private static readonly string[] PrincipalTypes = { "User", "Group", "ServicePrincipal", "ForeignGroup" };

    // K.4: the $filter terms the spec documents, atScope() and principalId eq {id} (quoted or not), and assignedTo('{id}')
    // (Emulator choice: taken as principalId eq), joined by "and".
    [GeneratedRegex(@"^(?:atScope\(\)|assignedTo\('(?<id>[^']*)'\)|principalId\s+eq\s+'?(?<id>[0-9a-fA-F-]+)'?)$", RegexOptions.IgnoreCase)]
    private static partial Regex AssignmentFilterTerm();

    [GeneratedRegex(@"^\s*roleName\s+eq\s+'(?<name>[^']*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RoleNameFilter();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        foreach (var scope in Scopes)
        {
            var assignments = scope + Provider + "/roleAssignments";
            app.MapArm("RoleAssignments_ListForScope", "GET", assignments, ctx =>
            {
                var at = Scope(ctx);
                var (atScopeOnly, principalId) = AssignmentFilter(ctx.Request.Query["$filter"].ToString());
                var all = state.RoleAssignments.List(at, atScopeOnly, principalId).Select(Render).ToList();
                return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, all, state.Settings.PageSize));
            });
            app.MapArm("RoleAssignments_Create", "PUT", assignments + "/{name}", async ctx =>
            {
                var entry = Validate(Scope(ctx), AssignmentName(ctx), await ArmJson.ReadBody(ctx), state.Now);
                var (stored, created) = state.RoleAssignments.Create(entry);
                await ArmJson.Write(ctx, created ? 201 : 200, Render(stored));
            });
            app.MapArm("RoleAssignments_Get", "GET", assignments + "/{name}", ctx =>
            {
                var name = AssignmentName(ctx);
                var found = state.RoleAssignments.Get(Scope(ctx), name) ?? throw AssignmentNotFound(name);
                return ArmJson.Write(ctx, 200, Render(found));
            });
            // K.4: 200 with the deleted assignment, 204 when there was none.
            app.MapArm("RoleAssignments_Delete", "DELETE", assignments + "/{name}", async ctx =>
            {
                var deleted = state.RoleAssignments.Delete(Scope(ctx), AssignmentName(ctx));
                if (deleted is null)
                {
                    ctx.Response.StatusCode = 204;
                    return;
                }
                await ArmJson.Write(ctx, 200, Render(deleted));
            });
        }
        foreach (var scope in Scopes.Prepend(""))
        {
            var definitions = scope + Provider + "/roleDefinitions";
            app.MapArm("RoleDefinitions_List", "GET", definitions, ctx =>
            {
                var at = Scope(ctx);
                var roles = BuiltInRoles.All.Where(RoleFilter(ctx.Request.Query["$filter"].ToString()));
                return ArmJson.Write(ctx, 200, new JsonObject { ["value"] = new JsonArray(roles.Select(r => (JsonNode)Render(r, at)).ToArray()) });
            });
            app.MapArm("RoleDefinitions_Get", "GET", definitions + "/{id}", ctx =>
            {
                var at = Scope(ctx);
                var id = ctx.Route("id");
                // Emulator choice (K.4): the code and message of an unknown role definition id.
                var role = BuiltInRoles.Find(id) ?? throw new ArmException(404, "RoleDefinitionDoesNotExist", $"The specified role definition with ID '{id}' does not exist.");
                return ArmJson.Write(ctx, 200, Render(role, at));
            });
        }
    }

    /// <summary>The scope as ARM ids write it ("" for the root), after checking the subscription and the group.</summary>
    private static string Scope(HttpContext ctx)
    {
        if (!ctx.Request.RouteValues.ContainsKey("sub"))
        {
            return "";
        }
        if (!ctx.Request.RouteValues.ContainsKey("rg"))
        {
            return "/subscriptions/" + ArmLookup.Subscription(ctx);
        }
        var group = ResourceGroupStore.Id(ArmLookup.ResourceGroup(ctx));
        // Emulator choice: a resource scope is taken as written; the resource need not exist.
        return ctx.Request.RouteValues.ContainsKey("resource")
            ? $"{group}/providers/{ctx.Route("ns")}/{ctx.Route("type")}/{ctx.Route("resource")}"
            : group;
    }

    private static string AssignmentName(HttpContext ctx)
    {
        var name = ctx.Route("name");
        if (!Guid.TryParse(name, out _))
        {
            // Emulator choice (K.4): the code and message of a role assignment name that is not a GUID.
            throw ArmErrors.BadRequest("InvalidRoleAssignmentId", $"The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID.");
        }
        return name;
    }

    /// <summary>Checks a RoleAssignmentCreateParameters body (K.4): properties.roleDefinitionId of a served role, properties.principalId a GUID.</summary>
    private static RoleAssignmentEntry Validate(string scope, string name, JsonNode? body, DateTimeOffset now)
    {
        var properties = JobRoutes.Object((body as JsonObject ?? throw ArmErrors.BadRequest("InvalidRequestContent",
            "The request body must be a JSON object with \"properties\" (RoleAssignmentCreateParameters)."))["properties"], "properties");
        var roleDefinitionId = JobRoutes.OptionalString(properties["roleDefinitionId"], "properties.roleDefinitionId");
        if (string.IsNullOrEmpty(roleDefinitionId))
        {
            throw ArmErrors.Validation("properties.roleDefinitionId", "[Required] The field is missing or empty.");
        }
        var roleId = roleDefinitionId[(roleDefinitionId.LastIndexOf('/') + 1)..];
        if (BuiltInRoles.Find(roleId) is null || !roleDefinitionId.Contains(Provider + "/roleDefinitions/", StringComparison.OrdinalIgnoreCase))
        {
            throw ArmErrors.BadRequest("RoleDefinitionDoesNotExist", $"The specified role definition with ID '{roleId}' does not exist.");
        }
        var principalId = JobRoutes.OptionalString(properties["principalId"], "properties.principalId");
        if (!Guid.TryParse(principalId, out _))
        {
            // Emulator choice (K.4): the code and message of a principal id that is not a GUID.
            throw ArmErrors.BadRequest("InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
        }
        var principalType = properties["principalType"] is null ? "User" : JobRoutes.String(properties["principalType"], "properties.principalType", PrincipalTypes);
        var description = JobRoutes.OptionalString(properties["description"], "properties.description");
        return new RoleAssignmentEntry(scope, name, DefinitionId(roleId), principalId!, principalType, description, now);
    }

    private static (bool AtScopeOnly, string? PrincipalId) AssignmentFilter(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return (false, null);
        }
        var atScopeOnly = false;
        string? principalId = null;
        foreach (var term in And().Split(filter.Trim()))
        {
            var m = AssignmentFilterTerm().Match(term);
            if (!m.Success)
            {
                // Emulator choice: any other filter is a 400 "InvalidQueryParameterValue", as for ResourceGroups_List.
                throw ArmErrors.BadRequest("InvalidQueryParameterValue",
                    $"The value '{filter}' of query parameter '$filter' is not supported; use atScope(), assignedTo('id') or principalId eq 'id'.");
            }
            if (m.Groups["id"].Success)
            {
                principalId = m.Groups["id"].Value;
            }
            else
            {
                atScopeOnly = true;
            }
        }
        return (atScopeOnly, principalId);
    }

    private static Func<BuiltInRole, bool> RoleFilter(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }
        var m = RoleNameFilter().Match(filter);
        if (!m.Success)
        {
            throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{filter}' of query parameter '$filter' is not supported; use roleName eq 'name'.");
        }
        var name = m.Groups["name"].Value;
        return r => string.Equals(r.RoleName, name, StringComparison.OrdinalIgnoreCase);
    }

    // Emulator choice (K.4): the code and message of a missing role assignment.
    private static ArmException AssignmentNotFound(string name) =>
        new(404, "RoleAssignmentNotFound", $"The role assignment '{name}' is not found.");

    /// <summary>K.4: role definition ids of built-in roles, as ARM answers them in a subscription.</summary>
    public static string DefinitionId(string roleId) => $"/subscriptions/{SeedState.SubscriptionId}{Provider}/roleDefinitions/{roleId}";

    private static JsonObject Render(RoleAssignmentEntry a) => new()
    {
        ["properties"] = new JsonObject
        {
            ["roleDefinitionId"] = a.RoleDefinitionId,
            ["principalId"] = a.PrincipalId,
            ["principalType"] = a.PrincipalType,
            ["scope"] = a.Scope,
            ["condition"] = null,
            ["conditionVersion"] = null,
            ["description"] = a.Description,
            ["createdOn"] = a.CreatedOn.ToString("O"),
            ["updatedOn"] = a.CreatedOn.ToString("O"),
            ["createdBy"] = SeedState.EmulatorUserObjectId,
            ["updatedBy"] = SeedState.EmulatorUserObjectId,
            ["delegatedManagedIdentityResourceId"] = null,
        },
        ["id"] = $"{a.Scope}{Provider}/roleAssignments/{a.Name}",
        ["type"] = AssignmentsType,
        ["name"] = a.Name,
    };

    /// <summary>K.4: a RoleDefinition; the id is at the root scope when asked there, else the subscription's.</summary>
    private static JsonObject Render(BuiltInRole r, string scope) => new()
    {
        ["id"] = scope.Length == 0 ? $"{Provider}/roleDefinitions/{r.Id}" : DefinitionId(r.Id),
        ["name"] = r.Id,
        ["type"] = DefinitionsType,
        ["properties"] = new JsonObject
        {
            ["roleName"] = r.RoleName,
            ["type"] = "BuiltInRole",
            ["description"] = r.Description,
            ["assignableScopes"] = new JsonArray("/"),
            ["permissions"] = new JsonArray(new JsonObject
            {
                ["actions"] = Strings(r.Actions),
                ["notActions"] = Strings(r.NotActions),
                ["dataActions"] = Strings(r.DataActions),
                ["notDataActions"] = new JsonArray(),
            }),
            ["createdOn"] = SeedState.CreatedAt.ToString("O"),
            ["updatedOn"] = SeedState.CreatedAt.ToString("O"),
            ["createdBy"] = null,
            ["updatedBy"] = null,
        },
    };

    private static JsonArray Strings(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
