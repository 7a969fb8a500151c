using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Fine-tuning jobs and their runs (G.1, G.2); a job that completes registers its model in <see cref="ModelStore"/>.
/// It shares <see cref="EmulatorState"/>'s lock (one lock for all mutable state, <see cref="StoreClock.Lock"/>); every
/// public member takes it.
///
/// Emulator choice (B.4, G.2): the accelerated clock. A job moves in steps of the job step length (fixed when the job
/// is created), counted from its creation:
/// NotStarted (1 step) → Queued (1) → Preparing (1) → Running (<see cref="RunningSteps"/>) → Finalizing (1) → Completed.
/// Cancel: CancelRequested for 1 step, then Canceled. A job whose data fails the check is Failed from the moment it
/// reaches Running. A Completed job registers its output model (B.6), with the completion instant as its creation time.
///
/// Each job stores its state (<see cref="JobEntry.View"/>); only <see cref="AdvanceTo"/> moves it, and only
/// <see cref="StoreClock.AdvanceAll"/> calls that: at the start of every write, and on each tick of
/// <see cref="EmulatorClock"/>, which wakes at the next step boundary of any job that has not ended. Reads render
/// the stored state and change nothing, so a read can lag the wall clock by one tick's latency but never sees a state
/// that was not stored, and the move to Completed and the model's registration happen in the same advance, under
/// the lock: whoever sees Completed also finds the model. The data check reads blobs, which cannot happen under the
/// lock: a job whose check has not run yet stays Preparing (the tick runs the check, records it, then advances the
/// job to Running or Failed); its timeline still uses the nominal step boundaries.
/// </summary>
public sealed class JobStore : IClockedStore
{
    public const int RunningSteps = 8;
    /// <summary>Training steps between two metric points (the Phi asset defaults' logging_steps 10, G.2).</summary>
    public const int LoggingSteps = 10;

    public const string JobType = "Microsoft.MachineLearningServices/workspaces/jobs";

    private readonly StoreClock _clock;
    private readonly ModelStore _models;
    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private long _seq;

    /// <summary>A store that <paramref name="clock"/> moves once it is added to it; completed jobs register into <paramref name="models"/>.</summary>
    public JobStore(StoreClock clock, ModelStore models, WorkspaceStore workspaces)
    {
        _clock = clock;
        _models = models;
        _workspaces = workspaces;
    }

    private readonly WorkspaceStore _workspaces;

    private object Lock => _clock.Lock;

    // Emulator choice: job names are case-sensitive (the spec: "The name and identifier for the Job. This is
    // case-sensitive.").
    private static string JobKey(string ws, string name) => ws.ToLowerInvariant() + "/" + name;

    public void Clear()
    {
        lock (Lock)
        {
            _jobs.Clear();
        }
    }

    /// <summary>Removes every job of a deleted workspace (L.3).</summary>
    public void RemoveWorkspace(string ws)
    {
        lock (Lock)
        {
            foreach (var key in _jobs.Keys.Where(k => k.StartsWith(ws.ToLowerInvariant() + "/", StringComparison.Ordinal)).ToList())
            {
                _jobs.Remove(key);
            }
        }
    }

    // ---- jobs ----

    /// <summary>
    /// PUT. Returns the job and whether it was created. Emulator choice: a PUT to an existing name with the same
    /// fineTuningDetails and outputs returns the existing job unchanged (200); a different one is a 409 Conflict.
    /// </summary>
    public (JsonObject Job, bool Created) CreateOrUpdate(string ws, string name, JsonObject properties, int stepMs)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            if (_jobs.TryGetValue(JobKey(ws, name), out var existing))
            {
                if (JsonNode.DeepEquals(existing.Properties["fineTuningDetails"], properties["fineTuningDetails"])
                    && JsonNode.DeepEquals(existing.Properties["outputs"], properties["outputs"]))
                {
                    return (Render(existing), false);
                }
                // Emulator choice (emulator-defined): the service's answer to changing a job by PUT is not in the contract.
                throw new ArmException(409, "Conflict",
                    $"A job named '{name}' already exists in workspace '{ws}' with a different fineTuningDetails or outputs. " +
                    "A job cannot be changed after it is created; submit it under a new name. (Emulator-defined answer.)");
            }
            var details = properties["fineTuningDetails"]!;
            var entry = new JobEntry(ws, name, properties, now, Math.Max(1, stepMs), ++_seq,
                (string?)details["trainingData"]?["uri"], (string?)details["validationData"]?["uri"]);
            entry.View = Timeline(entry, now);
            _jobs[JobKey(ws, name)] = entry;
            _clock.Wake();
            return (Render(entry), true);
        }
    }

    public JsonObject? GetJob(string ws, string name)
    {
        lock (Lock)
        {
            return _jobs.TryGetValue(JobKey(ws, name), out var e) ? Render(e) : null;
        }
    }

    /// <summary>The workspace's jobs, newest first (Emulator choice).</summary>
    public List<JsonObject> ListJobs(string ws)
    {
        lock (Lock)
        {
            return InWorkspace(ws).OrderByDescending(e => e.Seq).Select(Render).ToList();
        }
    }

    public enum CancelOutcome { NotFound, AlreadyTerminal, Accepted }

    /// <summary>Jobs_Cancel: a job not yet terminal gets CancelRequested now; the operation id names the Location.</summary>
    public (CancelOutcome Outcome, string? OperationId) Cancel(string ws, string name)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            if (!_jobs.TryGetValue(JobKey(ws, name), out var e))
            {
                return (CancelOutcome.NotFound, null);
            }
            if (e.CancelAt is not null)
            {
                // Already cancelling or canceled: the same operation again.
                return (JobStatus.IsTerminal(e.View.Status) ? CancelOutcome.AlreadyTerminal : CancelOutcome.Accepted, e.CancelOperationId);
            }
            if (JobStatus.IsTerminal(e.View.Status))
            {
                return (CancelOutcome.AlreadyTerminal, null);
            }
            e.CancelAt = now;
            e.LastModifiedAt = now;
            e.CancelOperationId = Guid.NewGuid().ToString("N");
            e.View = Timeline(e, now);
            _clock.Wake();
            return (CancelOutcome.Accepted, e.CancelOperationId);
        }
    }

    /// <summary>The cancel operation behind a Location: null if unknown, else whether the job has ended (any terminal status).</summary>
    public bool? CancelDone(string ws, string name, string operationId)
    {
        lock (Lock)
        {
            if (!_jobs.TryGetValue(JobKey(ws, name), out var e) || !string.Equals(e.CancelOperationId, operationId, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            return JobStatus.IsTerminal(e.View.Status);
        }
    }

    /// <summary>Jobs_Delete. The models the job registered stay (they are separate resources).</summary>
    public bool DeleteJob(string ws, string name)
    {
        lock (Lock)
        {
            _clock.AdvanceAll();
            return _jobs.Remove(JobKey(ws, name));
        }
    }

    // ---- the data check (task: a job whose data is bad fails when it reaches Running) ----

    /// <summary>
    /// The clock's part before it advances: checks the data of every job that waits at Running's boundary for its
    /// check, and records the results. Reads blobs outside the lock.
    /// </summary>
    public async Task CheckPendingDataAsync(Func<string, BlobStorage?> blobFor, CancellationToken cancellationToken)
    {
        List<PendingCheck> pending;
        lock (Lock)
        {
            var now = _clock.Time.GetUtcNow();
            pending = _jobs.Where(p => AwaitsCheck(p.Value, now))
                .Select(p => new PendingCheck(p.Key, p.Value.Workspace, p.Value.Name, p.Value.TrainingUri, p.Value.ValidationUri))
                .ToList();
        }
        foreach (var p in pending)
        {
            DataCheckFailure? failure;
            IReadOnlyList<TrainedExample> training = [];
            var blob = blobFor(p.Workspace);
            try
            {
                failure = await JobDataCheck.CheckAsync(blob, "training", p.TrainingUri, cancellationToken)
                    ?? await JobDataCheck.CheckAsync(blob, "validation", p.ValidationUri, cancellationToken);
                if (failure is null)
                {
                    training = await ModelMemory.ReadAsync(blob, p.TrainingUri, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A read error JobDataCheck does not answer itself (e.g. a storage timeout) fails the job: the clock
                // must keep running, and a job that is never checked would wait at Preparing for ever.
                failure = new("DataAccessError", $"The data of job '{p.JobName}' could not be checked: {e.Message}");
            }
            lock (Lock)
            {
                // A job canceled while its check ran is not failed by it.
                if (_jobs.TryGetValue(p.Key, out var e) && !e.Checked && e.CancelAt is null)
                {
                    e.Checked = true;
                    e.Failure = failure;
                    e.Training = training;
                }
            }
        }
    }

    // A job that has reached Running's boundary but whose data has not been checked waits there (stays Preparing).
    private static bool AwaitsCheck(JobEntry e, DateTimeOffset now) => !e.Checked && e.CancelAt is null && now >= e.RunningAt;

    // ---- runs (MLflow G.2, run history G.1) ----

    public RunView? GetRun(string ws, string runId)
    {
        lock (Lock)
        {
            return _jobs.TryGetValue(JobKey(ws, runId), out var e) ? Run(e) : null;
        }
    }

    public List<RunView> ListRuns(string ws)
    {
        lock (Lock)
        {
            return InWorkspace(ws).OrderByDescending(e => e.Seq).Select(Run).ToList();
        }
    }

    private static RunView Run(JobEntry e)
    {
        var t = e.View;
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

    /// <summary>Moves every job that has not ended to <paramref name="now"/> and registers the models of those that complete (under the lock).</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        foreach (var e in _jobs.Values.OrderBy(j => j.Seq))
        {
            if (JobStatus.IsTerminal(e.View.Status) || now < e.AdvancedAt)
            {
                continue;
            }
            e.View = Timeline(e, AwaitsCheck(e, now) ? e.RunningAt - TimeSpan.FromTicks(1) : now);
            e.AdvancedAt = now;
            if (e.View.Status == JobStatus.Completed && !e.ModelRegistered)
            {
                e.ModelRegistered = true;
                _models.Register(e.Workspace, e.Name, e.Properties, e.View.EndTime!.Value, e.Training);
            }
        }
    }

    /// <summary>The next step boundary of any job that has not ended (under the lock).</summary>
    public DateTimeOffset? NextChange()
    {
        DateTimeOffset? next = null;
        foreach (var e in _jobs.Values)
        {
            if (NextChange(e) is DateTimeOffset t && (next is null || t < next))
            {
                next = t;
            }
        }
        return next;
    }

    private static DateTimeOffset? NextChange(JobEntry e)
    {
        if (JobStatus.IsTerminal(e.View.Status))
        {
            return null;
        }
        if (e.CancelAt is DateTimeOffset c)
        {
            return c + e.Step;
        }
        if (AwaitsCheck(e, e.AdvancedAt))
        {
            return e.AdvancedAt; // due now: the tick runs the check
        }
        // Every change (status, metric point) falls on a whole number of steps after creation.
        var steps = (e.AdvancedAt - e.CreatedAt).Ticks / e.Step.Ticks + 1;
        return e.CreatedAt + e.Step * steps;
    }

    /// <summary>Where a job is at <paramref name="at"/>, from its creation, cancel and check result.</summary>
    private static JobTimeline Timeline(JobEntry e, DateTimeOffset at)
    {
        var s = e.Step;
        var queued = e.CreatedAt + s;
        var preparing = e.CreatedAt + 2 * s;
        var running = e.RunningAt;
        var finalizing = running + RunningSteps * s;
        var completed = finalizing + s;
        DateTimeOffset? start = at >= queued ? queued : null;
        DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        if (e.Failure is not null && at >= running && (e.CancelAt is null || e.CancelAt >= running))
        {
            return new(JobStatus.Failed, start, running, running, running, s);
        }
        if (e.CancelAt is DateTimeOffset c)
        {
            if (at >= c + s)
            {
                return new(JobStatus.Canceled, start, c + s, running, Min(c, finalizing), s);
            }
            if (at >= c)
            {
                return new(JobStatus.CancelRequested, start, null, running, Min(c, finalizing), s);
            }
        }
        var status = at < queued ? JobStatus.NotStarted
            : at < preparing ? JobStatus.Queued
            : at < running ? JobStatus.Preparing
            : at < finalizing ? JobStatus.Running
            : at < completed ? JobStatus.Finalizing
            : JobStatus.Completed;
        return new(status, start, status == JobStatus.Completed ? completed : null, running, Min(at, finalizing), s);
    }

    private IEnumerable<JobEntry> InWorkspace(string ws) =>
        _jobs.Values.Where(e => string.Equals(e.Workspace, ws, StringComparison.OrdinalIgnoreCase));

    private JsonObject Render(JobEntry e)
    {
        var properties = (JsonObject)e.Properties.DeepClone();
        properties["status"] = e.View.Status;
        return new JsonObject
        {
            ["id"] = _workspaces.ArmId(e.Workspace) + "/jobs/" + e.Name,
            ["name"] = e.Name,
            ["type"] = JobType,
            ["systemData"] = SystemData.Of(e.CreatedAt, e.LastModifiedAt),
            ["properties"] = properties,
        };
    }
}
