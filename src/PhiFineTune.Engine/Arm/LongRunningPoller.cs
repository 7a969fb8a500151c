using System.Diagnostics;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Arm;

/// <summary>
/// Follows an ARM long-running operation to its end as contract C.5 says clients do: the Azure-AsyncOperation resource,
/// when given, until its status is terminal; otherwise a 202's Location until it stops answering 202 (the final result);
/// with neither header, the resource itself until its provisioningState is terminal (a missing one counts as
/// Succeeded). Every wait honours the last Retry-After, else the connection's default (<see cref="ArmTiming"/>).
/// A polling URL on another host than the resource is refused (<see cref="ArmRequests.SameHost"/>).
/// </summary>
internal static class LongRunningPoller
{
    /// <param name="started">The response that started the operation (its status, polling headers and Retry-After).</param>
    /// <param name="resource">The resource the operation works on, read when no header says where to poll.</param>
    /// <param name="status">Hears each status read, with the time since polling began.</param>
    public static async Task<OperationOutcome> WaitAsync(this ArmRequests arm, ArmResponse started, Uri resource,
        TimeSpan timeout, ArmCall call, Action<string, TimeSpan>? status, CancellationToken cancellationToken)
    {
        var location = started is { AsyncOperation: null, Status: 202 } ? started.Location : null;
        ArmRequests.SameHost(started.AsyncOperation ?? location, resource, call);
        var clock = Stopwatch.StartNew();
        var delay = arm.Timing.DelayAfter(started.RetryAfter);
        while (true)
        {
            await DelayWithin(delay, clock, timeout, call, cancellationToken).ConfigureAwait(false);
            if (location is not null)
            {
                using var answer = await arm.SendAsync(Azure.Core.RequestMethod.Get, location, null, call, cancellationToken)
                    .ConfigureAwait(false);
                if (answer.Status != 202) return new OperationOutcome(ProvisioningStates.Succeeded, null, null);
                status?.Invoke("InProgress", clock.Elapsed);
                delay = arm.Timing.DelayAfter(answer.RetryAfter);
            }
            else
            {
                // The operation resource always answers 200; an error status means reading it failed (C.5).
                using var answer = await arm.SendAsync(Azure.Core.RequestMethod.Get, started.AsyncOperation ?? resource, null,
                    call, cancellationToken).ConfigureAwait(false);
                var body = answer.Body ?? default;
                var current = started.AsyncOperation is null
                    ? JsonRead.String(JsonRead.Object(body, "properties"), "provisioningState") ?? ProvisioningStates.Succeeded
                    : JsonRead.String(body, "status") ?? "Unknown";
                status?.Invoke(current, clock.Elapsed);
                if (ProvisioningStates.IsTerminal(current))
                {
                    var error = JsonRead.Object(body, "error");
                    return new OperationOutcome(current, JsonRead.String(error, "code"), JsonRead.String(error, "message"));
                }
                delay = arm.Timing.DelayAfter(answer.RetryAfter);
            }
        }
    }

    static async Task DelayWithin(TimeSpan delay, Stopwatch clock, TimeSpan timeout, ArmCall call,
        CancellationToken cancellationToken)
    {
        if (clock.Elapsed + delay > timeout)
        {
            throw new FineTuneException($"{call.Operation}{FailureKind.Timeout}", FailureKind.Timeout,
                $"The operation on '{call.Target}' had not finished after {timeout.TotalSeconds:0} s; Azure goes on with it.",
                call.Target, ActionTexts.CheckLater);
        }
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
