using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Storage;

namespace PhiFineTune.Engine.Jobs;

/// <summary>
/// The work of submitting a job, in two steps so that -WhatIf stops between them: <see cref="PrepareAsync"/> checks
/// everything that can be checked locally; <see cref="SubmitAsync"/> uploads the data and creates the job.
/// </summary>
public static class JobSubmission
{
    public static async Task<PreparedJob> PrepareAsync(JobSubmissionRequest request, Action<DatasetIssue> report,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var model = BaseModelCatalog.Resolve(request.Model);
        var region = BaseModelCatalog.NormalizeRegion(request.Connection.Location);
        if (!model.FineTuningRegions.Contains(region, StringComparer.OrdinalIgnoreCase))
        {
            throw new FineTuneException("RegionNotSupported", FailureKind.InvalidArgument,
                $"{model.Name} cannot be fine-tuned in {request.Connection.Location}, the region of workspace " +
                $"'{request.Connection.WorkspaceName}'; it can in {string.Join(", ", model.FineTuningRegions)} ({model.RegionsSource}).",
                request.Connection.ResourceId,
                ActionTexts.ChooseRegionOrModel);
        }
        if (request.ValidationFile is not null && request.ValidationPercent is not null)
        {
            throw new FineTuneException("InvalidValidationPercent", FailureKind.InvalidArgument,
                "Give -ValidationFile or -ValidationPercent, not both.", "ValidationPercent",
                "Drop one of the two parameters.");
        }
        if (request.Name is not null) AzureIds.JobName(request.Name);
        if (request.OutputModelName is not null) AzureIds.ModelName(request.OutputModelName);
        var wire = Hyperparameters.ToWire(model, request.Hyperparameters);

        var reports = new List<DatasetReport>();
        var files = new List<string> { request.TrainingFile };
        if (request.ValidationFile is not null) files.Add(request.ValidationFile);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new FineTuneException("DatasetNotFound", FailureKind.NotFound, $"The file '{file}' does not exist.",
                    file, "Give the path of a chat-format JSONL file.");
            }
            if (request.SkipValidation) continue;
            var checkedFile = await DatasetValidator.CheckAsync(file, new DatasetCheckOptions
            {
                Model = model,
                Epochs = int.TryParse(wire.GetValueOrDefault(Hyperparameters.EpochsWire), out var epochs)
                    ? epochs
                    : (int)(model.Hyperparameters.FirstOrDefault(h => h.WireName == Hyperparameters.EpochsWire)?.Default ?? 1),
            }, report, observer, cancellationToken).ConfigureAwait(false);
            reports.Add(checkedFile);
            if (!checkedFile.IsValid)
            {
                throw new FineTuneException("DatasetInvalid", FailureKind.InvalidArgument,
                    $"'{file}' has {checkedFile.ErrorCount} error(s) (written above); nothing was uploaded and no job was created.",
                    file, ActionTexts.CorrectDataset);
            }
        }

        if (request.ValidationPercent is not { } percent)
            return new PreparedJob(request, model, wire, request.TrainingFile, request.ValidationFile, null, reports);

        var folder = Path.Combine(Path.GetTempPath(), $"phifinetune-split-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var split = await DatasetSplitter.SplitAsync(new DatasetSplitOptions
            {
                Path = request.TrainingFile, ValidationPercent = percent, Seed = request.Seed, OutputDirectory = folder,
            }, observer, cancellationToken).ConfigureAwait(false);
            var training = split.Single(f => f.Role == "Training");
            var validation = split.Single(f => f.Role == "Validation");
            if (validation.Examples < DatasetValidator.MinExamples)
            {
                throw new FineTuneException("InvalidValidationPercent", FailureKind.InvalidArgument,
                    $"-ValidationPercent {percent.ToString(System.Globalization.CultureInfo.InvariantCulture)} leaves {validation.Examples} of the " +
                    $"{validation.Examples + training.Examples} examples for validation; the service needs at least {DatasetValidator.MinExamples}.",
                    "ValidationPercent", "Raise -ValidationPercent, or train without validation data.");
            }
            return new PreparedJob(request, model, wire, training.Path, validation.Path, folder, reports);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Uploads the data (content-addressed: the same file is not sent twice) and creates the job.</summary>
    public static async Task<JobCreation> SubmitAsync(PreparedJob job, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var data = await UploadAsync(job, observer, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(job, data, job.Hyperparameters, job.Request.Name, job.Request.Tags, observer, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Uploads the prepared data and finds the base model's registry id: what every job of this data shares.</summary>
    public static async Task<UploadedData> UploadAsync(PreparedJob job, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var connection = job.Request.Connection;
        var training = await DatasetUploader.UploadAsync(connection, job.TrainingFile, null, observer, cancellationToken).ConfigureAwait(false);
        var validation = job.ValidationFile is null
            ? null
            : await DatasetUploader.UploadAsync(connection, job.ValidationFile, null, observer, cancellationToken).ConfigureAwait(false);
        var baseModelId = await BaseModelRegistry.LatestIdAsync(connection, job.Model, observer, cancellationToken).ConfigureAwait(false);
        return new UploadedData(training.DatastoreUri, validation?.DatastoreUri, baseModelId);
    }

    /// <summary>
    /// Creates one job of the uploaded data with <paramref name="hyperparameters"/> (wire names), or returns the job of
    /// that name and the same inputs; without <paramref name="name"/> the job is named after its inputs.
    /// </summary>
    public static Task<JobCreation> CreateAsync(PreparedJob job, UploadedData data,
        IReadOnlyDictionary<string, string> hyperparameters, string? name, IReadOnlyDictionary<string, string> tags,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var request = job.Request;
        var jobName = name ?? JobSpec.DefaultName(job.Model, data.TrainingData, data.ValidationData, hyperparameters,
            request.OutputModelName);
        var spec = new JobSpec
        {
            Name = jobName,
            BaseModel = job.Model,
            BaseModelId = data.BaseModelId,
            TrainingData = data.TrainingData,
            ValidationData = data.ValidationData,
            Hyperparameters = hyperparameters,
            OutputModelName = request.OutputModelName ?? jobName,
            DisplayName = request.DisplayName,
            Tags = tags,
        };
        return FineTuneJobs.CreateAsync(request.Connection, spec, observer, cancellationToken);
    }
}
