using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PhiFineTune.Engine.Tokens;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// Streams a JSONL file through the chat-format checks in fixed-size chunks of whole lines, checked in parallel
/// and merged in file order, so memory stays flat whatever the file's size and issues come out in line order.
/// </summary>
public static class DatasetValidator
{
    /// <summary>Files must be under 512 MB (contract B.10; foundry-finetuning contract 5).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;
    /// <summary>A job does not proceed with fewer than 10 training examples (foundry-finetuning contract 5).</summary>
    public const int MinExamples = 10;
    /// <summary>
    /// Exact duplicates are tracked for this many examples (about 14 MB of hashes at most), so memory stays bounded
    /// for any file; past it the report's basis says how far the check went.
    /// </summary>
    public const int MaxTrackedExamples = 1_000_000;

    // 1 MB chunks keep (workers + 2) chunks in flight to a few MB: bigger ones bought no speed (docs/benchmarks.md).
    const int ChunkBytes = 1024 * 1024;
    const int ActivityId = 4301;

    public static async Task<DatasetReport> CheckAsync(string path, DatasetCheckOptions options, Action<DatasetIssue> report,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var model = options.Model;
        var file = new FileInfo(path);
        var merged = new ChunkMerger(path, options, report);
        if (!file.Exists)
        {
            merged.FileError(DatasetIssueCategory.FileNotFound,
                Directory.Exists(path) ? $"'{path}' is a folder, not a file." : $"The file '{path}' does not exist.");
            return merged.ToReport(0, null, new List<string>(), watch.Elapsed);
        }
        if (file.Length >= MaxFileBytes)
        {
            merged.FileError(DatasetIssueCategory.FileTooLarge,
                $"The file is {file.Length / (1024.0 * 1024):0.#} MB; the service takes files under 512 MB. Split it or sample it.");
        }

        var counter = options.CountTokens ? await Task.Run(() => new TokenCounter(model.Tokenizer), cancellationToken).ConfigureAwait(false) : null;
        var workers = Math.Max(1, options.Workers);
        var inFlight = new SemaphoreSlim(workers + 2);
        var work = Channel.CreateUnbounded<DatasetChunk>(new UnboundedChannelOptions { SingleWriter = true });
        var ordered = Channel.CreateUnbounded<DatasetChunk>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });

        // Stops the reader and the workers when the merge ends early (a failure or Ctrl+C).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readTask = Task.Run(() => ReadChunksAsync(path, inFlight, work.Writer, ordered.Writer, stop.Token), stop.Token);
        var workerTasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var checker = new LineChecker(model, counter, options.UseFastLane);
            await foreach (var chunk in work.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                try
                {
                    chunk.Result.SetResult(CheckChunk(path, chunk, checker, options));
                }
                catch (Exception e)
                {
                    chunk.Result.SetException(e);
                }
            }
        }, stop.Token)).ToArray();

        long bytesDone = 0;
        var lastProgress = Stopwatch.StartNew();
        try
        {
            await foreach (var chunk in ordered.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var result = await chunk.Result.Task.ConfigureAwait(false);
                // The first chunk's examples per byte estimate the file's, so the duplicate index is sized once.
                if (bytesDone == 0 && chunk.Length > 0) merged.ExpectExamples(result.ValidExamples * file.Length / chunk.Length);
                merged.Add(result);
                bytesDone += chunk.Length;
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
                inFlight.Release();
                if (lastProgress.ElapsedMilliseconds >= 250)
                {
                    lastProgress.Restart();
                    observer.Progress(new OperationProgress(ActivityId, $"Checking {file.Name}",
                        $"{bytesDone / (1024 * 1024)} of {file.Length / (1024 * 1024)} MB, {merged.Examples} examples",
                        file.Length == 0 ? 100 : (int)(bytesDone * 100 / file.Length)));
                }
            }
            await readTask.ConfigureAwait(false);
            await Task.WhenAll(workerTasks).ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            observer.Progress(new OperationProgress(ActivityId, $"Checking {file.Name}", "Done", Completed: true));
        }

        merged.Finish();
        return merged.ToReport(file.Length, counter, Basis(model, counter, options, merged), watch.Elapsed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static ChunkResult CheckChunk(string path, DatasetChunk chunk, LineChecker checker, DatasetCheckOptions options)
    {
        var result = new ChunkResult(path, options.MaxErrors, options.MaxWarnings);
        var rest = chunk.Buffer.AsSpan(0, chunk.Length);
        var line = chunk.FirstLine;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            checker.Check(end < 0 ? rest : rest[..end], line++, result);
            rest = end < 0 ? [] : rest[(end + 1)..];
        }
        return result;
    }

    /// <summary>Reads whole lines in chunks of about 1 MB (longer when one line is longer).</summary>
    static async Task ReadChunksAsync(string path, SemaphoreSlim inFlight, ChannelWriter<DatasetChunk> work,
        ChannelWriter<DatasetChunk> ordered, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
                FileOptions.SequentialScan | FileOptions.Asynchronous);
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            var filled = 0;
            long nextLine = 1;
            var atEnd = false;
            while (!atEnd)
            {
                while (filled < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0) { atEnd = true; break; }
                    filled += read;
                }
                if (atEnd && filled == 0) break;
                var cut = atEnd ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (cut == 0)
                {
                    // One line longer than the buffer: grow it and read on.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                var next = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                buffer.AsSpan(cut, filled - cut).CopyTo(next);
                var chunk = new DatasetChunk(buffer, cut, nextLine);
                nextLine += buffer.AsSpan(0, cut).Count((byte)'\n');
                await ordered.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                await work.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                filled -= cut;
                buffer = next;
            }
            ArrayPool<byte>.Shared.Return(buffer);
            work.Complete();
            ordered.Complete();
        }
        catch (Exception e)
        {
            work.Complete(e);
            ordered.Complete(e);
            throw;
        }
    }

    static List<string> Basis(FineTuneBaseModel model, TokenCounter? counter, DatasetCheckOptions options, ChunkMerger merged)
    {
        var basis = new List<string>();
        if (counter is null)
        {
            basis.Add("Tokens: not counted (-NoTokenCount); the context-length check and the billing estimate were skipped.");
        }
        else
        {
            basis.Add(counter.IsExact
                ? $"Tokens: exact, with the tiktoken {VocabularyName(model.Tokenizer)} vocabulary that {model.Name} uses (Microsoft.ML.Tokenizers)."
                : $"Tokens: estimated. {model.Name} uses the Llama 2 SentencePiece vocabulary, which is not at hand; the count is the " +
                  $"cl100k_base count times {TokenCounter.Llama2PerCl100k}, a ratio measured against the Llama 2 tokenizer ({TokenCounter.Llama2EstimateError}; docs/benchmarks.md).");
            basis.Add($"Per example: the tokens of every message's content plus {TokenCounter.TemplateTokensPerMessage} per message for the chat template.");
            basis.Add(model.ContextLength is { } context
                ? $"Context length: {context} tokens ({model.ContextLengthSource})."
                : $"Context length: unknown ({model.ContextLengthSource}); examples were not checked against it.");
            basis.Add($"Billed tokens: the sum over valid examples of min(tokens, context length), times {options.Epochs} epoch(s). " +
                      "Prices are on the model's Pricing and terms tab; no source gives them here.");
        }
        basis.Add(merged.DuplicatesTracked
            ? "Duplicates: examples whose line is byte-for-byte the same as an earlier one."
            : $"Duplicates: checked for the first {MaxTrackedExamples} examples only.");
        return basis;
    }

    static string VocabularyName(TokenizerVocabulary vocabulary) => vocabulary switch
    {
        TokenizerVocabulary.O200kBase => "o200k_base",
        TokenizerVocabulary.Cl100kBase => "cl100k_base",
        _ => "Llama 2",
    };
}
