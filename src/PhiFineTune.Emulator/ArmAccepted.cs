using System.Globalization;

namespace PhiFineTune.Emulator;

/// <summary>
/// The 202 of a long-running create whose spec says final-state-via location (contract C.5): no body, a Location and
/// a Retry-After. Emulator choice: the Location is the resource itself, which a GET answers 200 (Succeeded) at once,
/// so a poller that follows Location ends on the final resource.
/// </summary>
public static class ArmAccepted
{
    public static void AtResource(HttpContext ctx, EmulatorState state, string armId)
    {
        ctx.Response.StatusCode = 202;
        ctx.Response.Headers.Location = $"{state.BaseUrl}{armId}?api-version={Uri.EscapeDataString(ctx.Request.Query["api-version"].ToString())}";
        ctx.Response.Headers.RetryAfter = state.Settings.LroRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
