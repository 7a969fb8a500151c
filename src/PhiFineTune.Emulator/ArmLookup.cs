namespace PhiFineTune.Emulator;

/// <summary>
/// Resolves the scopes in a path against the emulator's state, case-insensitively (as ARM does), and throws the
/// contract's 404 for the first unknown one. Returns canonical names so responses echo the stored casing.
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
        return State(ctx).ResourceGroups.Canonical(rg) ?? throw ArmErrors.ResourceGroupNotFound(rg);
    }

    /// <summary>A stored workspace of the group (contract L.5; J.4: a group delete removes them).</summary>
    public static WorkspaceEntry Workspace(HttpContext ctx)
    {
        var rg = ResourceGroup(ctx);
        var ws = ctx.Route("ws");
        return State(ctx).Workspaces.Find(rg, ws) ?? throw ArmErrors.WorkspaceNotFound(ws, rg);
    }

    private static EmulatorState State(HttpContext ctx) => ctx.RequestServices.GetRequiredService<EmulatorState>();
}
