namespace PhiFineTune.Engine.Storage;

/// <summary>Turns the blob SDK's byte counts into one progress report per whole percent.</summary>
internal sealed class UploadProgress(IOperationObserver observer, string fileName, long length) : IProgress<long>
{
    readonly object _lock = new();
    int _lastPercent = -1;

    public void Report(long bytes)
    {
        var percent = length == 0 ? 100 : (int)Math.Min(100, bytes * 100 / length);
        // Blocks finish out of order on several threads, so counts can arrive late: report only forward steps, and
        // report them under the lock, so that two threads cannot hand the observer their steps in the wrong order.
        lock (_lock)
        {
            if (percent <= _lastPercent) return;
            _lastPercent = percent;
            observer.Progress(new OperationProgress(DatasetUploader.ProgressActivityId, $"Uploading {fileName}",
                $"{bytes / 1048576.0:0.0} of {length / 1048576.0:0.0} MB", percent));
        }
    }

    public void Complete() => observer.Progress(new OperationProgress(DatasetUploader.ProgressActivityId,
        $"Uploading {fileName}", "Done", 100, Completed: true));
}
