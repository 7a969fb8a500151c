namespace PhiFineTune.Emulator;

/// <summary>Marks admin endpoints: no bearer, no api-version, never faulted, not in the request log.</summary>
public sealed class AdminEndpoint
{
    public static readonly AdminEndpoint Instance = new();
}

/// <summary>
/// How route files register endpoints. Each ARM route is tagged with its contract operationId; the pipeline
/// reads that tag for fault injection, the auth and api-version checks and the request log.
/// </summary>
public static class ArmRouting
{
    public const string AdminPrefix = "/_emulator";

    /// <summary>
    /// Maps an operation. The operationId must have a row in <see cref="ArmOperations"/> (api-versions, 403 action, scope).
    /// Literal path segments match case-insensitively (ASP.NET routing), as ARM does.
    /// </summary>
    public static IEndpointConventionBuilder MapArm(this IEndpointRouteBuilder app, string operationId, string method, string pattern, RequestDelegate handler)
    {
        if (!ArmOperations.All.TryGetValue(operationId, out var op))
        {
            throw new InvalidOperationException($"Operation '{operationId}' has no row in ArmOperations; add one before mapping it.");
        }
        return app.MapMethods(pattern, new[] { method }, handler)
            .WithMetadata(op)
            .WithDisplayName(op.OperationId);
    }

    /// <summary>Maps an admin route under /_emulator/.</summary>
    public static IEndpointConventionBuilder MapAdmin(this IEndpointRouteBuilder app, string method, string pattern, RequestDelegate handler) =>
        app.MapMethods(AdminPrefix + pattern, new[] { method }, handler)
            .WithMetadata(AdminEndpoint.Instance)
            .WithDisplayName($"admin {method} {pattern}");

    /// <summary>A route value as the caller wrote it.</summary>
    public static string Route(this HttpContext ctx, string name) =>
        Convert.ToString(ctx.Request.RouteValues[name], System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// Resolves the scopes in a path against the seeded state, case-insensitively (as ARM does), and throws the
/// contract's 404 for the first unknown one. Returns canonical names so responses echo the seeded casing.
/// </summary>
public static class ArmLookup
{
    public static string Subscription(HttpContext ctx)
    {
        var sub = ctx.Route("sub");
        if (!string.Equals(sub, SeedState.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw ArmErrors.SubscriptionNotFound(sub);
        }
        return SeedState.SubscriptionId;
    }

    public static string ResourceGroup(HttpContext ctx)
    {
        Subscription(ctx);
        var rg = ctx.Route("rg");
        if (!string.Equals(rg, SeedState.ResourceGroupName, StringComparison.OrdinalIgnoreCase))
        {
            throw ArmErrors.ResourceGroupNotFound(rg);
        }
        return SeedState.ResourceGroupName;
    }

    public static WorkspaceSeed Workspace(HttpContext ctx)
    {
        var rg = ResourceGroup(ctx);
        var ws = ctx.Route("ws");
        return SeedState.FindWorkspace(ws) ?? throw ArmErrors.WorkspaceNotFound(ws, rg);
    }
}
