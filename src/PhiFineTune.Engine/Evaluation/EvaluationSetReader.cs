using System.Globalization;
using System.Text.Json;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// Reads an evaluation file: chat-format JSONL (docs/datasets.md), one example a line, each with a last assistant
/// message. The whole file is read before anything is sent, so a bad line stops the evaluation before any request.
/// Blank lines are skipped (they keep their line numbers).
/// </summary>
public static class EvaluationSetReader
{
    public const string InvalidExampleId = "InvalidEvaluationExample";

    /// <exception cref="FineTuneException">InvalidEvaluationExample naming the file and line; EvaluationFileNotFound; NoEvaluationExample.</exception>
    public static async Task<IReadOnlyList<EvaluationExample>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FineTuneException("EvaluationFileNotFound", FailureKind.NotFound, $"The evaluation file '{path}' does not exist.", path,
                "Give the path of a chat-format JSONL file, such as the validation file Split-FineTuneDataset writes.");
        }
        var examples = new List<EvaluationExample>();
        using var reader = new StreamReader(path);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            examples.Add(Parse(line, path, number, examples.Count));
        }
        if (examples.Count == 0)
        {
            throw new FineTuneException("NoEvaluationExample", FailureKind.InvalidArgument, $"The evaluation file '{path}' has no example.", path,
                "Give a chat-format JSONL file with one example a line.");
        }
        return examples;
    }

    /// <summary>One line as an example; <paramref name="index"/> is its position among the file's examples.</summary>
    public static EvaluationExample Parse(string line, string path, long number, int index)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw Invalid(path, number, $"it is not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array)
                throw Invalid(path, number, "it has no \"messages\" array");
            var messages = new List<ChatMessage>();
            foreach (var item in array.EnumerateArray())
            {
                var at = messages.Count;
                if (item.ValueKind != JsonValueKind.Object ||
                    !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String ||
                    role.GetString() is not ("system" or "user" or "assistant"))
                    throw Invalid(path, number, $"message {at} needs a role of system, user or assistant");
                if (!item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                    throw Invalid(path, number, $"message {at} needs a string content");
                messages.Add(new ChatMessage(role.GetString()!, content.GetString()!));
            }
            var last = messages.FindLastIndex(m => m.Role == "assistant");
            if (last < 0) throw Invalid(path, number, "it has no assistant message to compare the reply with");
            if (!messages.Take(last).Any(m => m.Role == "user")) throw Invalid(path, number, "it has no user message before its last assistant message");
            return new EvaluationExample(index, number, messages.Take(last).ToList(), messages[last].Content);
        }
    }

    static FineTuneException Invalid(string path, long number, string why) =>
        new(InvalidExampleId, FailureKind.InvalidArgument,
            string.Create(CultureInfo.InvariantCulture, $"Line {number} of '{path}' is not an evaluation example: {why}. Nothing was sent."),
            $"{path}:{number}",
            ActionTexts.CorrectEvaluationFile);
}
