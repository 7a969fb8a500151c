namespace PhiFineTune.Emulator;

/// <summary>
/// The middleware every request passes (contract C): request ids, then for tagged operations, in this order:
/// (1) fault injection, (2) bearer check, (3) api-version check, then the handler (which does (4), the 404 lookups).
/// Every non-admin request is written to the request log, faulted ones included.
/// </summary>
public static class ArmPipeline
{
    public const string CorrelationItem = "emulator.correlation";

    // Display name ASP.NET routing gives the endpoint it selects when the path matches but the method does not.
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    public static void UseArmPipeline(this WebApplication app, EmulatorState state)
    {
        app.Use(StampHeaders);
        app.UseRouting();
        app.Use((ctx, next) => Gate(ctx, next, state));
    }

    /// <summary>C.3 headers on every response, admin and errors included. Kestrel adds Date itself.</summary>
    private static Task StampHeaders(HttpContext ctx, RequestDelegate next)
    {
        var correlation = ctx.Request.Headers["x-ms-correlation-request-id"].ToString();
        if (string.IsNullOrWhiteSpace(correlation))
        {
            correlation = Guid.NewGuid().ToString();
        }
        ctx.Items[CorrelationItem] = correlation;
        var headers = ctx.Response.Headers;
        headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        headers["x-ms-correlation-request-id"] = correlation;
        var clientRequestId = ctx.Request.Headers["x-ms-client-request-id"].ToString();
        if (!string.IsNullOrEmpty(clientRequestId)
            && string.Equals(ctx.Request.Headers["x-ms-return-client-request-id"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            headers["x-ms-client-request-id"] = clientRequestId;
        }
        return next(ctx);
    }

    private static async Task Gate(HttpContext ctx, RequestDelegate next, EmulatorState state)
    {
        var endpoint = ctx.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AdminEndpoint>() is not null)
        {
            await Run(ctx, next);
            return;
        }

        var op = endpoint?.Metadata.GetMetadata<ArmOperation>();
        var time = state.Now;
        string? fault = null;
        var dropped = false;
        try
        {
            if (op is null)
            {
                throw endpoint?.DisplayName == MethodNotAllowedEndpoint
                    ? ArmErrors.MethodNotAllowed(ctx.Request.Method, ctx.Request.Path)
                    : ArmErrors.RouteNotFound(ctx.Request.Method, ctx.Request.Path);
            }

            if (op.IsArm)
            {
                var kind = HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method) ? "reads"
                    : HttpMethods.IsDelete(ctx.Request.Method) ? "deletes" : "writes";
                ctx.Response.Headers[$"x-ms-ratelimit-remaining-subscription-{kind}"] = state.NextRemaining(kind).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // (1) fault injection
            var fired = state.Faults.Match(op);
            if (fired is not null)
            {
                fault = fired.Kind.ToString();
                if (fired.Kind == FaultKind.DropConnection)
                {
                    dropped = true;
                    ctx.Abort();
                    return;
                }
                if (fired.Kind == FaultKind.Latency)
                {
                    await Task.Delay(fired.LatencyMs, ctx.RequestAborted);
                }
                else
                {
                    throw FaultError(fired, op, ctx);
                }
            }

            // (2) authentication, (3) api-version
            if (op.RequiresBearer)
            {
                CheckBearer(ctx);
            }
            if (op.ApiVersions is not null)
            {
                CheckApiVersion(ctx, op.ApiVersions);
            }

            await Run(ctx, next);
        }
        catch (ArmException e) when (!ctx.Response.HasStarted)
        {
            await ArmJson.WriteError(ctx, e);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. during injected latency): nothing to answer.
        }
        finally
        {
            if (!ctx.Request.Path.StartsWithSegments(ArmRouting.AdminPrefix, StringComparison.OrdinalIgnoreCase))
            {
                Log(ctx, state, time, op, dropped, fault);
            }
        }
    }

    private static void Log(HttpContext ctx, EmulatorState state, DateTimeOffset time, ArmOperation? op, bool dropped, string? fault) =>
        state.Log(new RequestLogEntry(
            time,
            ctx.Request.Method,
            ctx.Request.Path.Value ?? "/",
            RedactedQuery(ctx.Request),
            op?.OperationId,
            ctx.Request.Query.TryGetValue("api-version", out var v) ? v.ToString() : null,
            dropped ? 0 : ctx.Response.StatusCode,
            (string)ctx.Items[CorrelationItem]!,
            !string.IsNullOrEmpty(ctx.Request.Headers.Authorization.ToString()),
            fault));

    // Emulator choice: no route reads a secret from the query string, but a client might still send one there (e.g.
    // ?api-key= to an inference URL); the log keeps such a parameter's name and replaces its value.
    private static readonly HashSet<string> SecretQueryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "api-key", "key", "code", "subscription-key", "access_token", "token", "sig",
    };

    private static string RedactedQuery(HttpRequest request)
    {
        var raw = request.QueryString.Value ?? "";
        if (!request.Query.Keys.Any(SecretQueryNames.Contains))
        {
            return raw;
        }
        var parts = raw.TrimStart('?').Split('&').Select(part =>
        {
            var eq = part.IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            return SecretQueryNames.Contains(name) ? (eq < 0 ? part : part[..eq]) + "=REDACTED" : part;
        });
        return "?" + string.Join("&", parts);
    }

    /// <summary>Runs the handler; an <see cref="ArmException"/> or an unexpected error becomes an ARM error body.</summary>
    private static async Task Run(HttpContext ctx, RequestDelegate next)
    {
        try
        {
            await next(ctx);
        }
        catch (ArmException e) when (!ctx.Response.HasStarted)
        {
            await ArmJson.WriteError(ctx, e);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            await ArmJson.WriteError(ctx, ArmErrors.Internal($"The emulator failed: {e.GetType().Name}: {e.Message}"));
        }
    }

    private static void CheckBearer(HttpContext ctx)
    {
        var value = ctx.Request.Headers.Authorization.ToString().Trim();
        if (value.Length == 0)
        {
            throw ArmErrors.MissingAuthorization();
        }
        // Emulator choice: any non-empty bearer token is accepted; it is never parsed or logged.
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || value[scheme.Length..].Trim().Length == 0)
        {
            throw ArmErrors.InvalidAuthenticationToken();
        }
    }

    private static void CheckApiVersion(HttpContext ctx, string[] supported)
    {
        var apiVersion = ctx.Request.Query["api-version"].ToString();
        if (string.IsNullOrEmpty(apiVersion))
        {
            throw ArmErrors.MissingApiVersion();
        }
        if (!supported.Contains(apiVersion, StringComparer.OrdinalIgnoreCase))
        {
            throw ArmErrors.InvalidApiVersion(apiVersion, supported);
        }
    }

    private static ArmException FaultError(FiredFault fired, ArmOperation op, HttpContext ctx)
    {
        var headers = new Dictionary<string, string>();
        if (fired.RetryAfterSeconds is int seconds)
        {
            headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var readOrWrite = HttpMethods.IsGet(ctx.Request.Method) ? "Read" : "Write";
        return fired.Kind switch
        {
            FaultKind.Throttle => new ArmException(429, "TooManyRequests",
                $"The request is being throttled as the limit has been reached for operation type - {readOrWrite}. For more information, see - https://aka.ms/srpthrottlinglimits", headers),
            FaultKind.InternalServerError => new ArmException(500, "InternalServerError",
                "The server encountered an internal error. Please retry the request.", headers),
            FaultKind.ServiceUnavailable => new ArmException(503, "ServiceUnavailable",
                "The service is temporarily unavailable. Please retry the request.", headers),
            FaultKind.Forbidden => new ArmException(403, "AuthorizationFailed",
                $"The client '{SeedState.EmulatorUserName}' with object id '{SeedState.EmulatorUserObjectId}' does not have authorization to perform action '{op.Action}' over scope '{ArmOperations.Scope(op, ctx.Request.RouteValues)}' or the scope is invalid. If access was recently granted, please refresh your credentials.", headers),
            _ => ArmErrors.Internal($"Unhandled fault kind {fired.Kind}."),
        };
    }
}
