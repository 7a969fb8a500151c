namespace PhiFineTune.Engine.Datasets;

/// <summary>Whole lines of a dataset file, in a pooled buffer, and the result of checking them once a worker has.</summary>
internal sealed class DatasetChunk(byte[] buffer, int length, long firstLine)
{
    public byte[] Buffer { get; } = buffer;
    public int Length { get; } = length;
    public long FirstLine { get; } = firstLine;
    public TaskCompletionSource<ChunkResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
