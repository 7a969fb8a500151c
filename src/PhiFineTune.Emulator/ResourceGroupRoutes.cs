using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Microsoft.Resources resource groups (contract J): create or update, get, check existence, update (tags, managedBy),
/// delete (long-running, with the Location route it points at) and list. The state is <see cref="ResourceGroupStore"/>'s.
/// </summary>
public static partial class ResourceGroupRoutes
{
    public const string GroupsPattern = "/subscriptions/{sub}/resourcegroups";
    public const string GroupPattern = GroupsPattern + "/{rg}";

    /// <summary>Emulator choice: where the Location of a group delete points (the example's host and path, J.4).</summary>
    public const string OperationResultPattern = "/subscriptions/{sub}/operationresults/{operationId}";

    /// <summary>J.3: the spec's resourceGroupName pattern (the length and the final period are checked apart).</summary>
    [GeneratedRegex(@"^[-\w\._\(\)]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"[-\w\._\(\)]")]
    private static partial Regex AllowedCharacter();

    /// <summary>J.1: the $filter forms the spec names: tagName eq '…' [and tagValue eq '…'].</summary>
    [GeneratedRegex(@"^\s*tagName\s+eq\s+'([^']*)'(?:\s+and\s+tagValue\s+eq\s+'([^']*)')?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TagFilter();

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("ResourceGroups_CreateOrUpdate", "PUT", GroupPattern, async ctx =>
        {
            var name = Name(ctx);
            var request = Validate(await ArmJson.ReadBody(ctx));
            var (group, created) = state.ResourceGroups.CreateOrUpdate(name, request);
            await ArmJson.Write(ctx, created ? 201 : 200, group);
        });

        app.MapArm("ResourceGroups_Get", "GET", GroupPattern, ctx =>
        {
            var name = Name(ctx);
            return ArmJson.Write(ctx, 200, state.ResourceGroups.Get(name) ?? throw ArmErrors.ResourceGroupNotFound(name));
        });

        // J.1: 204 when the group exists (also while it is being deleted), 404 with no body when not.
        app.MapArm("ResourceGroups_CheckExistence", "HEAD", GroupPattern, ctx =>
        {
            var name = Name(ctx);
            ctx.Response.StatusCode = state.ResourceGroups.Canonical(name) is null ? 404 : 204;
            return Task.CompletedTask;
        });

        app.MapArm("ResourceGroups_Update", "PATCH", GroupPattern, async ctx =>
        {
            var name = Name(ctx);
            if (await ArmJson.ReadBody(ctx) is not JsonObject body)
            {
                throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object (ResourceGroupPatchable: tags, managedBy).");
            }
            // Emulator choice: PATCH changes tags and managedBy; name and properties (read-only state) are accepted and ignored.
            JobRoutes.OptionalStringMap(body["tags"], "tags");
            var managedBy = JobRoutes.OptionalString(body["managedBy"], "managedBy");
            var tags = (JsonObject?)body["tags"]?.DeepClone();
            await ArmJson.Write(ctx, 200, state.ResourceGroups.Update(name, tags, managedBy) ?? throw ArmErrors.ResourceGroupNotFound(name));
        });

        // J.4: 202 + Location (+ Retry-After, C.5); the group reads Deleting until the delete ends. Emulator choice:
        // forceDeletionTypes is accepted and changes nothing (the emulator holds no virtual machines).
        app.MapArm("ResourceGroups_Delete", "DELETE", GroupPattern, ctx =>
        {
            var name = Name(ctx);
            var operationId = state.DeleteResourceGroup(name, state.Settings.DeploymentStepMs) ?? throw ArmErrors.ResourceGroupNotFound(name);
            Accepted(ctx, state, operationId);
            return Task.CompletedTask;
        });

        // J.4, as the example shows: 202 (same Location, Retry-After) while the group is being deleted, then 200 with no body.
        app.MapArm("ResourceGroups_DeleteOperationResult", "GET", OperationResultPattern, ctx =>
        {
            ArmLookup.Subscription(ctx);
            var operationId = ctx.Route("operationId");
            // Emulator choice: an operation id the emulator did not issue is a 404 "ResourceNotFound".
            var done = state.ResourceGroups.DeleteDone(operationId)
                ?? throw new ArmException(404, "ResourceNotFound", $"No operation result '{operationId}' is known.");
            if (done)
            {
                ctx.Response.StatusCode = 200;
            }
            else
            {
                Accepted(ctx, state, operationId);
            }
            return Task.CompletedTask;
        });

        app.MapArm("ResourceGroups_List", "GET", GroupsPattern, ctx =>
        {
            ArmLookup.Subscription(ctx);
            var groups = state.ResourceGroups.List().Where(Filter(ctx.Request.Query["$filter"].ToString()));
            var top = Top(ctx.Request.Query["$top"].ToString());
            var all = (top is int t ? groups.Take(t) : groups).ToList();
            return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, all, state.Settings.PageSize));
        });
    }

    /// <summary>The group name after the subscription check, or the J.3 400 for a name that breaks the spec's rules.</summary>
    private static string Name(HttpContext ctx)
    {
        ArmLookup.Subscription(ctx);
        var name = ctx.Route("rg");
        if (name.Length > 90)
        {
            // Emulator choice: the code is the observed one (J.3); this message is emulator-defined.
            throw InvalidName($"The provided resource group name '{name}' is {name.Length} characters long; a resource group name has 1 to 90 characters.");
        }
        if (!NamePattern().IsMatch(name))
        {
            var invalid = string.Concat(name.Where(c => !AllowedCharacter().IsMatch(c.ToString())).Distinct());
            throw InvalidName($"The provided resource group name '{name}' has these invalid characters: '{invalid}'. " +
                "The name can only be a letter, digit, '-', '.', '(', ')' or '_'.");
        }
        if (name.EndsWith('.'))
        {
            // Emulator choice: the code is the observed one (J.3); this message is emulator-defined.
            throw InvalidName($"The provided resource group name '{name}' ends with a period. A resource group name cannot end with a period.");
        }
        return name;
    }

    private static ArmException InvalidName(string message) => new(400, "InvalidResourceGroup", message);

    /// <summary>Checks a ResourceGroup body (J.2): location required and one the type lists (J.3); tags a string map; managedBy a string.</summary>
    public static ResourceGroupRequest Validate(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"location\" (ResourceGroup).");
        }
        var location = JobRoutes.OptionalString(root["location"], "location");
        if (string.IsNullOrWhiteSpace(location))
        {
            throw ArmErrors.Validation("location", "[Required] The field is missing or empty.");
        }
        JobRoutes.OptionalStringMap(root["tags"], "tags");
        var managedBy = JobRoutes.OptionalString(root["managedBy"], "managedBy");
        return new ResourceGroupRequest(Location(location), (JsonObject?)root["tags"]?.DeepClone(), managedBy);
    }

    /// <summary>
    /// J.3: a location as ARM stores it, lower case without spaces ("East US 2" and "eastus2" give "eastus2"); 400
    /// LocationNotAvailableForResourceGroup, listing the available ones, for any other.
    /// </summary>
    private static string Location(string location)
    {
        var available = ApiVersionCatalog.Find(ArmOperations.ResourceGroupsType).Locations.Select(Normalise).ToList();
        var normalised = Normalise(location);
        if (!available.Contains(normalised, StringComparer.Ordinal))
        {
            throw new ArmException(400, "LocationNotAvailableForResourceGroup",
                $"The provided location '{location}' is not available for resource group. List of available regions is '{string.Join(",", available)}'.");
        }
        return normalised;
    }

    private static string Normalise(string location) => location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>
    /// J.1 $filter. Emulator choice: the tag name matches case-insensitively, the value exactly; any other filter is a 400
    /// "InvalidQueryParameterValue".
    /// </summary>
    private static Func<JsonObject, bool> Filter(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }
        var m = TagFilter().Match(filter);
        if (!m.Success)
        {
            throw ArmErrors.BadRequest("InvalidQueryParameterValue",
                $"The value '{filter}' of query parameter '$filter' is not supported; use tagName eq 'name' [and tagValue eq 'value'].");
        }
        var tagName = m.Groups[1].Value;
        string? tagValue = m.Groups[2].Success ? m.Groups[2].Value : null;
        return group => group["tags"] is JsonObject tags
            && tags.Any(t => string.Equals(t.Key, tagName, StringComparison.OrdinalIgnoreCase)
                && (tagValue is null || string.Equals((string?)t.Value, tagValue, StringComparison.Ordinal)));
    }

    /// <summary>J.1 $top: at most that many groups across all pages; none = all.</summary>
    private static int? Top(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        // Emulator choice: a bad $top is a 400 "InvalidQueryParameterValue", as for Providers_List.
        throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{text}' of query parameter '$top' is invalid; expected a non-negative integer.");
    }

    /// <summary>202 while the group is deleting: Location to the operation result and Retry-After (J.4).</summary>
    private static void Accepted(HttpContext ctx, EmulatorState state, string operationId)
    {
        ctx.Response.StatusCode = 202;
        ctx.Response.Headers.Location = OperationUrl(ctx, state, operationId);
        ctx.Response.Headers.RetryAfter = state.Settings.LroRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An absolute URL (C.5) to the delete's operation result, with this request's api-version (J.4).</summary>
    private static string OperationUrl(HttpContext ctx, EmulatorState state, string operationId)
    {
        var apiVersion = Uri.EscapeDataString(ctx.Request.Query["api-version"].ToString());
        return $"{state.BaseUrl}/subscriptions/{SeedState.SubscriptionId}/operationresults/{operationId}?api-version={apiVersion}";
    }
}
