using System.Text;
using System.Text.Json;

namespace PhiFineTune.Emulator;

/// <summary>
/// The minimal check a fine-tuning job makes of its training (and validation) file when it reaches Running.
/// A pure function over a stream, so it is unit-tested without Azurite. Self-contained (the test project compiles
/// this file in).
/// Emulator choice: the service's exact checks are not in the contract. These follow what the sources say about the
/// data: JSON Lines, UTF-8, one chat example <c>{"messages":[…]}</c> with an assistant reply per line (ARM contract
/// B.10), under 512 MB (B.10) and at least 10 examples (foundry-finetuning contract 5, the Azure OpenAI rule,
/// borrowed for Phi). Blank lines are skipped. The first problem found is the one reported.
/// </summary>
public static class TrainingDataCheck
{
    public const int MinExamples = 10;
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Checks <paramref name="data"/>; null when it passes.</summary>
    /// <param name="what">"training" or "validation": names the file in messages and picks the error code.</param>
    /// <param name="fileName">The file's path, quoted in messages.</param>
    public static async Task<DataCheckFailure?> CheckAsync(Stream data, string what, string fileName, CancellationToken cancellationToken = default)
    {
        var code = what == "validation" ? "InvalidValidationData" : "InvalidTrainingData";
        DataCheckFailure Fail(string message) => new(code, $"The {what} data '{fileName}' is invalid: {message}");

        var counting = new CountingStream(data);
        // Strict UTF-8: an invalid byte sequence is an error, not a replacement character. A BOM is allowed.
        using var reader = new StreamReader(counting, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var examples = 0;
        var lineNumber = 0;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (counting.BytesRead > MaxBytes)
                {
                    return Fail($"the file is larger than 512 MB.");
                }
                if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
                {
                    line = line[1..];
                }
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var problem = CheckLine(line);
                if (problem is not null)
                {
                    return Fail($"line {lineNumber}: {problem}");
                }
                examples++;
            }
        }
        catch (DecoderFallbackException)
        {
            return Fail($"line {lineNumber + 1} is not valid UTF-8.");
        }
        if (examples < MinExamples)
        {
            return Fail($"it has {examples} example(s); a fine-tuning job needs at least {MinExamples}.");
        }
        return null;
    }

    /// <summary>One line: a JSON object with a non-empty "messages" array holding an assistant message.</summary>
    public static string? CheckLine(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return "not valid JSON.";
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object.";
            }
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return "no \"messages\" array.";
            }
            var hasAssistant = false;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                {
                    return "a message is not an object with a string \"role\".";
                }
                if (!message.TryGetProperty("content", out _))
                {
                    return $"a \"{role.GetString()}\" message has no \"content\".";
                }
                hasAssistant |= role.GetString() == "assistant";
            }
            return hasAssistant ? null : "no message has role \"assistant\".";
        }
    }

    /// <summary>Counts the bytes read, for the size limit on streams that cannot tell their length.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
