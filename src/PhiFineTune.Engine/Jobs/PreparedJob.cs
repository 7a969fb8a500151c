namespace PhiFineTune.Engine.Jobs;

/// <summary>
/// A job ready to submit: the model and region checked, the hyperparameters converted, the data checked (and split).
/// Nothing has been sent or uploaded yet. Dispose removes a split's temporary files.
/// </summary>
public sealed class PreparedJob : IDisposable
{
    internal PreparedJob(JobSubmissionRequest request, FineTuneBaseModel model, IReadOnlyDictionary<string, string> wire,
        string training, string? validation, string? temporaryDirectory, IReadOnlyList<DatasetReport> reports)
    {
        Request = request;
        Model = model;
        Hyperparameters = wire;
        TrainingFile = training;
        ValidationFile = validation;
        TemporaryDirectory = temporaryDirectory;
        Reports = reports;
    }

    public JobSubmissionRequest Request { get; }
    public FineTuneBaseModel Model { get; }
    public IReadOnlyDictionary<string, string> Hyperparameters { get; }
    public string TrainingFile { get; }
    public string? ValidationFile { get; }
    string? TemporaryDirectory { get; }
    public IReadOnlyList<DatasetReport> Reports { get; }

    public void Dispose()
    {
        if (TemporaryDirectory is not null && Directory.Exists(TemporaryDirectory))
            Directory.Delete(TemporaryDirectory, recursive: true);
    }
}
