namespace PhiFineTune.Engine.Jobs;

/// <summary>The datastore URIs of a job's uploaded data and the registry id of its base model.</summary>
public sealed record UploadedData(string TrainingData, string? ValidationData, string BaseModelId);
