namespace PhiFineTune.Emulator;

/// <summary>
/// Workspace models (contract B.2, B.6): ModelContainers_List/Get/Delete and ModelVersions_List/Get/Delete. Models
/// appear when a fine-tuning job completes (<see cref="JobStore"/>, <see cref="ModelStore"/>). PUT is not served.
/// </summary>
public static class ModelRoutes
{
    public const string ModelsPattern = WorkspaceRoutes.WorkspacePattern + "/models";
    public const string ModelPattern = ModelsPattern + "/{name}";
    public const string VersionsPattern = ModelPattern + "/versions";
    public const string VersionPattern = VersionsPattern + "/{version}";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        // Emulator choice: "count" (the spec's page-size parameter) overrides --page-size; "listViewType" is
        // accepted and ignored (no model is archived); unknown parameters are ignored.
        app.MapArm("ModelContainers_List", "GET", ModelsPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var pageSize = PositiveInt(ctx, "count") ?? state.Settings.PageSize;
            await ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, state.Models.ListModels(ws), pageSize));
        });

        app.MapArm("ModelContainers_Get", "GET", ModelPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            await ArmJson.Write(ctx, 200, state.Models.GetModel(ws, ctx.Route("name")) ?? throw ArmErrors.ChildNotFound("model", ctx.Route("name"), ws));
        });

        // B.2: 200 when deleted, 204 when there was nothing to delete; B.9: 409 while a serverless endpoint uses it.
        app.MapArm("ModelContainers_Delete", "DELETE", ModelPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            ctx.Response.StatusCode = state.DeleteModel(ws, ctx.Route("name")) ? 200 : 204;
        });

        // Emulator choice: newest version first; "$top" caps the total, "version" filters; $orderBy and the other
        // filters are accepted and ignored.
        app.MapArm("ModelVersions_List", "GET", VersionsPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var versions = state.Models.ListVersions(ws, ctx.Route("name")) ?? throw ArmErrors.ChildNotFound("model", ctx.Route("name"), ws);
            var version = ctx.Request.Query["version"].ToString();
            if (version.Length > 0)
            {
                versions = versions.Where(v => (string?)v["name"] == version).ToList();
            }
            if (PositiveInt(ctx, "$top") is int top)
            {
                versions = versions.Take(top).ToList();
            }
            await ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, versions, state.Settings.PageSize));
        });

        app.MapArm("ModelVersions_Get", "GET", VersionPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = ctx.Route("name");
            await ArmJson.Write(ctx, 200, state.Models.GetVersion(ws, name, ctx.Route("version"))
                ?? throw ArmErrors.ChildNotFound("model version", $"{name}/{ctx.Route("version")}", ws));
        });

        app.MapArm("ModelVersions_Delete", "DELETE", VersionPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            ctx.Response.StatusCode = state.DeleteModelVersion(ws, ctx.Route("name"), ctx.Route("version")) ? 200 : 204;
        });
    }

    internal static int? PositiveInt(HttpContext ctx, string name)
    {
        var text = ctx.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{text}' of query parameter '{name}' is invalid; expected a positive integer.");
    }
}
