using System.Buffers;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// The guide's automatic split: a seeded, exact-size random sample of the examples goes to a validation file, the
/// rest to a training file. Two streaming passes (count, then write), so memory stays flat.
/// </summary>
public static class DatasetSplitter
{
    const int BufferBytes = 1 << 20;

    public static (string Training, string Validation) OutputPaths(DatasetSplitOptions options)
    {
        var directory = options.OutputDirectory ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path))!;
        var stem = System.IO.Path.GetFileNameWithoutExtension(options.Path);
        return (System.IO.Path.Combine(directory, stem + ".train.jsonl"), System.IO.Path.Combine(directory, stem + ".validation.jsonl"));
    }

    public static async Task<IReadOnlyList<DatasetFile>> SplitAsync(DatasetSplitOptions options, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(options.Path))
            throw new FineTuneException("FileNotFound", FailureKind.NotFound, $"The file '{options.Path}' does not exist.", options.Path);
        if (options.ValidationPercent is <= 0 or >= 100)
            throw new FineTuneException("InvalidValidationPercent", FailureKind.InvalidArgument,
                $"-ValidationPercent {options.ValidationPercent} must be more than 0 and less than 100.", options.ValidationPercent);
        var (trainingPath, validationPath) = OutputPaths(options);
        foreach (var output in new[] { trainingPath, validationPath })
        {
            if (File.Exists(output) && !options.Force)
                throw new FineTuneException("OutputFileExists", FailureKind.Conflict,
                    $"'{output}' exists; nothing was written.", output, "Pass -Force to replace it, or choose -OutputDirectory.");
        }
        if (options.OutputDirectory is not null) Directory.CreateDirectory(options.OutputDirectory);

        var total = await CountExamplesAsync(options.Path, cancellationToken).ConfigureAwait(false);
        if (total < 2)
            throw new FineTuneException("TooFewExamples", FailureKind.InvalidArgument,
                $"'{options.Path}' has {total} example(s); a split needs at least 2.", options.Path);
        var validationCount = (long)Math.Round(total * options.ValidationPercent / 100, MidpointRounding.AwayFromZero);
        validationCount = Math.Clamp(validationCount, 1, total - 1);

        var trainingTemp = trainingPath + ".tmp";
        var validationTemp = validationPath + ".tmp";
        try
        {
            long training = 0, validation = 0, seen = 0;
            var random = new Random(options.Seed);
            var byteOrderMark = await StartsWithByteOrderMarkAsync(options.Path, cancellationToken).ConfigureAwait(false);
            await using (var trainingOut = Create(trainingTemp, byteOrderMark))
            await using (var validationOut = Create(validationTemp, byteOrderMark))
            {
                await foreach (var line in Lines(options.Path, cancellationToken).ConfigureAwait(false))
                {
                    // Selection sampling (Knuth, Algorithm S): exactly validationCount of total, each subset equally likely.
                    var toValidation = random.NextDouble() * (total - seen) < validationCount - validation;
                    seen++;
                    var target = toValidation ? validationOut : trainingOut;
                    await target.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                    target.WriteByte((byte)'\n');
                    if (toValidation) validation++; else training++;
                    if (seen % 100_000 == 0)
                        observer.Progress(new OperationProgress(4302, "Splitting", $"{seen} of {total} examples", (int)(seen * 100 / total)));
                }
            }
            File.Move(trainingTemp, trainingPath, overwrite: options.Force);
            File.Move(validationTemp, validationPath, overwrite: options.Force);
            observer.Progress(new OperationProgress(4302, "Splitting", "Done", Completed: true));
            return
            [
                new DatasetFile { Path = trainingPath, Role = "Training", Examples = training, SizeBytes = new FileInfo(trainingPath).Length, SourcePath = options.Path },
                new DatasetFile { Path = validationPath, Role = "Validation", Examples = validation, SizeBytes = new FileInfo(validationPath).Length, SourcePath = options.Path },
            ];
        }
        finally
        {
            File.Delete(trainingTemp);
            File.Delete(validationTemp);
        }
    }

    /// <summary>An output file; with the input's UTF-8 byte-order mark when it had one, since some paths ask for it.</summary>
    static FileStream Create(string path, bool byteOrderMark)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous);
        if (byteOrderMark) stream.Write("\uFEFF"u8);
        return stream;
    }

    static async Task<bool> StartsWithByteOrderMarkAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var head = new byte[3];
        return await stream.ReadAtLeastAsync(head, 3, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) == 3 &&
               head.AsSpan().SequenceEqual("\uFEFF"u8);
    }

    static async Task<long> CountExamplesAsync(string path, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in Lines(path, cancellationToken).ConfigureAwait(false)) count++;
        return count;
    }

    /// <summary>The non-blank lines of a file without their line ends (and without a leading BOM).</summary>
    internal static async IAsyncEnumerable<ReadOnlyMemory<byte>> Lines(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
            FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int filled = 0, start = 0;
            var first = true;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                var atEnd = read == 0;
                filled += read;
                while (true)
                {
                    var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (newline < 0 && !(atEnd && start < filled)) break;
                    var length = newline < 0 ? filled - start : newline;
                    var line = buffer.AsMemory(start, length);
                    start += newline < 0 ? length : length + 1;
                    if (first && line.Span.StartsWith("\uFEFF"u8)) line = line[3..];
                    first = false;
                    if (line.Length > 0 && line.Span[^1] == (byte)'\r') line = line[..^1];
                    if (!line.Span.Trim(" \t"u8).IsEmpty) yield return line;
                }
                if (atEnd) yield break;
                // Keep the unfinished line; grow the buffer when one line fills it.
                var rest = filled - start;
                if (start == 0 && filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    buffer.AsSpan(start, rest).CopyTo(buffer);
                }
                start = 0;
                filled = rest;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
