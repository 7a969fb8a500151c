namespace PhiFineTune.Emulator;

/// <summary>A job that waits at Running's boundary for its data check; the clock checks it outside the lock.</summary>
public sealed record PendingCheck(string Key, string Workspace, string JobName, string? TrainingUri, string? ValidationUri);
