using System.Globalization;
using System.Text.Json.Nodes;
using Azure;

namespace PhiFineTune.Emulator;

/// <summary>JobStatus values the emulator uses (contract B.4).</summary>
public static class JobStatus
{
    public const string NotStarted = "NotStarted";
    public const string Queued = "Queued";
    public const string Preparing = "Preparing";
    public const string Running = "Running";
    public const string Finalizing = "Finalizing";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string CancelRequested = "CancelRequested";
    public const string Canceled = "Canceled";

    public static bool IsTerminal(string status) => status is Completed or Failed or Canceled;
}

/// <summary>Where a job is at one instant, worked out from the clock (see <see cref="JobStore"/>).</summary>
/// <param name="StartTime">When it was queued (G.2: Azure ML's start_time), once it has been.</param>
/// <param name="EndTime">When it reached its terminal status, if it has.</param>
/// <param name="MetricsUntil">Metric points logged at or before this instant exist.</param>
public sealed record JobTimeline(string Status, DateTimeOffset? StartTime, DateTimeOffset? EndTime, DateTimeOffset RunningAt,
    DateTimeOffset MetricsUntil, TimeSpan Step);

/// <summary>One MLflow metric point (G.2): timestamp in Unix milliseconds.</summary>
public sealed record MetricPoint(string Key, double Value, long Timestamp, long Step);

/// <summary>What MLflow and run history show for a job: its run (run id = job name, G.1).</summary>
public sealed record RunView(string Workspace, string RunId, string ExperimentName, JsonObject JobProperties, JobTimeline Timeline,
    IReadOnlyList<MetricPoint> Metrics, DataCheckFailure? Error);

/// <summary>A job that has reached Running and whose data has not been checked yet; checked outside the lock.</summary>
public sealed record PendingCheck(string Key, string JobName, string? TrainingUri, string? ValidationUri);

/// <summary>
/// Fine-tuning jobs and the workspace models they register. It shares <see cref="EmulatorState"/>'s lock (one lock
/// for all mutable state); every public member takes it.
///
/// Emulator choice (B.4, G.2): the accelerated clock. A job's status is computed on read from the time since its
/// creation, in steps of the job step length (fixed when the job is created); no timer runs:
/// NotStarted (1 step) → Queued (1) → Preparing (1) → Running (<see cref="RunningSteps"/>) → Finalizing (1) → Completed.
/// Cancel: CancelRequested for 1 step, then Canceled. A job whose data fails the check is Failed from the moment it
/// reaches Running. A Completed job registers its output model (B.6) the first time anything is read after it completed,
/// with the completion instant as the model's creation time.
/// </summary>
public sealed class JobStore
{
    public const int RunningSteps = 8;
    /// <summary>Training steps between two metric points (the Phi asset defaults' logging_steps 10, G.2).</summary>
    public const int LoggingSteps = 10;

    public const string JobType = "Microsoft.MachineLearningServices/workspaces/jobs";
    public const string ModelType = "Microsoft.MachineLearningServices/workspaces/models";
    public const string ModelVersionType = "Microsoft.MachineLearningServices/workspaces/models/versions";

    private readonly object _lock;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelEntry> _models = new(StringComparer.OrdinalIgnoreCase);
    private long _seq;

    public JobStore(object sharedLock, TimeProvider time)
    {
        _lock = sharedLock;
        _time = time;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    // Emulator choice: job names are case-sensitive (the spec: "The name and identifier for the Job. This is
    // case-sensitive."); model names match case-insensitively, as ARM names do.
    private static string JobKey(string ws, string name) => ws.ToLowerInvariant() + "/" + name;
    private static string ModelKey(string ws, string name) => ws.ToLowerInvariant() + "/" + name;

    public void Clear()
    {
        lock (_lock)
        {
            _jobs.Clear();
            _models.Clear();
        }
    }

    // ---- jobs ----

    /// <summary>
    /// PUT. Returns the job and whether it was created. Emulator choice: a PUT to an existing name with the same
    /// fineTuningDetails and outputs returns the existing job unchanged (200); a different one is a 409 Conflict.
    /// </summary>
    public (JsonObject Job, bool Created) CreateOrUpdate(string ws, string name, JsonObject properties, int stepMs)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            if (_jobs.TryGetValue(JobKey(ws, name), out var existing))
            {
                if (JsonNode.DeepEquals(existing.Properties["fineTuningDetails"], properties["fineTuningDetails"])
                    && JsonNode.DeepEquals(existing.Properties["outputs"], properties["outputs"]))
                {
                    return (Render(existing, now), false);
                }
                // Emulator choice (emulator-defined): the service's answer to changing a job by PUT is not in the contract.
                throw new ArmException(409, "Conflict",
                    $"A job named '{name}' already exists in workspace '{ws}' with a different fineTuningDetails or outputs. " +
                    "A job cannot be changed after it is created; submit it under a new name. (Emulator-defined answer.)");
            }
            var details = properties["fineTuningDetails"]!;
            var entry = new JobEntry(ws, name, properties, now, Math.Max(1, stepMs), ++_seq,
                (string?)details["trainingData"]?["uri"], (string?)details["validationData"]?["uri"]);
            _jobs[JobKey(ws, name)] = entry;
            return (Render(entry, now), true);
        }
    }

    public JsonObject? GetJob(string ws, string name)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            return _jobs.TryGetValue(JobKey(ws, name), out var e) ? Render(e, now) : null;
        }
    }

    /// <summary>The workspace's jobs, newest first (Emulator choice).</summary>
    public List<JsonObject> ListJobs(string ws)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            return InWorkspace(ws).OrderByDescending(e => e.Seq).Select(e => Render(e, now)).ToList();
        }
    }

    public enum CancelOutcome { NotFound, AlreadyTerminal, Accepted }

    /// <summary>Jobs_Cancel: a job not yet terminal gets CancelRequested now; the operation id names the Location.</summary>
    public (CancelOutcome Outcome, string? OperationId) Cancel(string ws, string name)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            if (!_jobs.TryGetValue(JobKey(ws, name), out var e))
            {
                return (CancelOutcome.NotFound, null);
            }
            if (e.CancelAt is not null)
            {
                // Already cancelling or canceled: the same operation again.
                return (Timeline(e, now).Status == JobStatus.CancelRequested ? CancelOutcome.Accepted : CancelOutcome.AlreadyTerminal, e.CancelOperationId);
            }
            if (JobStatus.IsTerminal(Timeline(e, now).Status))
            {
                return (CancelOutcome.AlreadyTerminal, null);
            }
            e.CancelAt = now;
            e.LastModifiedAt = now;
            e.CancelOperationId = Guid.NewGuid().ToString("N");
            return (CancelOutcome.Accepted, e.CancelOperationId);
        }
    }

    /// <summary>The cancel operation behind a Location: null if unknown, else whether the job is Canceled.</summary>
    public bool? CancelDone(string ws, string name, string operationId)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            if (!_jobs.TryGetValue(JobKey(ws, name), out var e) || !string.Equals(e.CancelOperationId, operationId, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            return Timeline(e, now).Status == JobStatus.Canceled;
        }
    }

    /// <summary>Jobs_Delete. The models the job registered stay (they are separate resources).</summary>
    public bool DeleteJob(string ws, string name)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _jobs.Remove(JobKey(ws, name));
        }
    }

    // ---- the data check (task: a job whose data is bad fails when it reaches Running) ----

    /// <summary>
    /// Checks the data of every job that has reached Running since the last call, then registers the models of the
    /// jobs that have completed. Reads blobs outside the lock. Route handlers call it before they read jobs or models.
    /// </summary>
    public async Task SettleAsync(BlobStorage? blob, CancellationToken cancellationToken)
    {
        List<PendingCheck> pending;
        lock (_lock)
        {
            var now = Now;
            pending = _jobs.Where(p => !p.Value.Checked && now >= p.Value.RunningAt && (p.Value.CancelAt is null || p.Value.CancelAt >= p.Value.RunningAt))
                .Select(p => new PendingCheck(p.Key, p.Value.Name, p.Value.TrainingUri, p.Value.ValidationUri))
                .ToList();
        }
        foreach (var p in pending)
        {
            var failure = await JobDataCheck.CheckAsync(blob, "training", p.TrainingUri, cancellationToken)
                ?? await JobDataCheck.CheckAsync(blob, "validation", p.ValidationUri, cancellationToken);
            lock (_lock)
            {
                if (_jobs.TryGetValue(p.Key, out var e) && !e.Checked)
                {
                    e.Checked = true;
                    e.Failure = failure;
                }
            }
        }
        lock (_lock)
        {
            RegisterCompleted(Now);
        }
    }

    // ---- runs (MLflow G.2, run history G.1) ----

    public RunView? GetRun(string ws, string runId)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            return _jobs.TryGetValue(JobKey(ws, runId), out var e) ? Run(e, now) : null;
        }
    }

    public List<RunView> ListRuns(string ws)
    {
        lock (_lock)
        {
            var now = Now;
            RegisterCompleted(now);
            return InWorkspace(ws).OrderByDescending(e => e.Seq).Select(e => Run(e, now)).ToList();
        }
    }

    private RunView Run(JobEntry e, DateTimeOffset now)
    {
        var t = Timeline(e, now);
        return new RunView(e.Workspace, e.Name, (string?)e.Properties["experimentName"] ?? "Default",
            (JsonObject)e.Properties.DeepClone(), t, Metrics(e, t), t.Status == JobStatus.Failed ? e.Failure : null);
    }

    /// <summary>
    /// Emulator choice (G.2): "loss", and "eval_loss" when the job has validation data, one point per step length
    /// while Running, at training steps 10, 20, …; values decrease from a start seeded by the job name.
    /// </summary>
    private static List<MetricPoint> Metrics(JobEntry e, JobTimeline t)
    {
        var points = new List<MetricPoint>();
        var seed = Fnv1a(e.Name);
        var start = 1.5 + seed % 1000 / 1000.0;
        var floor = 0.2 + seed / 1000 % 300 / 1000.0;
        var rate = 0.2 + seed / 300000 % 200 / 1000.0;
        for (var i = 1; i <= RunningSteps; i++)
        {
            var at = t.RunningAt + t.Step * i;
            if (at > t.MetricsUntil)
            {
                break;
            }
            var loss = Math.Round(floor + (start - floor) * Math.Exp(-rate * i), 6);
            var ms = at.ToUnixTimeMilliseconds();
            points.Add(new MetricPoint("loss", loss, ms, i * LoggingSteps));
            if (e.ValidationUri is not null)
            {
                points.Add(new MetricPoint("eval_loss", Math.Round(loss * 1.05 + 0.03, 6), ms, i * LoggingSteps));
            }
        }
        return points;
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    // ---- the clock ----

    public static JobTimeline Timeline(JobEntry e, DateTimeOffset now)
    {
        var s = TimeSpan.FromMilliseconds(e.StepMs);
        var queued = e.CreatedAt + s;
        var preparing = e.CreatedAt + 2 * s;
        var running = e.RunningAt;
        var finalizing = running + RunningSteps * s;
        var completed = finalizing + s;
        DateTimeOffset? start = now >= queued ? queued : null;
        DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        if (e.Failure is not null && now >= running && (e.CancelAt is null || e.CancelAt >= running))
        {
            return new(JobStatus.Failed, start, running, running, running, s);
        }
        if (e.CancelAt is DateTimeOffset c)
        {
            if (now >= c + s)
            {
                return new(JobStatus.Canceled, start, c + s, running, Min(c, finalizing), s);
            }
            if (now >= c)
            {
                return new(JobStatus.CancelRequested, start, null, running, Min(c, finalizing), s);
            }
        }
        var status = now < queued ? JobStatus.NotStarted
            : now < preparing ? JobStatus.Queued
            : now < running ? JobStatus.Preparing
            : now < finalizing ? JobStatus.Running
            : now < completed ? JobStatus.Finalizing
            : JobStatus.Completed;
        return new(status, start, status == JobStatus.Completed ? completed : null, running, Min(now, finalizing), s);
    }

    private IEnumerable<JobEntry> InWorkspace(string ws) =>
        _jobs.Values.Where(e => string.Equals(e.Workspace, ws, StringComparison.OrdinalIgnoreCase));

    private JsonObject Render(JobEntry e, DateTimeOffset now)
    {
        var properties = (JsonObject)e.Properties.DeepClone();
        properties["status"] = Timeline(e, now).Status;
        return new JsonObject
        {
            ["id"] = SeedState.WorkspaceArmId(e.Workspace) + "/jobs/" + e.Name,
            ["name"] = e.Name,
            ["type"] = JobType,
            ["systemData"] = SystemData(e.CreatedAt, e.LastModifiedAt),
            ["properties"] = properties,
        };
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject SystemData(DateTimeOffset created, DateTimeOffset modified) => new()
    {
        ["createdAt"] = Iso(created),
        ["createdBy"] = SeedState.EmulatorUserName,
        ["createdByType"] = "User",
        ["lastModifiedAt"] = Iso(modified),
        ["lastModifiedBy"] = SeedState.EmulatorUserName,
        ["lastModifiedByType"] = "User",
    };

    // ---- workspace models (B.6) ----

    /// <summary>Registers the output model of every job that has completed and has not registered it yet (under the lock).</summary>
    private void RegisterCompleted(DateTimeOffset now)
    {
        foreach (var e in _jobs.Values.Where(j => !j.ModelRegistered).OrderBy(j => j.Seq))
        {
            var t = Timeline(e, now);
            if (t.Status != JobStatus.Completed)
            {
                continue;
            }
            e.ModelRegistered = true;
            var output = e.Properties["outputs"]?["registered_model"];
            // Emulator choice: without an assetName the model is named after the job.
            var name = (string?)output?["assetName"] ?? e.Name;
            var at = t.EndTime!.Value;
            if (!_models.TryGetValue(ModelKey(e.Workspace, name), out var model))
            {
                model = new ModelEntry(e.Workspace, name, at, ++_seq);
                _models[ModelKey(e.Workspace, name)] = model;
            }
            var version = model.NextVersion++.ToString(CultureInfo.InvariantCulture);
            var baseModelId = (string?)e.Properties["fineTuningDetails"]?["model"]?["uri"] ?? "";
            // Emulator choice (F.2, B.6): the properties the Azure ML fine-tuning registration component sets; the
            // modelUri and flavors are made up (no source shows them for a fine-tuned Phi model).
            model.Versions.Add(new ModelVersionEntry(version, at, new JsonObject
            {
                ["description"] = $"Fine-tuned from {baseModelId} by job {e.Name}.",
                ["tags"] = new JsonObject(),
                ["properties"] = new JsonObject
                {
                    ["baseModelId"] = baseModelId,
                    ["baseWeightsId"] = RegistryBaseName(baseModelId),
                    ["baseModelWeightsVersion"] = "1.0",
                    ["hasDeltaWeights"] = "true",
                    ["maas-finetuning"] = "true",
                    ["finetuning-task"] = (string?)e.Properties["fineTuningDetails"]?["taskType"] ?? "",
                },
                ["isAnonymous"] = false,
                ["isArchived"] = false,
                ["flavors"] = new JsonObject
                {
                    ["python_function"] = new JsonObject { ["data"] = new JsonObject { ["loader_module"] = "mlflow.transformers" } },
                    ["transformers"] = new JsonObject { ["data"] = new JsonObject { ["task"] = "chat-completion" } },
                },
                ["jobName"] = e.Name,
                ["modelType"] = "mlflow_model",
                ["modelUri"] = $"azureml://jobs/{e.Name}/outputs/registered_model",
                ["provisioningState"] = "Succeeded",
            }));
        }
    }

    private static string RegistryBaseName(string uri)
    {
        var parts = uri.Split('/');
        var i = Array.IndexOf(parts, "models");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : uri;
    }

    /// <summary>Model containers, newest first.</summary>
    public List<JsonObject> ListModels(string ws)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.Values.Where(m => string.Equals(m.Workspace, ws, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.Seq).Select(RenderModel).ToList();
        }
    }

    public JsonObject? GetModel(string ws, string name)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.TryGetValue(ModelKey(ws, name), out var m) ? RenderModel(m) : null;
        }
    }

    // B.9: the 409 for a model that is deployed is checked by EmulatorState.DeleteModel, under the same lock, before this.
    public bool DeleteModel(string ws, string name)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.Remove(ModelKey(ws, name));
        }
    }

    /// <summary>Versions of a model, newest first; null when the container does not exist.</summary>
    public List<JsonObject>? ListVersions(string ws, string name)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.TryGetValue(ModelKey(ws, name), out var m)
                ? Enumerable.Reverse(m.Versions).Select(v => RenderVersion(m, v)).ToList()
                : null;
        }
    }

    public JsonObject? GetVersion(string ws, string name, string version)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v ? RenderVersion(m, v) : null;
        }
    }

    // Same B.9 note as DeleteModel (EmulatorState.DeleteModelVersion). Emulator choice: deleting the last version leaves the (empty) container.
    public bool DeleteVersion(string ws, string name, string version)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v && m.Versions.Remove(v);
        }
    }

    /// <summary>The stored spelling of a model name and version if that version exists; null otherwise.</summary>
    public (string Name, string Version)? FindVersion(string ws, string name, string version)
    {
        lock (_lock)
        {
            RegisterCompleted(Now);
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v ? (m.Name, v.Version) : null;
        }
    }

    private static JsonObject RenderModel(ModelEntry m)
    {
        var latest = m.Versions.LastOrDefault();
        var properties = new JsonObject
        {
            ["description"] = null,
            ["tags"] = new JsonObject(),
            ["properties"] = new JsonObject(),
            ["isArchived"] = false,
            ["latestVersion"] = latest?.Version,
            ["nextVersion"] = m.NextVersion.ToString(CultureInfo.InvariantCulture),
            ["provisioningState"] = "Succeeded",
        };
        return new JsonObject
        {
            ["id"] = SeedState.WorkspaceArmId(m.Workspace) + "/models/" + m.Name,
            ["name"] = m.Name,
            ["type"] = ModelType,
            ["systemData"] = SystemData(m.CreatedAt, latest?.CreatedAt ?? m.CreatedAt),
            ["properties"] = properties,
        };
    }

    private static JsonObject RenderVersion(ModelEntry m, ModelVersionEntry v) => new()
    {
        ["id"] = SeedState.WorkspaceArmId(m.Workspace) + "/models/" + m.Name + "/versions/" + v.Version,
        ["name"] = v.Version,
        ["type"] = ModelVersionType,
        ["systemData"] = SystemData(v.CreatedAt, v.CreatedAt),
        ["properties"] = v.Properties.DeepClone(),
    };

    // ---- entries (mutated under the lock only) ----

    public sealed class JobEntry(string workspace, string name, JsonObject properties, DateTimeOffset createdAt, int stepMs, long seq,
        string? trainingUri, string? validationUri)
    {
        public string Workspace { get; } = workspace;
        public string Name { get; } = name;
        public JsonObject Properties { get; } = properties;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public int StepMs { get; } = stepMs;
        public long Seq { get; } = seq;
        public string? TrainingUri { get; } = trainingUri;
        public string? ValidationUri { get; } = validationUri;
        public DateTimeOffset RunningAt => CreatedAt + TimeSpan.FromMilliseconds(StepMs) * 3;
        public DateTimeOffset LastModifiedAt { get; set; } = createdAt;
        public DateTimeOffset? CancelAt { get; set; }
        public string? CancelOperationId { get; set; }
        public bool Checked { get; set; }
        public DataCheckFailure? Failure { get; set; }
        public bool ModelRegistered { get; set; }
    }

    private sealed class ModelEntry(string workspace, string name, DateTimeOffset createdAt, long seq)
    {
        public string Workspace { get; } = workspace;
        public string Name { get; } = name;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public long Seq { get; } = seq;
        public int NextVersion { get; set; } = 1;
        public List<ModelVersionEntry> Versions { get; } = new();
        public ModelVersionEntry? Find(string version) => Versions.FirstOrDefault(v => v.Version == version);
    }

    private sealed record ModelVersionEntry(string Version, DateTimeOffset CreatedAt, JsonObject Properties);
}

/// <summary>
/// Reads a job input and runs <see cref="TrainingDataCheck"/> on it.
/// Emulator choice (how to make a job fail): a data uri that contains <see cref="FailMarker"/> fails the job without
/// any storage; otherwise, when the emulator has blob storage and the uri is a workspaceblobstore datastore path, the
/// blob is read and checked (a missing blob fails the job); any other uri, or no blob storage, passes.
/// </summary>
public static class JobDataCheck
{
    public const string FailMarker = "emulator-fail";
    public const string DatastorePrefix = "azureml://datastores/workspaceblobstore/paths/";

    public static async Task<DataCheckFailure?> CheckAsync(BlobStorage? blob, string what, string? uri, CancellationToken cancellationToken)
    {
        if (uri is null)
        {
            return null;
        }
        var prefix = what == "validation" ? "Validation" : "Training";
        if (uri.Contains(FailMarker, StringComparison.OrdinalIgnoreCase))
        {
            return new($"Invalid{prefix}Data", $"The {what} data '{uri}' is invalid: it contains the emulator's failure marker '{FailMarker}'.");
        }
        if (blob is null || !uri.StartsWith(DatastorePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var path = Uri.UnescapeDataString(uri[DatastorePrefix.Length..]);
        try
        {
            var response = await blob.Container().GetBlobClient(path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = response.Value.Content;
            return await TrainingDataCheck.CheckAsync(content, what, path, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new($"{prefix}DataNotFound", $"The {what} data '{uri}' was not found: datastore workspaceblobstore has no blob '{path}'.");
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            return new("DataAccessError", $"The {what} data '{uri}' could not be read: {e.Message}");
        }
    }
}
