namespace PhiFineTune;

/// <summary>One progress report: the cmdlets turn it into Write-Progress on the pipeline thread.</summary>
public sealed record OperationProgress(int ActivityId, string Activity, string Status, int PercentComplete = -1,
    bool Completed = false, int ParentActivityId = -1);
