using System.Globalization;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>Microsoft.Resources providers (contract A.1): list, get, register, unregister.</summary>
public static class ProviderRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Providers_List", "GET", "/subscriptions/{sub}/providers", ctx => List(ctx, state));

        app.MapArm("Providers_Get", "GET", "/subscriptions/{sub}/providers/{ns}", ctx =>
        {
            ArmLookup.Subscription(ctx);
            // Emulator choice: $expand is accepted and ignored.
            return ArmJson.Write(ctx, 200, state.GetProvider(ctx.Route("ns")) ?? throw ArmErrors.InvalidResourceNamespace(ctx.Route("ns")));
        });

        app.MapArm("Providers_Register", "POST", "/subscriptions/{sub}/providers/{ns}/register", async ctx =>
        {
            ArmLookup.Subscription(ctx);
            // No body, or a ProviderRegistrationRequest; its content (third-party consent) changes nothing here.
            await ArmJson.ReadBody(ctx);
            var provider = state.Register(ctx.Route("ns")) ?? throw ArmErrors.InvalidResourceNamespace(ctx.Route("ns"));
            await ArmJson.Write(ctx, 200, provider);
        });

        app.MapArm("Providers_Unregister", "POST", "/subscriptions/{sub}/providers/{ns}/unregister", async ctx =>
        {
            ArmLookup.Subscription(ctx);
            await ArmJson.ReadBody(ctx);
            var provider = state.Unregister(ctx.Route("ns")) ?? throw ArmErrors.InvalidResourceNamespace(ctx.Route("ns"));
            await ArmJson.Write(ctx, 200, provider);
        });
    }

    /// <summary>
    /// Pages of --page-size providers. Emulator choice: $skiptoken is the offset into the list; $top caps the total
    /// number returned across all pages; nextLink is absolute and absent on the last page (contract C.7).
    /// </summary>
    private static Task List(HttpContext ctx, EmulatorState state)
    {
        var sub = ArmLookup.Subscription(ctx);
        var query = ctx.Request.Query;
        var skip = ParseNonNegative(query["$skiptoken"].ToString(), "$skiptoken", 0);
        var top = query.ContainsKey("$top") ? ParseNonNegative(query["$top"].ToString(), "$top", 0) : (int?)null;

        var all = state.ListProviders();
        var end = top is int t ? Math.Min(all.Count, t) : all.Count;
        var pageSize = Math.Max(1, state.Settings.PageSize);
        var take = Math.Max(0, Math.Min(pageSize, end - skip));

        var value = new JsonArray();
        foreach (var p in all.Skip(skip).Take(take))
        {
            value.Add(p);
        }
        var body = new JsonObject { ["value"] = value };
        var next = skip + take;
        if (next < end)
        {
            var apiVersion = Uri.EscapeDataString(query["api-version"].ToString());
            var link = $"{state.BaseUrl}/subscriptions/{sub}/providers?api-version={apiVersion}";
            if (top is int topValue)
            {
                link += "&%24top=" + topValue.ToString(CultureInfo.InvariantCulture);
            }
            body["nextLink"] = link + "&%24skiptoken=" + next.ToString(CultureInfo.InvariantCulture);
        }
        return ArmJson.Write(ctx, 200, body);
    }

    private static int ParseNonNegative(string text, string name, int fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        // Emulator choice: a bad paging parameter is a 400 with code "InvalidQueryParameterValue".
        throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{text}' of query parameter '{name}' is invalid; expected a non-negative integer.");
    }
}
