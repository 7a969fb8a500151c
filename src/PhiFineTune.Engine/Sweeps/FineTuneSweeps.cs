using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Storage;

namespace PhiFineTune.Engine.Sweeps;

/// <summary>
/// Hyperparameter sweeps: a grid of fine-tuning jobs over one data set, checked and uploaded once, each job named
/// after its inputs (so a re-run makes no second job) and tagged with the sweep's name (so the sweep can be found).
/// Two steps, as for one job, so that -WhatIf stops between them.
/// </summary>
public static class FineTuneSweeps
{
    /// <summary>
    /// Checks every job's hyperparameters against the model's ranges before anything else, then the data once (and
    /// splits it), and counts each job's billed tokens. Nothing is sent.
    /// </summary>
    public static async Task<PreparedSweep> PrepareAsync(SweepRequest request, Action<DatasetIssue> report,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var model = BaseModelCatalog.Resolve(request.Model);
        if (request.Name is { } given && string.IsNullOrWhiteSpace(given))
        {
            throw new FineTuneException("InvalidSweepName", FailureKind.InvalidArgument, "-Name: a sweep's name cannot be blank.",
                "Name", "Give a name, or leave -Name out to name the sweep after its inputs.");
        }
        var grid = SweepGrid.Expand(request.Epochs, request.LearningRates, request.BatchSizes);
        var chosen = request.MaxJobs is { } max ? SweepGrid.Sample(grid, max, request.Seed) : grid;
        var wires = chosen.Select(point => Hyperparameters.ToWire(model, point)).ToList();

        var data = await JobSubmission.PrepareAsync(request.ToJobRequest(), report, observer, cancellationToken).ConfigureAwait(false);
        try
        {
            var tokens = await TrainingReportAsync(data, observer, cancellationToken).ConfigureAwait(false);
            var perEpoch = tokens.EstimatedBilledTokens is { } billed && tokens.Epochs > 0 ? billed / tokens.Epochs : (long?)null;
            var standardEpochs = (int)(model.Hyperparameters.FirstOrDefault(h => h.WireName == Hyperparameters.EpochsWire)?.Default ?? 1);
            var jobs = chosen.Select((point, i) =>
            {
                var epochs = point.Epochs ?? standardEpochs;
                return new SweepJobPlan(point, wires[i], epochs, perEpoch * epochs);
            }).ToList();
            var name = request.Name ?? await DefaultNameAsync(model, request, wires, cancellationToken).ConfigureAwait(false);
            return new PreparedSweep(name.Trim(), data, jobs, perEpoch, tokens.TokenCountIsExact);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Uploads the data once and creates each job in turn, or finds it: a job of the same inputs exists already when an
    /// earlier run made it. A failure stops the sweep; the jobs made so far stay, and running it again completes it.
    /// </summary>
    public static async Task<IReadOnlyList<JobCreation>> SubmitAsync(PreparedSweep sweep, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var data = await JobSubmission.UploadAsync(sweep.Data, observer, cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(sweep.Data.Request.Tags, StringComparer.Ordinal) { [FineTuneSweep.TagName] = sweep.Name };
        var jobs = new List<JobCreation>();
        foreach (var plan in sweep.Jobs)
        {
            observer.Verbose($"Sweep '{sweep.Name}': job {jobs.Count + 1} of {sweep.Jobs.Count}, {plan.Describe()}.");
            jobs.Add(await JobSubmission.CreateAsync(sweep.Data, data, plan.Wire, null, tags, observer, cancellationToken)
                .ConfigureAwait(false));
        }
        return jobs;
    }

    /// <summary>The sweeps of the workspace, from its jobs' sweep tag, oldest first; only those <paramref name="matches"/> accepts.</summary>
    public static async Task<IReadOnlyList<FineTuneSweep>> ListAsync(FineTuneConnection connection, Func<string, bool>? matches,
        CancellationToken cancellationToken)
    {
        var tagged = new List<FineTuneJob>();
        await foreach (var job in FineTuneJobs.ListAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            if (job.Tags.TryGetValue(FineTuneSweep.TagName, out var sweep) && (matches is null || matches(sweep))) tagged.Add(job);
        }
        return Group(connection, tagged);
    }

    /// <summary>Jobs grouped into sweeps by their sweep tag; each sweep's jobs oldest first, the sweeps by their first job.</summary>
    public static IReadOnlyList<FineTuneSweep> Group(FineTuneConnection connection, IEnumerable<FineTuneJob> jobs) =>
        jobs.Where(j => j.Tags.ContainsKey(FineTuneSweep.TagName))
            .GroupBy(j => j.Tags[FineTuneSweep.TagName], StringComparer.Ordinal)
            .Select(g =>
            {
                var members = g.OrderBy(j => j.CreatedAt).ThenBy(j => j.Name, StringComparer.Ordinal).ToList();
                return new FineTuneSweep
                {
                    Name = g.Key,
                    BaseModel = members[0].BaseModel,
                    JobCount = members.Count,
                    Completed = members.Count(j => Is(j, FineTuneJobStatus.Completed)),
                    Active = members.Count(j => !j.IsTerminal),
                    Failed = members.Count(j => Is(j, FineTuneJobStatus.Failed) || Is(j, FineTuneJobStatus.Canceled)),
                    CreatedAt = members[0].CreatedAt,
                    Jobs = members,
                    Connection = connection,
                };
            })
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

    static bool Is(FineTuneJob job, string status) => string.Equals(job.Status, status, StringComparison.OrdinalIgnoreCase);

    // The billed tokens come from the training data that is sent: the split's training part when the file was split.
    static async Task<DatasetReport> TrainingReportAsync(PreparedJob data, IOperationObserver observer, CancellationToken cancellationToken) =>
        data.Request.ValidationPercent is null && data.Reports.Count > 0
            ? data.Reports[0]
            : await DatasetValidator.CheckAsync(data.TrainingFile, new DatasetCheckOptions { Model = data.Model }, _ => { },
                observer, cancellationToken).ConfigureAwait(false);

    /// <summary>The model and a hash of the data's content, the split and the jobs' hyperparameters.</summary>
    static async Task<string> DefaultNameAsync(FineTuneBaseModel model, SweepRequest request,
        IEnumerable<IReadOnlyDictionary<string, string>> wires, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(model.Name);
        text.Append('\n').Append((await ContentHash.ComputeAsync(request.TrainingFile, cancellationToken).ConfigureAwait(false)).Md5Hex);
        if (request.ValidationFile is not null)
            text.Append('\n').Append((await ContentHash.ComputeAsync(request.ValidationFile, cancellationToken).ConfigureAwait(false)).Md5Hex);
        if (request.ValidationPercent is { } percent)
            text.Append('\n').Append(percent.ToString("R", CultureInfo.InvariantCulture)).Append('/').Append(request.Seed);
        foreach (var wire in wires)
            text.Append('\n').AppendJoin(',', wire.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8].ToLowerInvariant();
        return $"{model.Name.Replace('.', '-').ToLowerInvariant()}-sweep-{hash}";
    }
}
