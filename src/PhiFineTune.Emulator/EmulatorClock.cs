namespace PhiFineTune.Emulator;

/// <summary>
/// The tick of the accelerated clock (see <see cref="JobStore"/> and <see cref="EndpointStore"/>): sleeps on the state's
/// <see cref="TimeProvider"/> until the next step boundary of any job, endpoint or operation that has not ended, or
/// until a write wakes it; then runs the data checks that are due and moves every store to now.
/// </summary>
public sealed class EmulatorClock(EmulatorState state) : BackgroundService
{
    /// <summary>One tick: the due data checks (they read blobs, outside the lock), then every store advanced to now.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await state.Jobs.CheckPendingDataAsync(state.BlobFor, cancellationToken);
        state.Clock.AdvanceAll();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = state.Clock;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before the tick reads the next change: a write during the tick wakes the next sleep at once.
                var wake = clock.WakeSignal();
                await TickAsync(stoppingToken);
                var next = clock.NextChange();
                var delay = next is DateTimeOffset t ? t - clock.Time.GetUtcNow() : Timeout.InfiniteTimeSpan;
                if (next is not null && delay <= TimeSpan.Zero)
                {
                    continue;
                }
                using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(wake, Task.Delay(delay, clock.Time, sleeping.Token));
                sleeping.Cancel();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
