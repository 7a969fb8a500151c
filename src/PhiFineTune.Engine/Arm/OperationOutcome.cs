namespace PhiFineTune.Engine.Arm;

/// <summary>The end of a long-running operation: its terminal status and, when it failed, why (contract C.5).</summary>
internal sealed record OperationOutcome(string Status, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => string.Equals(Status, ProvisioningStates.Succeeded, StringComparison.OrdinalIgnoreCase);

    /// <summary>The failure for an operation that did not succeed: "{what} ended {Status}: {reason} ({code})."</summary>
    public FineTuneException Failure(string errorId, string what, string target, string recommendedAction) =>
        new(errorId, FailureKind.InvalidOperation,
            $"{what} ended {Status}: {ErrorMessage ?? "no reason given"}" + (ErrorCode is null ? "" : $" ({ErrorCode})") + ".",
            target, recommendedAction)
        { ServiceErrorCode = ErrorCode };
}
