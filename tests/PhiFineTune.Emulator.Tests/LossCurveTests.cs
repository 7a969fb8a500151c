using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>The emulator's loss rule (contract G.2, Emulator choice): the values the contract page states.</summary>
public sealed class LossCurveTests
{
    const string Data = "azureml://datastores/workspaceblobstore/paths/LocalUpload/0123456789abcdef0123456789abcdef/train.jsonl";

    static LossCurve Curve(string? epochs, string? rate, string? batch = null, string data = Data)
    {
        var hyper = new JsonObject();
        if (epochs is not null) hyper["num_train_epochs"] = epochs;
        if (rate is not null) hyper["learning_rate"] = rate;
        if (batch is not null) hyper["per_device_train_batch_size"] = batch;
        return LossCurve.Of(new JsonObject
        {
            ["fineTuningDetails"] = new JsonObject
            {
                ["trainingData"] = new JsonObject { ["uri"] = data },
                ["hyperParameters"] = hyper,
            },
        });
    }

    static double Start(string data)
    {
        var hash = 2166136261u;
        foreach (var c in data) hash = (hash ^ c) * 16777619u;
        return 1.8 + 0.2 * (hash % 1000 / 1000.0);
    }

    [Fact]
    public void The_values_are_the_formula_of_the_contract_page()
    {
        var curve = Curve("2", "0.0001", "5");
        var speed = 0.9 * Math.Sqrt(5) * Math.Sqrt(4.0 / 8);
        var training = 0.3 + (Start(Data) - 0.3) * Math.Exp(-speed * 2 * 0.75);
        Assert.Equal(training, curve.Training(0.75), 12);
        Assert.Equal(1.05 * training + 0.03 + 0.3 * Math.Pow(Math.Log10(5), 2) * 0.75 + 0.03 * 0.5 * 0.5, curve.Validation(0.75), 12);
    }

    [Fact]
    public void Absent_hyperparameters_are_one_epoch_the_reference_rate_and_batch_one()
    {
        Assert.Equal(Curve("1", "0.00002", "1").Validation(1), Curve(null, null).Validation(1), 12);
        Assert.Equal(Curve("1", "0.00002", "1").Training(0.5), Curve("x", "y", "z").Training(0.5), 12);
    }

    [Fact]
    public void Training_loss_falls_with_progress_and_with_more_epochs()
    {
        var curve = Curve("3", "0.00002");
        var points = Enumerable.Range(1, 8).Select(i => curve.Training(i / 8.0)).ToList();
        Assert.True(points.Zip(points.Skip(1)).All(p => p.Second < p.First));
        Assert.True(Curve("3", "0.00002").Training(1) < Curve("2", "0.00002").Training(1));
        Assert.InRange(points[^1], 0.3, 2.0);
    }

    [Fact]
    public void Validation_loss_has_an_optimum_in_learning_rate_and_in_epochs()
    {
        var byRate = new[] { "0.000001", "0.00001", "0.00005", "0.0001", "0.001" }.Select(r => Curve("2", r).Validation(1)).ToList();
        var best = byRate.IndexOf(byRate.Min());
        Assert.InRange(best, 1, byRate.Count - 2); // neither the smallest nor the largest rate
        var byEpochs = Enumerable.Range(1, 6).Select(e => Curve(e.ToString(System.Globalization.CultureInfo.InvariantCulture), "0.00002").Validation(1)).ToList();
        var bestEpochs = byEpochs.IndexOf(byEpochs.Min());
        Assert.InRange(bestEpochs, 1, byEpochs.Count - 2);
    }

    [Fact]
    public void The_data_moves_the_start_and_larger_batches_learn_slower()
    {
        Assert.NotEqual(Curve("1", null).Training(0), Curve("1", null, data: Data.Replace("0123", "4567")).Training(0));
        Assert.True(Curve("1", null, "8").Training(1) > Curve("1", null, "1").Training(1));
    }
}
