using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// The ARM mechanics the tracked resource types of contract K share: PUT (create or update), GET, DELETE and
/// ListByResourceGroup under <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/{type}</c>, a name-availability
/// check, and the 404 of a resource that is not there. What differs is an <see cref="ITrackedResourceKind"/>.
/// Emulator choice: every create, update and delete completes within its request. A kind whose
/// <see cref="ITrackedResourceKind.CreatedStatus"/> is 202 (storage accounts, K.1) answers a create with the spec's 202 and
/// a Location to follow; the others answer the spec's synchronous 200/201 and 200/204.
/// </summary>
public static class TrackedResourceRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state, ITrackedResourceKind kind)
    {
        var collection = ArmOperations.ResourceGroupScope + "/providers/" + kind.ResourceType;
        var item = collection + "/{name}";

        app.MapArm(kind.CreateOperation, "PUT", item, async ctx =>
        {
            var (rg, name) = Names(ctx, kind, checkRule: true);
            if (await ArmJson.ReadBody(ctx) is not JsonObject request)
            {
                throw ArmErrors.BadRequest("InvalidRequestContent", $"The request body must be a JSON object ({kind.ResourceType}).");
            }
            var owner = state.Resources.GroupOf(kind.ResourceType, name);
            if (kind.ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                || (owner is not null && !string.Equals(owner, rg, StringComparison.OrdinalIgnoreCase)))
            {
                throw kind.NameTaken(name);
            }
            var id = Id(rg, kind.ResourceType, name);
            var (body, created) = state.Resources.Put(kind.ResourceType, rg, name, existing => kind.Render(request, id, name, existing, state));
            if (created && kind.CreatedStatus == 202)
            {
                // K.1: the spec's 202 has no body.
                ArmAccepted.AtResource(ctx, state, id);
                return;
            }
            await ArmJson.Write(ctx, created ? kind.CreatedStatus : 200, body);
        });

        app.MapArm(kind.GetOperation, "GET", item, ctx =>
        {
            var (rg, name) = Names(ctx, kind, checkRule: false);
            return ArmJson.Write(ctx, 200, state.Resources.Get(kind.ResourceType, rg, name) ?? throw NotFound(kind.ResourceType, name, rg));
        });

        // K: 200 when the resource was deleted, 204 when there was none (the spec's two answers).
        app.MapArm(kind.DeleteOperation, "DELETE", item, ctx =>
        {
            var (rg, name) = Names(ctx, kind, checkRule: false);
            ctx.Response.StatusCode = state.Resources.Delete(kind.ResourceType, rg, name) ? 200 : 204;
            return Task.CompletedTask;
        });

        app.MapArm(kind.ListOperation, "GET", collection, ctx =>
        {
            var rg = ArmLookup.ResourceGroup(ctx);
            return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, state.Resources.ListByResourceGroup(kind.ResourceType, rg), state.Settings.PageSize));
        });
    }

    /// <summary>
    /// A CheckNameAvailability POST at <c>/subscriptions/{sub}/providers/{namespace}/checkNameAvailability</c> (K.1, K.2):
    /// body {name, type}; answers nameAvailable, and reason and message when it is not.
    /// </summary>
    public static void MapCheckName(IEndpointRouteBuilder app, EmulatorState state, ITrackedResourceKind kind, string operationId)
    {
        var ns = kind.ResourceType[..kind.ResourceType.IndexOf('/')];
        app.MapArm(operationId, "POST", $"{ArmOperations.SubscriptionScope}/providers/{ns}/checkNameAvailability", async ctx =>
        {
            ArmLookup.Subscription(ctx);
            if (await ArmJson.ReadBody(ctx) is not JsonObject body)
            {
                throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"name\" and \"type\".");
            }
            var name = JobRoutes.OptionalString(body["name"], "name");
            var type = JobRoutes.OptionalString(body["type"], "type");
            if (string.IsNullOrEmpty(name))
            {
                throw ArmErrors.Validation("name", "[Required] The field is missing or empty.");
            }
            if (!string.Equals(type, kind.ResourceType, StringComparison.OrdinalIgnoreCase))
            {
                // Emulator choice: the spec's type enum has the one value; any other is this 400.
                throw ArmErrors.Validation("type", $"The type must be '{kind.ResourceType}'.");
            }
            await ArmJson.Write(ctx, 200, Availability(state, kind, name));
        });
    }

    private static JsonObject Availability(EmulatorState state, ITrackedResourceKind kind, string name)
    {
        if (kind.NameError(name) is { } error)
        {
            return new JsonObject { ["nameAvailable"] = false, ["reason"] = "AccountNameInvalid", ["message"] = error };
        }
        if (kind.ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase) || state.Resources.GroupOf(kind.ResourceType, name) is not null)
        {
            return new JsonObject { ["nameAvailable"] = false, ["reason"] = "AlreadyExists", ["message"] = kind.NameTaken(name).Message };
        }
        return new JsonObject { ["nameAvailable"] = true };
    }

    /// <summary>
    /// The canonical group and the resource name, or the group's 404, or on a PUT (<paramref name="checkRule"/>) the
    /// kind's name 400. Reads and deletes match the name case-insensitively, as ARM paths do.
    /// </summary>
    private static (string Rg, string Name) Names(HttpContext ctx, ITrackedResourceKind kind, bool checkRule)
    {
        var rg = ArmLookup.ResourceGroup(ctx);
        var name = ctx.Route("name");
        if (checkRule && kind.NameError(name) is not null)
        {
            throw kind.InvalidName(name);
        }
        return (rg, name);
    }

    public static string Id(string rg, string resourceType, string name) =>
        $"{ResourceGroupStore.Id(rg)}/providers/{resourceType}/{name}";

    /// <summary>The ARM 404 of a missing tracked resource (the same shape as a missing workspace, contract D).</summary>
    public static ArmException NotFound(string resourceType, string name, string rg) => new(404, "ResourceNotFound",
        $"The Resource '{resourceType}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    /// <summary>Common members of a PUT body: the location (required), the tags (a string map), as the stored body starts.</summary>
    public static JsonObject Start(JsonObject request, string id, string name, string resourceType)
    {
        var location = JobRoutes.OptionalString(request["location"], "location");
        if (string.IsNullOrWhiteSpace(location))
        {
            throw ArmErrors.Validation("location", "[Required] The field is missing or empty.");
        }
        JobRoutes.OptionalStringMap(request["tags"], "tags");
        var body = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["type"] = resourceType,
            ["location"] = location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(),
        };
        if (request["tags"] is JsonObject tags)
        {
            body["tags"] = tags.DeepClone();
        }
        return body;
    }

    /// <summary>The request's properties object (a copy), or an empty one.</summary>
    public static JsonObject Properties(JsonObject request) =>
        request["properties"] is JsonObject p ? p.DeepClone().AsObject() : new JsonObject();
}
