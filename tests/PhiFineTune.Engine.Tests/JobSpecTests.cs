using System.Text.Json;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

/// <summary>The job body, the hyperparameter conversion and the default name: no service needed.</summary>
public sealed class JobSpecTests
{
    static readonly FineTuneBaseModel Phi4Mini = BaseModelCatalog.Resolve("Phi-4-mini-instruct");
    static readonly FineTuneBaseModel Phi35Mini = BaseModelCatalog.Resolve("Phi-3.5-mini-instruct");

    static JobSpec Spec(string? validation = "azureml://datastores/workspaceblobstore/paths/LocalUpload/b/valid.jsonl") => new()
    {
        Name = "faq-job",
        BaseModel = Phi4Mini,
        BaseModelId = "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3",
        TrainingData = "azureml://datastores/workspaceblobstore/paths/LocalUpload/a/train.jsonl",
        ValidationData = validation,
        Hyperparameters = Hyperparameters.ToWire(Phi4Mini, new HyperparameterRequest(2, 4, 0.00002, null)),
        OutputModelName = "faq-model",
        Tags = new Dictionary<string, string> { ["team"] = "ops" },
    };

    [Fact]
    public void The_body_is_the_contracts_Custom_ChatCompletion_job()
    {
        using var body = JsonDocument.Parse(Spec().ToBody().ToJsonString());
        var properties = body.RootElement.GetProperty("properties");
        Assert.Equal("FineTuning", properties.GetProperty("jobType").GetString());
        var details = properties.GetProperty("fineTuningDetails");
        Assert.Equal("Custom", details.GetProperty("modelProvider").GetString());
        Assert.Equal("ChatCompletion", details.GetProperty("taskType").GetString());
        Assert.Equal("mlflow_model", details.GetProperty("model").GetProperty("jobInputType").GetString());
        Assert.Equal("uri_file", details.GetProperty("trainingData").GetProperty("jobInputType").GetString());
        Assert.Equal("uri_file", details.GetProperty("validationData").GetProperty("jobInputType").GetString());
        var hyper = details.GetProperty("hyperParameters");
        Assert.Equal("2", hyper.GetProperty("num_train_epochs").GetString());
        Assert.Equal("4", hyper.GetProperty("per_device_train_batch_size").GetString());
        Assert.Equal("2E-05", hyper.GetProperty("learning_rate").GetString());
        var output = properties.GetProperty("outputs").GetProperty("registered_model");
        Assert.Equal("mlflow_model", output.GetProperty("jobOutputType").GetString());
        Assert.Equal("faq-model", output.GetProperty("assetName").GetString());
        Assert.Equal("ops", properties.GetProperty("tags").GetProperty("team").GetString());
    }

    [Fact]
    public void Without_validation_data_the_body_has_no_validationData() =>
        Assert.False(JsonDocument.Parse(Spec(validation: null).ToBody().ToJsonString()).RootElement
            .GetProperty("properties").GetProperty("fineTuningDetails").TryGetProperty("validationData", out _));

    [Fact]
    public void The_default_name_follows_every_input_and_only_them()
    {
        var wire = Hyperparameters.ToWire(Phi4Mini, new HyperparameterRequest(1, null, null, null));
        var name = JobSpec.DefaultName(Phi4Mini, "azureml://a", null, wire, null);
        Assert.Matches("^phi-4-mini-instruct-ft-[0-9a-f]{12}$", name);
        Assert.Equal(name, JobSpec.DefaultName(Phi4Mini, "azureml://a", null, wire, null));
        Assert.NotEqual(name, JobSpec.DefaultName(Phi4Mini, "azureml://b", null, wire, null));
        Assert.NotEqual(name, JobSpec.DefaultName(Phi4Mini, "azureml://a", "azureml://v", wire, null));
        Assert.NotEqual(name, JobSpec.DefaultName(Phi4Mini, "azureml://a", null,
            Hyperparameters.ToWire(Phi4Mini, new HyperparameterRequest(2, null, null, null)), null));
        Assert.Matches("^phi-3-5-mini-instruct-ft-", JobSpec.DefaultName(Phi35Mini, "azureml://a", null, wire, null));
    }

    [Fact]
    public void An_existing_job_with_the_same_inputs_has_no_differences()
    {
        var spec = Spec();
        Assert.Empty(spec.DifferencesFrom(AsRead(spec)));
    }

    [Fact]
    public void An_existing_job_with_other_data_or_hyperparameters_differs_by_name()
    {
        var spec = Spec();
        var other = AsRead(spec) with
        {
            TrainingData = "azureml://datastores/workspaceblobstore/paths/LocalUpload/c/train.jsonl",
            Hyperparameters = new Dictionary<string, string> { ["num_train_epochs"] = "3" },
        };
        var differences = spec.DifferencesFrom(other);
        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, d => d.StartsWith("training data", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("hyperparameters", StringComparison.Ordinal));
    }

    [Fact]
    public void The_multiplier_converts_with_the_models_default_rate()
    {
        // Phi-3-mini-4k-instruct's asset gives learning_rate 5e-6 (docs/base-models.md).
        var wire = Hyperparameters.ToWire(BaseModelCatalog.Resolve("Phi-3-mini-4k-instruct"), new HyperparameterRequest(null, null, null, 2));
        Assert.Equal("1E-05", wire["learning_rate"]);
    }

    [Fact]
    public void The_multiplier_is_refused_where_no_source_gives_the_default()
    {
        var e = Assert.Throws<FineTuneException>(() =>
            Hyperparameters.ToWire(Phi4Mini, new HyperparameterRequest(null, null, null, 2)));
        Assert.Equal("InvalidLearningRateMultiplier", e.ErrorId);
        Assert.Contains("-LearningRate", e.Message);
    }

    [Theory]
    [InlineData(null, null, 0.5, null, "InvalidLearningRate")]
    [InlineData(null, null, 0.0, null, "InvalidLearningRate")]
    [InlineData(null, null, 0.00002, 1.0, "InvalidLearningRate")]
    [InlineData(0, null, null, null, "InvalidEpochs")]
    [InlineData(null, 0, null, null, "InvalidBatchSize")]
    [InlineData(null, 1000, null, null, "InvalidBatchSize")]
    public void Bad_hyperparameters_name_the_parameter(int? epochs, int? batch, double? rate, double? multiplier, string errorId)
    {
        var model = epochs is null && batch == 1000 ? Phi35Mini : Phi4Mini;
        var e = Assert.Throws<FineTuneException>(() =>
            Hyperparameters.ToWire(model, new HyperparameterRequest(epochs, batch, rate, multiplier)));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Model_names_are_read_from_registry_ids()
    {
        Assert.Equal("Phi-4-mini-instruct", FineTuneJobs.BaseModelName("azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3"));
        Assert.Equal("Phi-4", FineTuneJobs.BaseModelName("azureml://registries/azureml/models/Phi-4"));
        Assert.Null(FineTuneJobs.BaseModelName(null));
    }

    static FineTuneJob AsRead(JobSpec spec)
    {
        using var document = JsonDocument.Parse(spec.ToBody().ToJsonString());
        var job = document.RootElement.Clone();
        return FineTuneJobs.Read(null!, job) with { };
    }
}
