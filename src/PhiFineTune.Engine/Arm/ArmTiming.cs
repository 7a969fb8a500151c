namespace PhiFineTune.Engine.Arm;

/// <summary>
/// Every wait of a connection, chosen once when it connects: Azure's, or the emulator's, whose clock runs in fractions
/// of a second. A server's Retry-After is honoured either way.
/// </summary>
/// <param name="RetryDelay">The exponential base of Azure.Core's retries.</param>
/// <param name="PollInterval">Between reads of a state that changes slowly (provider registration).</param>
/// <param name="LroDefaultDelay">Between polls of a long-running operation that sent no Retry-After (contract C.5: 60 s).</param>
/// <param name="MinimumDelay">The shortest poll delay: a Retry-After of 0 must not become a busy loop.</param>
/// <param name="JobPollInterval">Between reads of a running fine-tuning job (the notebook polls every 30 s, contract B.4).</param>
internal sealed record ArmTiming(TimeSpan RetryDelay, TimeSpan PollInterval, TimeSpan LroDefaultDelay, TimeSpan MinimumDelay,
    TimeSpan JobPollInterval)
{
    // Real registrations take minutes; the emulator's take seconds.
    public static readonly ArmTiming Azure = new(TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60),
        TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    // A short retry base keeps tests of exhausted retries quick.
    public static readonly ArmTiming Emulator = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250));

    /// <summary>The wait before the next poll of an operation: its Retry-After, else the default, never below the minimum.</summary>
    public TimeSpan DelayAfter(TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? LroDefaultDelay;
        return delay < MinimumDelay ? MinimumDelay : delay;
    }
}
