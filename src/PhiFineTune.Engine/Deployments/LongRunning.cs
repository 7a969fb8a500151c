using System.Diagnostics;
using Azure.Core;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Deployments;

/// <summary>The end of an operation resource: its status and, when it failed, why.</summary>
internal sealed record OperationOutcome(string Status, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => string.Equals(Status, FineTunedModelDeploymentState.Succeeded, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Polls ARM long-running operations as contract C.5 says: the Azure-AsyncOperation resource of a PUT until its status
/// is terminal, the Location of a DELETE until it stops answering 202. Every wait honours the last Retry-After; without
/// one it is 60 s against Azure (C.5) and the session's poll interval against the emulator.
/// </summary>
internal static class LongRunning
{
    static readonly TimeSpan AzureDefaultDelay = TimeSpan.FromSeconds(60);

    // A Retry-After of 0 (the emulator allows it for tests) must not become a busy loop.
    static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(100);

    public static TimeSpan DelayAfter(ConnectionSession session, TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? (session.IsEmulator ? session.PollInterval : AzureDefaultDelay);
        return delay < MinimumDelay ? MinimumDelay : delay;
    }

    /// <summary>GETs the operation resource until Succeeded, Failed or Canceled; <paramref name="status"/> hears each status.</summary>
    public static async Task<OperationOutcome> WaitForOperationAsync(ConnectionSession session, Uri operation,
        TimeSpan firstDelay, TimeSpan timeout, string operationName, object target, Action<string> status,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = firstDelay;
        while (true)
        {
            await DelayWithin(delay, clock, timeout, operationName, target, cancellationToken).ConfigureAwait(false);
            try
            {
                using var answer = await ArmCalls.SendAsync(session.Pipeline, RequestMethod.Get, operation, null,
                    cancellationToken).ConfigureAwait(false);
                var body = answer.Body ?? default;
                var current = JsonRead.String(body, "status") ?? "Unknown";
                status(current);
                if (FineTunedModelDeploymentState.IsTerminal(current))
                {
                    var error = JsonRead.Object(body, "error");
                    return new OperationOutcome(current, JsonRead.String(error, "code"), JsonRead.String(error, "message"));
                }
                delay = DelayAfter(session, answer.RetryAfter);
            }
            catch (Exception e)
            {
                throw ErrorMapper.Map(e, operationName, target);
            }
        }
    }

    /// <summary>GETs the Location of a DELETE until it answers 200 or 204 (contract C.5): the resource is gone.</summary>
    public static async Task WaitForLocationAsync(ConnectionSession session, Uri location, TimeSpan firstDelay,
        TimeSpan timeout, string operationName, object target, Action<TimeSpan> stillRunning,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = firstDelay;
        while (true)
        {
            await DelayWithin(delay, clock, timeout, operationName, target, cancellationToken).ConfigureAwait(false);
            try
            {
                using var answer = await ArmCalls.SendAsync(session.Pipeline, RequestMethod.Get, location, null,
                    cancellationToken).ConfigureAwait(false);
                if (answer.Status != 202) return;
                stillRunning(clock.Elapsed);
                delay = DelayAfter(session, answer.RetryAfter);
            }
            catch (Exception e)
            {
                throw ErrorMapper.Map(e, operationName, target);
            }
        }
    }

    static async Task DelayWithin(TimeSpan delay, Stopwatch clock, TimeSpan timeout, string operationName, object target,
        CancellationToken cancellationToken)
    {
        if (clock.Elapsed + delay > timeout)
        {
            throw new FineTuneException($"{operationName}{FailureKind.Timeout}", FailureKind.Timeout,
                $"The operation on '{target}' had not finished after {timeout.TotalSeconds:0} s; Azure goes on with it.",
                target, "Check it later with Get-FineTunedModelDeployment, or raise -TimeoutSec.");
        }
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
