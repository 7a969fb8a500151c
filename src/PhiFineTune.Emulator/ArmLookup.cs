namespace PhiFineTune.Emulator;

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
