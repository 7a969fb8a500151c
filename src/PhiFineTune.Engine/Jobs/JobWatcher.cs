using System.Diagnostics;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Jobs;

/// <summary>
/// Waits for any number of jobs with at most one request per job per interval (later when the service's Retry-After
/// says so). A running job's polls alternate between the job (its status) and its MLflow run (its loss); when a job
/// ends, the next poll reads its run (times, failure reason) and the job is handed to <c>finished</c>.
/// Cancelling the token stops the wait, never the jobs.
/// </summary>
public static class JobWatcher
{
    const int ActivityId = 4401;
    const int MaxJobBars = 10;

    /// <summary>The notebook polls every 30 s (contract B.4); the emulator's clock runs in fractions of a second.</summary>
    public static TimeSpan DefaultInterval(FineTuneConnection connection) => connection.Clients().Timing.JobPollInterval;

    public static async Task<JobWaitResult> WaitAsync(IReadOnlyList<FineTuneJob> jobs, JobWaitOptions options,
        Action<FineTuneJob> finished, Action<FineTuneException> failed, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var watched = jobs.DistinctBy(j => (j.Connection.ConnectionId, j.Name)).Select(j => new WatchedJob(j)).ToList();
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(options.Parallelism);
        try
        {
            while (true)
            {
                foreach (var done in watched.Where(w => w.Finished && !w.Handed))
                {
                    done.Handed = true;
                    finished(done.Job);
                }
                var active = watched.Where(w => !w.Handed).ToList();
                if (active.Count == 0) return new JobWaitResult([], TimedOut: false);
                if (options.Timeout is { } timeout && clock.Elapsed >= timeout)
                    return new JobWaitResult(active.Select(w => w.Job).ToList(), TimedOut: true);
                Report(watched, clock.Elapsed, observer);

                var now = clock.Elapsed;
                var due = active.Where(w => w.NextPoll <= now).ToList();
                await Task.WhenAll(due.Select(w => PollAsync(w, clock, options, gate, failed, observer, cancellationToken)))
                    .ConfigureAwait(false);

                var next = watched.Where(w => !w.Handed && !w.Finished).Select(w => w.NextPoll).DefaultIfEmpty(clock.Elapsed).Min();
                if (watched.Any(w => w.Finished && !w.Handed)) next = clock.Elapsed;
                if (options.Timeout is { } limit && next > limit) next = limit;
                var delay = next - clock.Elapsed;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            observer.Progress(new OperationProgress(ActivityId, "Waiting for fine-tuning jobs", "Done", Completed: true));
        }
    }

    static async Task PollAsync(WatchedJob watched, Stopwatch clock, JobWaitOptions options, SemaphoreSlim gate,
        Action<FineTuneException> failed, IOperationObserver observer, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var retryAfter = TimeSpan.Zero;
            if (watched.Ended || watched.ReadRunNext)
            {
                var run = await JobRuns.GetAsync(watched.Job.Connection, watched.Job.Name, cancellationToken).ConfigureAwait(false);
                watched.Job = JobRuns.WithRun(watched.Job, run);
                watched.Finished = watched.Ended;
                watched.ReadRunNext = false;
            }
            else
            {
                using var answer = await FineTuneJobs.GetAnswerAsync(watched.Job.Connection, watched.Job.Name, cancellationToken)
                    .ConfigureAwait(false);
                if (answer.Status == 404)
                {
                    watched.Handed = true;
                    failed(new FineTuneException("WaitFineTuneJobNotFound", FailureKind.NotFound,
                        $"The fine-tuning job '{watched.Job.Name}' no longer exists; it was deleted while being waited for.",
                        watched.Job.Name));
                    return;
                }
                var fresh = FineTuneJobs.Read(watched.Job.Connection, answer.Body!.Value);
                if (!string.Equals(fresh.Status, watched.Job.Status, StringComparison.Ordinal))
                    observer.Verbose($"{fresh.Name}: {watched.Job.Status} -> {fresh.Status}" +
                                     (watched.Job.LatestLoss is { } loss ? $" (latest loss {loss:0.####})" : "") + ".");
                watched.Job = fresh with { LatestLoss = watched.Job.LatestLoss, StartedAt = watched.Job.StartedAt };
                watched.Ended = fresh.IsTerminal;
                watched.ReadRunNext = string.Equals(fresh.Status, FineTuneJobStatus.Running, StringComparison.OrdinalIgnoreCase);
                retryAfter = answer.RetryAfter ?? TimeSpan.Zero;
            }
            watched.NextPoll = clock.Elapsed + (retryAfter > options.Interval ? retryAfter : options.Interval);
        }
        catch (FineTuneException e) when (e.Kind is FailureKind.Throttled or FailureKind.ServiceUnavailable or
                                              FailureKind.ConnectionFailed or FailureKind.Timeout)
        {
            // The pipeline has retried already; a long wait outlives a bad minute, so try again next interval.
            observer.Warning($"Polling {watched.Job.Name} failed ({e.Message}); trying again in {options.Interval.TotalSeconds:0.#} s.");
            watched.NextPoll = clock.Elapsed + options.Interval;
        }
        catch (FineTuneException e)
        {
            watched.Handed = true;
            failed(e);
        }
        finally
        {
            gate.Release();
        }
    }

    static void Report(List<WatchedJob> watched, TimeSpan elapsed, IOperationObserver observer)
    {
        var ended = watched.Count(w => w.Handed || w.Finished);
        observer.Progress(new OperationProgress(ActivityId, "Waiting for fine-tuning jobs",
            $"{ended} of {watched.Count} ended, {elapsed:hh\\:mm\\:ss} elapsed", watched.Count == 0 ? 100 : ended * 100 / watched.Count));
        var index = 0;
        foreach (var w in watched)
        {
            var id = ActivityId + 1 + index++;
            if (index > MaxJobBars) break;
            if (w.Handed)
            {
                if (!w.BarClosed) observer.Progress(new OperationProgress(id, w.Job.Name, w.Job.Status, Completed: true, ParentActivityId: ActivityId));
                w.BarClosed = true;
                continue;
            }
            var since = w.Job.StartedAt ?? w.Job.CreatedAt;
            var age = since is { } start ? DateTimeOffset.UtcNow - start : (TimeSpan?)null;
            observer.Progress(new OperationProgress(id, w.Job.Name,
                $"{w.Job.Status}{(age is { } a ? $", {a:hh\\:mm\\:ss}" : "")}{(w.Job.LatestLoss is { } loss ? $", loss {loss:0.####}" : "")}",
                ParentActivityId: ActivityId));
        }
    }
}
