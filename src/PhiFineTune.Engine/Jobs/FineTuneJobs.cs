using System.Globalization;
using System.Text.Json;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Workspaces;

namespace PhiFineTune.Engine.Jobs;

/// <summary>Fine-tuning jobs of the connection's workspace (contract B.2–B.4): create, read, list, cancel.</summary>
public static class FineTuneJobs
{
    public const string ApiVersion = MlWorkspaces.ApiVersion;

    /// <summary>
    /// Creates the job, or returns it when a job of that name with the same inputs exists already, so a retried or
    /// re-run command never makes a second job. A job of that name with other inputs is a Conflict naming them.
    /// </summary>
    public static async Task<JobCreation> CreateAsync(FineTuneConnection connection, JobSpec spec,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        if (await FindAsync(connection, spec.Name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var differences = spec.DifferencesFrom(existing);
            if (differences.Count > 0)
            {
                throw new FineTuneException("JobNameInUse", FailureKind.Conflict,
                    $"A fine-tuning job named '{spec.Name}' exists already with other inputs: {string.Join("; ", differences)}.",
                    spec.Name, "Give another -Name, or leave -Name out to name the job after its inputs.");
            }
            observer.Verbose($"The job '{spec.Name}' exists already with the same inputs; it is returned as it stands.");
            return new JobCreation(existing, Created: false);
        }

        var arm = connection.Clients().Arm;
        observer.Verbose($"Creating fine-tuning job {spec.Name} of {spec.BaseModelId}.");
        using var answer = await arm.PutAsync(arm.Address(JobPath(connection, spec.Name), ApiVersion), spec.ToBody(),
            new ArmCall("NewFineTuneJob", spec.Name), cancellationToken).ConfigureAwait(false);
        return new JobCreation(Read(connection, answer.Body!.Value), Created: true);
    }

    public static async Task<FineTuneJob> GetAsync(FineTuneConnection connection, string name,
        CancellationToken cancellationToken) =>
        await FindAsync(connection, name, cancellationToken).ConfigureAwait(false) ??
        throw new FineTuneException("GetFineTuneJobNotFound", FailureKind.NotFound,
            $"The workspace '{connection.WorkspaceName}' has no fine-tuning job named '{name}'.", name,
            ActionTexts.CheckJobName);

    /// <summary>The job, or null when the workspace has none of that name.</summary>
    public static async Task<FineTuneJob?> FindAsync(FineTuneConnection connection, string name,
        CancellationToken cancellationToken)
    {
        using var answer = await GetAnswerAsync(connection, name, cancellationToken).ConfigureAwait(false);
        return answer.Status == 404 ? null : Read(connection, answer.Body!.Value);
    }

    /// <summary>One GET of the job (404 allowed), with the response's Retry-After for pollers.</summary>
    internal static Task<ArmResponse> GetAnswerAsync(FineTuneConnection connection, string name,
        CancellationToken cancellationToken)
    {
        var arm = connection.Clients().Arm;
        return arm.SendAsync(Azure.Core.RequestMethod.Get, arm.Address(JobPath(connection, AzureIds.JobName(name)), ApiVersion),
            null, new ArmCall("GetFineTuneJob", name), cancellationToken, allowNotFound: true);
    }

    /// <summary>Every fine-tuning job of the workspace, following nextLink (contract C.7, G.1).</summary>
    public static async IAsyncEnumerable<FineTuneJob> ListAsync(FineTuneConnection connection,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var arm = connection.Clients().Arm;
        var first = arm.Address(MlWorkspaces.ResourceId(connection) + "/jobs", ApiVersion, ("jobType", "FineTuning"),
            ("listViewType", "All"));
        await foreach (var job in arm.ListAsync(first, new ArmCall("GetFineTuneJob", connection.WorkspaceName), cancellationToken)
                           .ConfigureAwait(false))
        {
            if (IsFineTuning(job)) yield return Read(connection, job);
        }
    }

    /// <summary>Asks the service to cancel the job (contract B.4); the job passes through CancelRequested.</summary>
    public static async Task CancelAsync(FineTuneConnection connection, string name, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var arm = connection.Clients().Arm;
        using var _ = await arm.PostAsync(arm.Address(JobPath(connection, AzureIds.JobName(name)) + "/cancel", ApiVersion), null,
            new ArmCall("StopFineTuneJob", name), cancellationToken).ConfigureAwait(false);
    }

    static string JobPath(FineTuneConnection connection, string name) =>
        MlWorkspaces.ResourceId(connection) + "/jobs/" + Uri.EscapeDataString(name);

    static bool IsFineTuning(JsonElement job) =>
        job.TryGetProperty("properties", out var p) && JsonRead.String(p, "jobType") is "FineTuning";

    /// <summary>A JobBaseResource (contract B.3) as a FineTuneJob.</summary>
    internal static FineTuneJob Read(FineTuneConnection connection, JsonElement job)
    {
        var properties = JsonRead.Object(job, "properties");
        var details = JsonRead.Object(properties, "fineTuningDetails");
        var hyperparameters = StringMap(JsonRead.Object(details, "hyperParameters"));
        var baseModelId = JsonRead.String(JsonRead.Object(details, "model"), "uri");
        var systemData = JsonRead.Object(job, "systemData");
        return new FineTuneJob
        {
            Name = JsonRead.String(job, "name") ?? "",
            Status = JsonRead.String(properties, "status") ?? "Unknown",
            DisplayName = JsonRead.String(properties, "displayName"),
            BaseModel = BaseModelName(baseModelId),
            BaseModelId = baseModelId,
            TrainingData = JsonRead.String(JsonRead.Object(details, "trainingData"), "uri"),
            ValidationData = JsonRead.String(JsonRead.Object(details, "validationData"), "uri"),
            Hyperparameters = hyperparameters,
            Epochs = Int(hyperparameters, Hyperparameters.EpochsWire),
            BatchSize = Int(hyperparameters, Hyperparameters.BatchSizeWire),
            LearningRate = hyperparameters.TryGetValue(Hyperparameters.LearningRateWire, out var rate) &&
                           double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : null,
            OutputModelName = JsonRead.String(JsonRead.Object(JsonRead.Object(properties, "outputs"), "registered_model"), "assetName"),
            Tags = StringMap(JsonRead.Object(properties, "tags")),
            CreatedAt = JsonRead.Time(systemData, "createdAt"),
            LastModifiedAt = JsonRead.Time(systemData, "lastModifiedAt"),
            StudioUrl = JsonRead.String(JsonRead.Object(JsonRead.Object(properties, "services"), "Studio"), "endpoint"),
            ResourceId = JsonRead.String(job, "id") ?? "",
            CheckedAt = DateTimeOffset.UtcNow,
            Connection = connection,
        };
    }

    /// <summary>azureml://registries/azureml/models/{name}/versions/{v} → name.</summary>
    internal static string? BaseModelName(string? registryId)
    {
        if (registryId is null) return null;
        var parts = registryId.Split('/');
        var models = Array.IndexOf(parts, "models");
        return models >= 0 && models + 1 < parts.Length ? parts[models + 1] : registryId;
    }

    static int? Int(IReadOnlyDictionary<string, string> map, string key) =>
        map.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    static Dictionary<string, string> StringMap(JsonElement element)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object) return map;
        foreach (var property in element.EnumerateObject())
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        return map;
    }
}
