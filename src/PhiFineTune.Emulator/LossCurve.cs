using System.Globalization;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Emulator choice (G.2): the loss a job logs, from its hyperparameters and its data, so that a sweep has a best job
/// that a test can predict. With e = num_train_epochs (1 when absent), r = learning_rate / 0.00002 (1 when absent,
/// held to 0.05–20), b = per_device_train_batch_size (1 when absent), d = FNV-1a of the training data URI (whose
/// path holds the content hash) mod 1000 / 1000, and x = e × p the epochs done at a share p of the training:
/// loss = 0.3 + (1.8 + 0.2 d − 0.3) × exp(−0.9 √r √(4 / (b + 3)) x);
/// eval_loss = 1.05 loss + 0.03 + 0.3 (log10 r)² p + 0.03 max(0, x − 1)².
/// More epochs and a higher rate lower the training loss; the validation loss pays for a rate away from 0.00002 and
/// for every epoch past the first, so it has an optimum in both.
/// </summary>
public sealed class LossCurve
{
    private const double Floor = 0.3;
    private const double ReferenceRate = ModelMemory.BestLearningRate;
    private readonly double _epochs;
    private readonly double _rate;
    private readonly double _batch;
    private readonly double _start;

    private LossCurve(double epochs, double rate, double batch, double start)
    {
        _epochs = epochs;
        _rate = rate;
        _batch = batch;
        _start = start;
    }

    /// <summary>The curve of a job from its stored properties (fineTuningDetails.hyperParameters and trainingData).</summary>
    public static LossCurve Of(JsonObject properties)
    {
        var details = properties["fineTuningDetails"];
        var hyperparameters = details?["hyperParameters"];
        var data = (string?)details?["trainingData"]?["uri"] ?? "";
        return new LossCurve(
            Math.Max(1, Number(hyperparameters?["num_train_epochs"], 1)),
            Math.Clamp(Number(hyperparameters?["learning_rate"], ReferenceRate) / ReferenceRate, 0.05, 20),
            Math.Max(1, Number(hyperparameters?["per_device_train_batch_size"], 1)),
            1.8 + 0.2 * (Fnv1a(data) % 1000 / 1000.0));
    }

    /// <summary>The training loss after share <paramref name="progress"/> (0–1) of the training.</summary>
    public double Training(double progress) =>
        Floor + (_start - Floor) * Math.Exp(-0.9 * Math.Sqrt(_rate) * Math.Sqrt(4 / (_batch + 3)) * _epochs * progress);

    /// <summary>The validation loss after share <paramref name="progress"/> (0–1) of the training.</summary>
    public double Validation(double progress)
    {
        var past = Math.Max(0, _epochs * progress - 1);
        return 1.05 * Training(progress) + 0.03 + 0.3 * Math.Pow(Math.Log10(_rate), 2) * progress + 0.03 * past * past;
    }

    // Hyperparameters are strings on the wire (B.5); a number or an unreadable value is read as it comes.
    private static double Number(JsonNode? node, double fallback) =>
        node is JsonValue value && (value.TryGetValue<double>(out var n) ||
                                    (value.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out n)))
            ? n
            : fallback;

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
