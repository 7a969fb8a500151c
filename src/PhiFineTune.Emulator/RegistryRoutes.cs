using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Registry discovery and the registry's model versions (contract F.1, F.3). Not ARM: errors are the
/// Azure.Core ErrorResponse <c>{"error":{"code","message"}}</c> with an <c>x-ms-error-code</c> header.
/// </summary>
public static class RegistryRoutes
{
    public const string ModelsPattern = "/mferp/managementfrontend/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/{registry}/models/{name}/versions";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        // F.3 Emulator choice: any api-version (or none).
        app.MapArm("RegistryManagement_GetDiscoveryInfo", "GET", "/registrymanagement/v1.0/registries/{registry}/discovery", ctx =>
        {
            var registry = ctx.Route("registry");
            if (!RegistryCatalog.IsRegistry(registry))
            {
                throw NotFound($"The registry '{registry}' was not found.");
            }
            return ArmJson.Write(ctx, 200, new JsonObject
            {
                ["registryName"] = RegistryCatalog.RegistryName,
                ["tenantId"] = SeedState.TenantId,
                ["primaryRegion"] = RegistryCatalog.PrimaryRegion,
                ["regions"] = new JsonArray(RegistryCatalog.PrimaryRegion, SeedState.Location),
                ["subscriptionId"] = RegistryCatalog.SubscriptionId,
                ["resourceGroup"] = RegistryCatalog.ResourceGroup,
                ["primaryRegionResourceProviderUri"] = state.BaseUrl + "/",
            });
        });

        // F.1: "label=latest" is this list with $orderBy=createdtime desc&$top=1. Emulator choice: createdtime desc is
        // also the default order; "createdtime asc" reverses it; other $orderBy values are ignored.
        app.MapArm("RegistryModelVersions_List", "GET", ModelsPattern, ctx =>
        {
            var model = Lookup(ctx);
            IEnumerable<int> versions = Enumerable.Range(1, model.LatestVersion).Reverse();
            if (ctx.Request.Query["$orderBy"].ToString().Contains("asc", StringComparison.OrdinalIgnoreCase))
            {
                versions = versions.Reverse();
            }
            if (ModelRoutes.PositiveInt(ctx, "$top") is int top)
            {
                versions = versions.Take(top);
            }
            var all = versions.Select(v => RegistryCatalog.Render(model, v)).ToList();
            return ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, all, state.Settings.PageSize));
        });

        app.MapArm("RegistryModelVersions_Get", "GET", ModelsPattern + "/{version}", ctx =>
        {
            var model = Lookup(ctx);
            var version = RegistryCatalog.Version(model, ctx.Route("version"))
                ?? throw NotFound($"Version '{ctx.Route("version")}' of model '{model.Name}' was not found in registry '{RegistryCatalog.RegistryName}'.");
            return ArmJson.Write(ctx, 200, RegistryCatalog.Render(model, version));
        });
    }

    /// <summary>The registry's subscription and resource group (from discovery), registry and model, else 404.</summary>
    private static RegistryModelSeed Lookup(HttpContext ctx)
    {
        if (!string.Equals(ctx.Route("sub"), RegistryCatalog.SubscriptionId, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(ctx.Route("rg"), RegistryCatalog.ResourceGroup, StringComparison.OrdinalIgnoreCase)
            || !RegistryCatalog.IsRegistry(ctx.Route("registry")))
        {
            throw NotFound($"The registry '{ctx.Route("registry")}' was not found under subscription '{ctx.Route("sub")}' and resource group '{ctx.Route("rg")}'.");
        }
        return RegistryCatalog.Find(ctx.Route("name"))
            ?? throw NotFound($"The model '{ctx.Route("name")}' was not found in registry '{RegistryCatalog.RegistryName}'.");
    }

    // Emulator choice: 404 code "NotFound", also sent as x-ms-error-code (F.1 errors).
    private static ArmException NotFound(string message) =>
        new(404, "NotFound", message, new Dictionary<string, string> { ["x-ms-error-code"] = "NotFound" });
}
