namespace PhiFineTune.Emulator;

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
