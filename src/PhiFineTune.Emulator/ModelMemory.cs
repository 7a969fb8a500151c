using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;

namespace PhiFineTune.Emulator;

/// <summary>
/// What a fine-tuned model "learned" (Emulator choice, contract H.4): the examples of its job's training file and how
/// well it learned them, <see cref="Fraction"/>, from the job's hyperparameters. <see cref="FineTunedReply"/> answers
/// from it.
/// </summary>
public sealed record ModelMemory(string JobName, IReadOnlyList<TrainedExample> Examples, int Epochs, double? LearningRate)
{
    /// <summary>Emulator choice: the learning rate that learns best; a rate 10 times off learns half as well.</summary>
    public const double BestLearningRate = 2e-5;

    /// <summary>Emulator choice: the epochs after which, at the best rate, every answer is learned in full.</summary>
    public const int FullEpochs = 4;

    /// <summary>
    /// Emulator choice: the share of an answer the model has learned, min(1, epochs / 4 × rate fit), where the rate fit
    /// is clamp(1 − 0.5 × |log10(learning_rate / 2e-5)|, 0.25, 1), and 1 without a learning_rate.
    /// </summary>
    public double Fraction => Math.Min(1.0, (double)Epochs / FullEpochs * RateFit(LearningRate));

    public static double RateFit(double? learningRate) => learningRate is { } rate and > 0
        ? Math.Clamp(1 - 0.5 * Math.Abs(Math.Log10(rate / BestLearningRate)), 0.25, 1)
        : 1;

    /// <summary>
    /// The memory of job <paramref name="jobName"/> from its properties (fineTuningDetails.hyperParameters, string values
    /// as B.5 sends them). Emulator choice: no num_train_epochs (or one that is not a whole number of 1 or more) is 1 epoch.
    /// </summary>
    public static ModelMemory Of(string jobName, JsonObject jobProperties, IReadOnlyList<TrainedExample> examples)
    {
        var hyper = jobProperties["fineTuningDetails"]?["hyperParameters"] as JsonObject;
        var epochs = int.TryParse(Text(hyper?["num_train_epochs"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) && e >= 1 ? e : 1;
        double? rate = double.TryParse(Text(hyper?["learning_rate"]), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : null;
        return new ModelMemory(jobName, examples, epochs, rate);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;

    /// <summary>
    /// Reads the training examples of a job's data uri outside the store lock (as <see cref="JobDataCheck"/> reads it):
    /// none when there is no blob storage, the uri is not a workspaceblobstore path or the blob cannot be read.
    /// Emulator choice: each line's last user message before its last assistant message, and that assistant message;
    /// lines without both are skipped.
    /// </summary>
    public static async Task<IReadOnlyList<TrainedExample>> ReadAsync(BlobStorage? blob, string? uri, CancellationToken cancellationToken)
    {
        if (blob is null || uri is null || !uri.StartsWith(JobDataCheck.DatastorePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var path = Uri.UnescapeDataString(uri[JobDataCheck.DatastorePrefix.Length..]);
        var examples = new List<TrainedExample>();
        try
        {
            var response = await blob.Container().GetBlobClient(path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = response.Value.Content;
            using var reader = new StreamReader(content);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (Parse(line) is { } example)
                {
                    examples.Add(example);
                }
            }
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            return [];
        }
        return examples;
    }

    /// <summary>One training line as an example, or null.</summary>
    public static TrainedExample? Parse(string line)
    {
        try
        {
            if (JsonNode.Parse(line)?["messages"] is not JsonArray messages)
            {
                return null;
            }
            var list = messages.OfType<JsonObject>()
                .Select(m => (Role: m["role"] is JsonValue r ? r.ToString() : "", Content: m["content"] is JsonValue c ? c.ToString() : null))
                .ToList();
            var last = list.FindLastIndex(m => m.Role == "assistant" && m.Content is not null);
            var user = last < 0 ? -1 : list.FindLastIndex(last, m => m.Role == "user" && m.Content is not null);
            return user < 0 ? null : new TrainedExample(list[user].Content!, list[last].Content!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
