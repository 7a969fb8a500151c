using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PhiFineTune.Engine.Datasets;

/// <summary>Reads prompt/completion JSONL (the legacy fine-tuning format) for conversion to chat format.</summary>
public static class PromptCompletionReader
{
    public static async IAsyncEnumerable<PromptCompletionRow> ReadAsync(string path, string promptProperty, string completionProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0;
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            PromptCompletionRow row;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                row = root.ValueKind != JsonValueKind.Object
                    ? new PromptCompletionRow(number, null, null, "the line is not a JSON object")
                    : new PromptCompletionRow(number, Value(root, promptProperty), Value(root, completionProperty), null);
            }
            catch (JsonException e)
            {
                row = new PromptCompletionRow(number, null, null, $"invalid JSON: {e.Message}");
            }
            yield return row;
        }
    }

    static string? Value(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
