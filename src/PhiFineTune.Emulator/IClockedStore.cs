namespace PhiFineTune.Emulator;

/// <summary>A store whose entries change with time; <see cref="StoreClock"/> moves it. Both members run under the shared lock.</summary>
public interface IClockedStore
{
    /// <summary>Moves every entry to its state at <paramref name="now"/> (the only place time changes stored state).</summary>
    void AdvanceTo(DateTimeOffset now);

    /// <summary>The next instant at which an entry changes state, or null when no entry will change without a write.</summary>
    DateTimeOffset? NextChange();
}
