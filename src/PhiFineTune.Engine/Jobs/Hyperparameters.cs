using System.Globalization;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Jobs;

/// <summary>
/// Turns the user's hyperparameters into the wire map of a Custom (Phi) fine-tuning job (contract B.5):
/// per_device_train_batch_size, learning_rate and num_train_epochs, as strings.
/// </summary>
/// <remarks>
/// The service takes an absolute learning rate (learning_rate; the notebook sends 0.00002). The portal's
/// "learning rate multiplier" multiplies the model's default rate, so -LearningRateMultiplier is converted with the
/// default the catalogue gives (model_specific_defaults); without one the conversion is refused, not guessed.
/// </remarks>
public static class Hyperparameters
{
    public const string EpochsWire = "num_train_epochs";
    public const string BatchSizeWire = "per_device_train_batch_size";
    public const string LearningRateWire = "learning_rate";
    const double MaxAbsoluteRate = 0.01;

    public static SortedDictionary<string, string> ToWire(FineTuneBaseModel model, HyperparameterRequest request)
    {
        if (request.LearningRate is not null && request.LearningRateMultiplier is not null)
        {
            throw Invalid("LearningRate", "give -LearningRate or -LearningRateMultiplier, not both");
        }
        var wire = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (request.Epochs is { } epochs)
        {
            if (epochs < 1) throw Invalid("Epochs", $"{epochs} is not a number of epochs; give 1 or more");
            CheckRange(model, "Epochs", epochs);
            wire[EpochsWire] = Text(epochs);
        }
        if (request.BatchSize is { } batch)
        {
            if (batch < 1) throw Invalid("BatchSize", $"{batch} is not a batch size; give 1 or more");
            CheckRange(model, "BatchSize", batch);
            wire[BatchSizeWire] = Text(batch);
        }
        var rate = request.LearningRate;
        if (request.LearningRateMultiplier is { } multiplier)
        {
            if (multiplier <= 0) throw Invalid("LearningRateMultiplier", $"{Text(multiplier)} must be above 0");
            var standard = Range(model, "LearningRate")?.Default ?? throw Invalid("LearningRateMultiplier",
                $"no source gives {model.Name}'s default learning rate to multiply; give the absolute rate with -LearningRate");
            rate = multiplier * standard;
        }
        if (rate is { } learningRate)
        {
            if (learningRate <= 0 || double.IsNaN(learningRate))
                throw Invalid("LearningRate", $"{Text(learningRate)} is not a learning rate; it is an absolute rate above 0, such as 0.00002");
            // Fine-tuning rates are around 1e-5; a value this large is the portal's multiplier given as a rate.
            if (learningRate >= MaxAbsoluteRate && request.LearningRateMultiplier is null)
                throw Invalid("LearningRate", $"{Text(learningRate)} is not an absolute learning rate (fine-tuning uses rates such as 0.00002, below {Text(MaxAbsoluteRate)}); " +
                                              "to multiply the model's default rate, as the portal does, use -LearningRateMultiplier");
            CheckRange(model, "LearningRate", learningRate);
            wire[LearningRateWire] = Text(learningRate);
        }
        return wire;
    }

    static HyperparameterRange? Range(FineTuneBaseModel model, string name) =>
        model.Hyperparameters.FirstOrDefault(h => h.Name == name);

    static void CheckRange(FineTuneBaseModel model, string name, double value)
    {
        if (Range(model, name) is not { } range) return;
        if ((range.Minimum is { } min && value < min) || (range.Maximum is { } max && value > max))
        {
            throw Invalid(name, $"{Text(value)} is outside {model.Name}'s range {range} ({range.Source})");
        }
    }

    static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static FineTuneException Invalid(string parameter, string why) =>
        new($"Invalid{parameter}", FailureKind.InvalidArgument, $"-{parameter}: {why}.", parameter,
            $"Correct -{parameter}{ActionTexts.HyperparametersInCatalogue}");
}
