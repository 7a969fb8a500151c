using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// The test-control API under /_emulator/. Emulator-defined throughout: no bearer, no api-version, never faulted,
/// not written to the request log.
/// </summary>
public static class AdminRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapAdmin("GET", "/health", ctx => ArmJson.Write(ctx, 200, new JsonObject { ["status"] = "ok" }));

        app.MapAdmin("GET", "/faults", ctx => ArmJson.Write(ctx, 200, state.Faults.List()));
        app.MapAdmin("POST", "/faults", async ctx =>
        {
            var specs = FaultInjection.Parse(await ArmJson.ReadBody(ctx));
            await ArmJson.Write(ctx, 201, state.Faults.Add(specs));
        });
        app.MapAdmin("DELETE", "/faults", ctx =>
        {
            state.Faults.Clear();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        app.MapAdmin("DELETE", "/faults/{id}", ctx =>
        {
            if (!state.Faults.Remove(ctx.Route("id")))
            {
                throw new ArmException(404, "NotFound", $"No fault rule has the id '{ctx.Route("id")}'.");
            }
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        app.MapAdmin("GET", "/requests", ctx => ArmJson.Write(ctx, 200, state.RequestLog()));
        app.MapAdmin("DELETE", "/requests", ctx =>
        {
            state.ClearRequestLog();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        app.MapAdmin("PUT", "/providers/{ns}", async ctx =>
        {
            var body = await ArmJson.ReadBody(ctx);
            var wanted = ReadString(body, "registrationState");
            if (string.IsNullOrWhiteSpace(wanted))
            {
                throw ArmErrors.BadRequest("InvalidRequestContent", "Send {\"registrationState\":\"NotRegistered|Registering|Registered|Unregistering\"}.");
            }
            // Any non-empty string is stored: the spec types registrationState as an open string (A.3), so tests can
            // check that clients tolerate unknown values.
            var provider = state.SetProviderState(ctx.Route("ns"), wanted) ?? throw ArmErrors.InvalidResourceNamespace(ctx.Route("ns"));
            await ArmJson.Write(ctx, 200, provider);
        });

        app.MapAdmin("GET", "/settings", ctx => ArmJson.Write(ctx, 200, state.Settings));
        app.MapAdmin("PUT", "/settings", async ctx =>
        {
            var body = await ArmJson.ReadBody(ctx);
            var delay = ReadInt(body, "registrationDelayMs");
            var pageSize = ReadInt(body, "pageSize");
            var jobStep = ReadInt(body, "jobStepMs");
            var deploymentStep = ReadInt(body, "deploymentStepMs");
            var retryAfter = ReadInt(body, "lroRetryAfterSeconds");
            if (delay is < 0 || pageSize is < 1 || jobStep is < 1 || deploymentStep is < 1 || retryAfter is < 0 or > 600)
            {
                throw ArmErrors.BadRequest("InvalidRequestContent",
                    "registrationDelayMs must be >= 0, pageSize >= 1, jobStepMs >= 1, deploymentStepMs >= 1 and lroRetryAfterSeconds 0 to 600.");
            }
            await ArmJson.Write(ctx, 200, state.UpdateSettings(delay, pageSize, jobStep, deploymentStep, retryAfter));
        });

        app.MapAdmin("POST", "/reset", ctx =>
        {
            state.Reset();
            return ArmJson.Write(ctx, 200, new JsonObject { ["status"] = "reset" });
        });
    }

    private static string? ReadString(JsonNode? body, string name)
    {
        try
        {
            return body?[name]?.GetValue<string>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", $"'{name}' must be a string.");
        }
    }

    private static int? ReadInt(JsonNode? body, string name)
    {
        try
        {
            return body is JsonObject o && o.TryGetPropertyValue(name, out var n) && n is not null ? n.GetValue<int>() : null;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", $"'{name}' must be an integer.");
        }
    }
}
