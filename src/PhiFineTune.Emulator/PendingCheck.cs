namespace PhiFineTune.Emulator;

/// <summary>A job that has reached Running and whose data has not been checked yet; checked outside the lock.</summary>
public sealed record PendingCheck(string Key, string JobName, string? TrainingUri, string? ValidationUri);
