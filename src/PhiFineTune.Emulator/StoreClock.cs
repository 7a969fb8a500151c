namespace PhiFineTune.Emulator;

/// <summary>
/// The time-driven stores' shared lock and time. Stored state changes only in <see cref="AdvanceAll"/>, which every
/// write calls first (under the lock) and which <see cref="EmulatorClock"/> calls on each tick; reads only read.
/// A write that starts something time-driven calls <see cref="Wake"/> so the clock recomputes its next tick.
/// </summary>
public sealed class StoreClock
{
    private readonly List<IClockedStore> _stores = new();
    private TaskCompletionSource _wake = NewWake();

    public StoreClock(object sharedLock, TimeProvider time)
    {
        Lock = sharedLock;
        Time = time;
    }

    /// <summary>The one lock for all mutable emulator state (<see cref="EmulatorState"/>'s).</summary>
    public object Lock { get; }

    public TimeProvider Time { get; }

    public void Add(IClockedStore store)
    {
        lock (Lock)
        {
            _stores.Add(store);
        }
    }

    /// <summary>Moves every store to now and returns that instant. Takes the lock (re-entrant: writes call it holding it).</summary>
    public DateTimeOffset AdvanceAll()
    {
        lock (Lock)
        {
            var now = Time.GetUtcNow();
            foreach (var store in _stores)
            {
                store.AdvanceTo(now);
            }
            return now;
        }
    }

    /// <summary>The earliest next change of any store; null when nothing changes without a write.</summary>
    public DateTimeOffset? NextChange()
    {
        lock (Lock)
        {
            DateTimeOffset? next = null;
            foreach (var store in _stores)
            {
                if (store.NextChange() is DateTimeOffset t && (next is null || t < next))
                {
                    next = t;
                }
            }
            return next;
        }
    }

    /// <summary>Completes when <see cref="Wake"/> is next called. Take it before reading <see cref="NextChange"/>, so no wake is missed.</summary>
    public Task WakeSignal() => Volatile.Read(ref _wake).Task;

    /// <summary>Tells the clock that a write has changed what happens next.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
