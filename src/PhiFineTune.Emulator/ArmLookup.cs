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

    /// <summary>A seeded workspace, found only in the group that holds them (contract J.4: a group delete removes them).</summary>
    public static WorkspaceSeed Workspace(HttpContext ctx)
    {
        var rg = ResourceGroup(ctx);
        var ws = ctx.Route("ws");
        var seeded = State(ctx).ResourceGroups.HoldsSeededWorkspaces(rg) ? SeedState.FindWorkspace(ws) : null;
        return seeded ?? throw ArmErrors.WorkspaceNotFound(ws, rg);
    }

    private static EmulatorState State(HttpContext ctx) => ctx.RequestServices.GetRequiredService<EmulatorState>();
}
