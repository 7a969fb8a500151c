using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Engine.Jobs;

/// <summary>A fine-tuning job to create, with every input resolved (uploaded data, registry model id).</summary>
public sealed class JobSpec
{
    public required string Name { get; init; }
    public required FineTuneBaseModel BaseModel { get; init; }
    /// <summary>The versioned registry id, e.g. azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3.</summary>
    public required string BaseModelId { get; init; }
    public required string TrainingData { get; init; }
    public string? ValidationData { get; init; }
    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }
    public required string OutputModelName { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The name a job gets when the user gives none: the model and a hash of every input, so the same command run
    /// again (with the same data, which uploads to the same content-addressed path) finds the job it made.
    /// </summary>
    public static string DefaultName(FineTuneBaseModel model, string trainingData, string? validationData,
        IReadOnlyDictionary<string, string> hyperparameters, string? outputModelName)
    {
        var text = new StringBuilder().Append(model.Name).Append('\n').Append(trainingData).Append('\n')
            .Append(validationData).Append('\n').Append(outputModelName);
        foreach (var (key, value) in hyperparameters.OrderBy(h => h.Key, StringComparer.Ordinal))
            text.Append('\n').Append(key).Append('=').Append(value);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12].ToLowerInvariant();
        return $"{model.Name.Replace('.', '-').ToLowerInvariant()}-ft-{hash}";
    }

    /// <summary>The Jobs_CreateOrUpdate body (contract B.3) of a Custom, ChatCompletion fine-tuning job.</summary>
    public JsonObject ToBody()
    {
        var hyperParameters = new JsonObject();
        foreach (var (key, value) in Hyperparameters) hyperParameters[key] = value;
        var details = new JsonObject
        {
            ["modelProvider"] = "Custom",
            ["taskType"] = "ChatCompletion",
            ["model"] = new JsonObject { ["jobInputType"] = "mlflow_model", ["uri"] = BaseModelId },
            ["trainingData"] = new JsonObject { ["jobInputType"] = "uri_file", ["uri"] = TrainingData },
            ["hyperParameters"] = hyperParameters,
        };
        if (ValidationData is not null)
            details["validationData"] = new JsonObject { ["jobInputType"] = "uri_file", ["uri"] = ValidationData };
        var tags = new JsonObject();
        foreach (var (key, value) in Tags) tags[key] = value;
        return new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["jobType"] = "FineTuning",
                ["displayName"] = DisplayName ?? Name,
                ["experimentName"] = $"{BaseModel.Name}-finetuning",
                ["tags"] = tags,
                ["fineTuningDetails"] = details,
                ["outputs"] = new JsonObject
                {
                    ["registered_model"] = new JsonObject { ["jobOutputType"] = "mlflow_model", ["assetName"] = OutputModelName },
                },
            },
        };
    }

    /// <summary>
    /// What makes an existing job of the same name a different job: its model, data, hyperparameters or output.
    /// Empty when it is this job. Display name and tags do not count.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(FineTuneJob existing)
    {
        var differences = new List<string>();
        void Compare(string what, string? mine, string? theirs)
        {
            if (!string.Equals(mine ?? "", theirs ?? "", StringComparison.Ordinal))
                differences.Add($"{what}: '{theirs ?? "(none)"}', not '{mine ?? "(none)"}'");
        }
        Compare("base model", BaseModel.Name, existing.BaseModel);
        Compare("training data", TrainingData, existing.TrainingData);
        Compare("validation data", ValidationData, existing.ValidationData);
        Compare("output model", OutputModelName, existing.OutputModelName);
        Compare("hyperparameters", Show(Hyperparameters), Show(existing.Hyperparameters));
        return differences;
    }

    static string Show(IReadOnlyDictionary<string, string> map) =>
        string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
