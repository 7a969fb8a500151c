namespace PhiFineTune.Emulator;

/// <summary>What an operation-status (Azure-AsyncOperation) or operation-result (Location) poll sees.</summary>
public sealed record OperationView(string Id, string Kind, string Status, DateTimeOffset StartTime, DateTimeOffset? EndTime, string? ErrorCode,
    string? ErrorMessage);
