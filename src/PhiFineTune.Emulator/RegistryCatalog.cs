using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// The base Phi models of the <c>azureml</c> system registry (contract F, B.6, B.10).
/// Emulator choice: versions 1…latest exist for each model. The latest versions come from [ASSETS] where the contract
/// names one (Phi-3-mini-4k-instruct 15), from the F.2 illustration (Phi-4-mini-instruct 3), and are made up otherwise.
/// Regions in <c>maas-finetuning-deploy-regions</c> follow B.10 (the notebook's fine-tuned-deployment matrix; for
/// Phi-4 and Phi-4-multimodal-instruct, which it does not list, the DOC-REGIONS deployment regions).
/// </summary>
public static partial class RegistryCatalog
{
    public const string RegistryName = "azureml";
    // Emulator choice (F.3): fixed, made-up subscription and resource group of the registry, returned by discovery.
    public const string SubscriptionId = "6a0b4c2e-1f3d-4b5a-8c7e-9d0f1a2b3c4d";
    public const string ResourceGroup = "registry-builtin-prod-eastus-01";
    public const string PrimaryRegion = "eastus";

    /// <summary>Version n was created FirstVersionAt + (n-1) weeks, so createdtime order is version order.</summary>
    public static readonly DateTimeOffset FirstVersionAt = new(2024, 4, 23, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] NotebookSix = { "eastus2", "eastus", "northcentralus", "westus3", "westus", "southcentralus" };
    private static readonly string[] Phi4Serverless = { "eastus2", "eastus", "northcentralus", "southcentralus", "swedencentral", "westus", "westus3" };

    // F.2 [ASSETS]: model_specific_defaults of the Phi-3 assets. Emulator choice: serialised as a JSON object string.
    private static JsonObject Defaults(string batchSize) => new()
    {
        ["apply_lora"] = "true",
        ["learning_rate"] = "5e-6",
        ["logging_steps"] = "10",
        ["logging_strategy"] = "steps",
        ["num_train_epochs"] = "1",
        ["per_device_train_batch_size"] = batchSize,
    };

    public static readonly RegistryModelSeed[] Models =
    {
        new("Phi-4-mini-instruct", 3, NotebookSix, null),
        new("Phi-4", 8, Phi4Serverless, Defaults("1")),
        new("Phi-4-multimodal-instruct", 2, Phi4Serverless, null),
        new("Phi-3-mini-4k-instruct", 15, new[] { "eastus2" }, Defaults("1")),
        new("Phi-3-mini-128k-instruct", 13, new[] { "eastus2" }, Defaults("1")),
        new("Phi-3-medium-4k-instruct", 6, new[] { "eastus2" }, Defaults("4")),
        new("Phi-3-medium-128k-instruct", 7, new[] { "eastus2", "swedencentral" }, Defaults("4")),
        new("Phi-3.5-mini-instruct", 6, NotebookSix, null),
        new("Phi-3.5-MoE-instruct", 5, NotebookSix, null),
    };

    [GeneratedRegex(@"^azureml://registries/(?<registry>[^/]+)/models/(?<name>[^/]+)(?:/versions/(?<version>[^/]+)|/labels/(?<label>[^/]+))?/?$")]
    private static partial Regex RegistryModelUri();

    /// <summary>Emulator choice: registry and model names match case-insensitively; answers use the seeded casing.</summary>
    public static RegistryModelSeed? Find(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public static bool IsRegistry(string registry) => string.Equals(registry, RegistryName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The version number, if it is one of the model's (1…latest).</summary>
    public static int? Version(RegistryModelSeed model, string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= model.LatestVersion ? n : null;

    /// <summary>
    /// Emulator choice: a job whose model is an azureml-registry model that does not exist (name, version, or a label
    /// other than "latest") is a 400 naming it. Other registries and other uri forms are not checked.
    /// </summary>
    public static void CheckJobModel(string uri, string target)
    {
        var m = RegistryModelUri().Match(uri);
        if (!m.Success || !IsRegistry(m.Groups["registry"].Value))
        {
            return;
        }
        var name = m.Groups["name"].Value;
        var model = Find(name) ?? throw ArmErrors.Validation(target,
            $"The model '{name}' does not exist in registry '{RegistryName}' ('{uri}').");
        if (m.Groups["version"].Success && Version(model, m.Groups["version"].Value) is null)
        {
            throw ArmErrors.Validation(target,
                $"Version '{m.Groups["version"].Value}' of model '{model.Name}' does not exist in registry '{RegistryName}' (versions 1 to {model.LatestVersion}).");
        }
        if (m.Groups["label"].Success && !string.Equals(m.Groups["label"].Value, "latest", StringComparison.Ordinal))
        {
            throw ArmErrors.Validation(target, $"The label '{m.Groups["label"].Value}' of model '{model.Name}' does not exist; only 'latest' does.");
        }
    }

    public static string Id(RegistryModelSeed model, int version) =>
        $"azureml://registries/{RegistryName}/models/{model.Name}/versions/{version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>F.2: the ModelVersion shape, with the Emulator-choice id and name.</summary>
    public static JsonObject Render(RegistryModelSeed model, int version)
    {
        var created = SystemData.Iso(FirstVersionAt + TimeSpan.FromDays(7 * (version - 1)));
        var tags = new JsonObject
        {
            ["task"] = "chat-completion",
            ["author"] = "Microsoft",
            ["license"] = "mit",
            ["maas-inference"] = "true",
            // Emulator choice (F.2): a comma-separated region list.
            ["maas-finetuning-deploy-regions"] = string.Join(",", model.DeployRegions),
        };
        if (model.ModelSpecificDefaults is not null)
        {
            tags["model_specific_defaults"] = model.ModelSpecificDefaults.ToJsonString();
        }
        return new JsonObject
        {
            ["id"] = Id(model, version),
            ["name"] = version.ToString(CultureInfo.InvariantCulture),
            ["type"] = "models/versions",
            ["systemData"] = new JsonObject
            {
                ["createdAt"] = created,
                ["createdBy"] = "azureml",
                ["createdByType"] = "Application",
                ["lastModifiedAt"] = created,
                ["lastModifiedBy"] = "azureml",
                ["lastModifiedByType"] = "Application",
            },
            ["properties"] = new JsonObject
            {
                ["description"] = $"{model.Name} (emulated registry entry).",
                ["tags"] = tags,
                ["properties"] = new JsonObject { ["finetuning-tasks"] = "chat-completion" },
                ["flavors"] = new JsonObject
                {
                    ["transformers"] = new JsonObject { ["data"] = new JsonObject { ["task"] = "chat-completion" } },
                },
                ["modelType"] = "mlflow_model",
                ["modelUri"] = Id(model, version),
                ["jobName"] = null,
                ["stage"] = null,
                ["isAnonymous"] = false,
                ["isArchived"] = false,
            },
        };
    }
}
