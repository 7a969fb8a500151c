using System.Text;
using System.Text.RegularExpressions;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// The Phi base models that serverless fine-tuning in a hub-based Foundry project offers, with what public sources say
/// about each: registry id, context length, vocabulary, regions, hyperparameters. Every value carries its source;
/// where no source gives a value it is null and the source text says so. docs/base-models.md is the same table.
/// </summary>
public static class BaseModelCatalog
{
    /// <summary>The model a command uses when none is named.</summary>
    public const string DefaultModel = "Phi-4-mini-instruct";

    /// <summary>Base Phi models live in the azureml system registry (contracts/arm B.6, F.2).</summary>
    public const string RegistryIdPrefix = "azureml://registries/azureml/models/";

    // ------------------------------------------------------------------ sources

    const string DocRegions =
        "azure-ai-docs articles/ai-foundry/includes/region-availability-maas.md (ms.date 2025-11-24), Microsoft models table [DOC-REGIONS, contracts/arm B.10]";
    const string DocPhi3 =
        "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]";
    const string Notebook =
        "azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10]";
    const string Assets = "Azure/azureml-assets assets/models/system";

    const string NoToolSource =
        " No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false.";

    static readonly string[] Phi4FineTuningRegions = ["eastus2", "eastus", "northcentralus", "southcentralus", "westus", "westus3"];
    static readonly string[] Phi4ServerlessRegions = ["eastus2", "eastus", "northcentralus", "southcentralus", "swedencentral", "westus", "westus3"];
    static readonly string[] NotebookSixRegions = ["eastus2", "eastus", "northcentralus", "westus3", "westus", "southcentralus"];
    static readonly string[] LegacyFineTuningRegions = ["eastus2"];

    static readonly string[] ChatCompletion = ["ChatCompletion"];

    // ------------------------------------------------------------------ hyperparameters

    const string BatchSize = "per_device_train_batch_size";
    const string LearningRate = "learning_rate";
    const string Epochs = "num_train_epochs";

    const string LearningRateIsNotTheMultiplier =
        " The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002.";

    static HyperparameterRange Phi4BatchSize(double? @default, string? defaultSource) => new()
    {
        Name = "BatchSize",
        WireName = BatchSize,
        Default = @default,
        Source = "No source gives the minimum or maximum for this model: fine-tune-serverless.md [DOC-SLS-FT] says the default and maximum batch size are specific to the base model without giving them, and the -1 and 256 of fine-tune-phi-3.md are stated for Phi-3 and Phi-3.5." +
                 (defaultSource is null ? " No source gives the default." : $" Default: {defaultSource}."),
    };

    static HyperparameterRange LegacyBatchSize(double? @default, string? defaultSource) => new()
    {
        Name = "BatchSize",
        WireName = BatchSize,
        Minimum = -1,
        Maximum = 256,
        Default = @default,
        Source = $"{DocPhi3}: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to {BatchSize} explicitly." +
                 (defaultSource is null ? " No source gives the default." : $" Default: {defaultSource}."),
    };

    static HyperparameterRange UnknownLearningRate(double? @default, string? defaultSource) => new()
    {
        Name = "LearningRate",
        WireName = LearningRate,
        Default = @default,
        Source = "No source gives the minimum or maximum for this model." +
                 (defaultSource is null ? " No source gives the default." : $" Default: {defaultSource}.") +
                 LearningRateIsNotTheMultiplier,
    };

    static HyperparameterRange AssetLearningRate(string assetSource) => new()
    {
        Name = "LearningRate",
        WireName = LearningRate,
        Minimum = 5e-7,
        Maximum = 5e-5,
        Default = 5e-6,
        Source = $"{assetSource} model_specific_defaults: learning_rate 5e-6, learning_rate_min 5e-7, learning_rate_max 5e-5." +
                 LearningRateIsNotTheMultiplier,
    };

    static HyperparameterRange EpochRange(double? @default, string? defaultSource) => new()
    {
        Name = "Epochs",
        WireName = Epochs,
        Default = @default,
        Source = "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits)." +
                 (defaultSource is null ? " No source gives the default." : $" Default: {defaultSource}."),
    };

    // ------------------------------------------------------------------ the catalogue

    static FineTuneBaseModel[] Build()
    {
        const string phi4Asset = Assets + "/Phi-4/spec.yaml (asset version 8)";
        const string phi3Mini4kAsset = Assets + "/phi-3-mini-4k-instruct/spec.yaml (asset version 15)";
        const string phi3Mini128kAsset = Assets + "/phi-3-mini-128k-instruct/spec.yaml (asset version 13)";
        const string phi3Medium4kAsset = Assets + "/phi-3-medium-4k-instruct/spec.yaml (asset version 6)";
        const string phi3Medium128kAsset = Assets + "/phi-3-medium-128k-instruct/spec.yaml (asset version 7)";
        const string phi3Report =
            "Phi-3 Technical Report (arXiv:2404.14219), section 2: phi-3-mini uses the same tokenizer as Llama-2 with vocabulary size 32064, and phi-3-medium the same tokenizer as phi-3-mini; config.json vocab_size 32064 (32000 Llama 2 SentencePiece pieces plus added chat and placeholder tokens)";
        const string phi35Learn =
            "learn.microsoft.com azure/ai-studio/how-to/deploy-models-phi-3 (\"How to use Phi-3 family chat models\")";
        const string phi3Retirement =
            " The asset's tags set FinetuneDeprecationDate 2025-06-30 and FinetuneRetirementDate 2025-08-30: check the model catalog before relying on it.";

        return
        [
            new()
            {
                Name = "Phi-4-mini-instruct",
                RegistryId = RegistryIdPrefix + "Phi-4-mini-instruct",
                ContextLength = 131072,
                ContextLengthSource = "max_position_embeddings 131072 in huggingface.co/microsoft/Phi-4-mini-instruct config.json (as recorded, with that URL, by Lightning-AI/litgpt litgpt/config.py: block_size 131072); the model card says 128K tokens",
                Tokenizer = TokenizerVocabulary.O200kBase,
                VocabularySize = 200064,
                ExactTokenCount = true,
                TokenizerSource = "huggingface.co/microsoft/Phi-4-mini-instruct config.json: auto_map AutoTokenizer \"Xenova/gpt-4o\" (the GPT-4o o200k_base tokenizer) and vocab_size 200064; litgpt litgpt/config.py records 200019 tokenizer entries padded to 200064",
                FineTuningRegions = Phi4FineTuningRegions,
                DeploymentRegions = NotebookSixRegions,
                RegionsSource = $"Fine-tuning: {DocRegions}. Deployment of the fine-tuned model: {Notebook}. The DOC-REGIONS table also lists swedencentral for deploying the base model serverlessly; the notebook's matrix for fine-tuned models does not.",
                TaskTypes = ChatCompletion,
                Hyperparameters =
                [
                    Phi4BatchSize(null, null),
                    UnknownLearningRate(null, null),
                    EpochRange(null, null),
                ],
                SupportsToolMessages = false,
                IsLegacy = false,
                Notes = "The default model of this module. The model card documents function calling at inference: tool definitions in the system message between <|tool|> and <|/tool|> (the chat_template of its tokenizer_config.json)." + NoToolSource,
            },
            new()
            {
                Name = "Phi-4",
                RegistryId = RegistryIdPrefix + "Phi-4",
                ContextLength = 16384,
                ContextLengthSource = $"{phi4Asset} tags.textContextWindow 16384; huggingface.co/microsoft/phi-4 config.json max_position_embeddings 16384 and tokenizer_config.json model_max_length 16384",
                Tokenizer = TokenizerVocabulary.Cl100kBase,
                VocabularySize = 100352,
                ExactTokenCount = true,
                TokenizerSource = "huggingface.co/microsoft/phi-4 config.json vocab_size 100352; pytorch/torchtune torchtune/models/phi4/_tokenizer.py: the cl100k_base pre-tokenizer pattern, <|endoftext|> at 100257 as in cl100k_base, and Phi-4's special tokens (<|im_start|>, <|im_sep|>, <|im_end|>, dummies) filling 100256 to 100351",
                FineTuningRegions = Phi4FineTuningRegions,
                DeploymentRegions = Phi4ServerlessRegions,
                RegionsSource = $"Fine-tuning and deployment: {DocRegions}. The deployment column is for serverless deployment of the model; the notebook's matrix for fine-tuned deployments [NB] does not list Phi-4.",
                TaskTypes = ChatCompletion,
                Hyperparameters =
                [
                    Phi4BatchSize(1, $"{phi4Asset} model_specific_defaults per_device_train_batch_size 1"),
                    UnknownLearningRate(5e-6, $"{phi4Asset} model_specific_defaults learning_rate 5e-6 (it gives no learning_rate_min or learning_rate_max)"),
                    EpochRange(1, $"{phi4Asset} model_specific_defaults num_train_epochs 1"),
                ],
                SupportsToolMessages = false,
                IsLegacy = false,
                Notes = "The chat_template of microsoft/phi-4 renders only system, user and assistant messages." + NoToolSource,
            },
            new()
            {
                Name = "Phi-4-multimodal-instruct",
                RegistryId = RegistryIdPrefix + "Phi-4-multimodal-instruct",
                ContextLength = 131072,
                ContextLengthSource = "huggingface/transformers src/transformers/models/phi4_multimodal/configuration_phi4_multimodal.py (checkpoint microsoft/Phi-4-multimodal-instruct): max_position_embeddings 131072; the model card says 128K tokens",
                Tokenizer = TokenizerVocabulary.O200kBase,
                VocabularySize = 200064,
                ExactTokenCount = true,
                TokenizerSource = "huggingface.co/microsoft/Phi-4-multimodal-instruct config.json auto_map AutoTokenizer \"Xenova/gpt-4o\" (o200k_base); transformers configuration_phi4_multimodal.py vocab_size 200064; its language model is Phi-4-mini-instruct",
                FineTuningRegions = Phi4FineTuningRegions,
                DeploymentRegions = Phi4ServerlessRegions,
                RegionsSource = $"Fine-tuning and deployment: {DocRegions}. The deployment column is for serverless deployment of the model; the notebook's matrix for fine-tuned deployments [NB] does not list Phi-4-multimodal-instruct.",
                TaskTypes = ChatCompletion,
                Hyperparameters =
                [
                    Phi4BatchSize(null, null),
                    UnknownLearningRate(null, null),
                    EpochRange(null, null),
                ],
                SupportsToolMessages = false,
                IsLegacy = false,
                Notes = "Images and audio: no source read describes how serverless fine-tuning takes them in training data; this module checks text chat examples only. Its tokenizer_config.json has the same chat_template as Phi-4-mini-instruct (tool definitions in the system message)." + NoToolSource,
            },
            Legacy("Phi-3-mini-4k-instruct", 4096,
                $"{phi3Mini4kAsset} tags.textContextWindow 4096; huggingface.co/microsoft/Phi-3-mini-4k-instruct config.json max_position_embeddings 4096",
                phi3Report, ["eastus2"],
                [
                    LegacyBatchSize(1, $"{phi3Mini4kAsset} model_specific_defaults per_device_train_batch_size 1"),
                    AssetLearningRate(phi3Mini4kAsset),
                    EpochRange(1, $"{phi3Mini4kAsset} model_specific_defaults num_train_epochs 1"),
                ],
                "Fine-tuning retirement:" + phi3Retirement),
            Legacy("Phi-3-mini-128k-instruct", 131072,
                $"{phi3Mini128kAsset} tags.textContextWindow 131072; huggingface.co/microsoft/Phi-3-mini-128k-instruct config.json max_position_embeddings 131072",
                phi3Report, ["eastus2"],
                [
                    LegacyBatchSize(1, $"{phi3Mini128kAsset} model_specific_defaults per_device_train_batch_size 1"),
                    AssetLearningRate(phi3Mini128kAsset),
                    EpochRange(1, $"{phi3Mini128kAsset} model_specific_defaults num_train_epochs 1"),
                ],
                "Fine-tuning retirement:" + phi3Retirement),
            Legacy("Phi-3-medium-4k-instruct", 4096,
                $"{phi3Medium4kAsset} tags.textContextWindow 4096 (model_specific_defaults max_seq_length 4096)",
                phi3Report, ["eastus2"],
                [
                    LegacyBatchSize(4, $"{phi3Medium4kAsset} model_specific_defaults per_device_train_batch_size 4 (gradient_accumulation_steps 4)"),
                    AssetLearningRate(phi3Medium4kAsset),
                    EpochRange(1, $"{phi3Medium4kAsset} model_specific_defaults num_train_epochs 1"),
                ],
                "Fine-tuning retirement:" + phi3Retirement),
            Legacy("Phi-3-medium-128k-instruct", 131072,
                $"{phi3Medium128kAsset} tags.textContextWindow 131072",
                phi3Report, ["eastus2", "swedencentral"],
                [
                    LegacyBatchSize(4, $"{phi3Medium128kAsset} model_specific_defaults per_device_train_batch_size 4 (gradient_accumulation_steps 4)"),
                    AssetLearningRate(phi3Medium128kAsset),
                    EpochRange(1, $"{phi3Medium128kAsset} model_specific_defaults num_train_epochs 1"),
                ],
                "The fine-tuning defaults of its asset set max_seq_length 4096, so longer examples are probably cut to 4096 tokens in training although the model reads 131072; no source says whether that default can be changed." +
                " Fine-tuning retirement:" + phi3Retirement),
            Legacy("Phi-3.5-mini-instruct", 131072,
                $"{phi35Learn}: the Phi-3.5 models have a context length of 128K tokens; huggingface.co/microsoft/Phi-3.5-mini-instruct config.json max_position_embeddings 131072",
                $"{phi35Learn}: Phi-3.5 Mini uses the same tokenizer as Phi-3 Mini; config.json vocab_size 32064",
                NotebookSixRegions,
                [
                    LegacyBatchSize(null, null),
                    UnknownLearningRate(null, null),
                    EpochRange(null, null),
                ],
                "No azureml-assets spec for this model was found, so no fine-tuning defaults are known."),
            Legacy("Phi-3.5-MoE-instruct", 131072,
                $"{phi35Learn}: the Phi-3.5 models have a context length of 128K tokens; config.json of microsoft/Phi-3.5-MoE-instruct max_position_embeddings 131072",
                $"{phi35Learn}: Phi-3.5 MoE uses a tokenizer with vocabulary size 32,064 (the Phi-3 Mini tokenizer)",
                NotebookSixRegions,
                [
                    LegacyBatchSize(null, null),
                    UnknownLearningRate(null, null),
                    EpochRange(null, null),
                ],
                "No azureml-assets spec for this model was found, so no fine-tuning defaults are known. The notebook's matrix spells it Phi-3.5-MOE-instruct."),
        ];
    }

    static FineTuneBaseModel Legacy(string name, int contextLength, string contextSource, string tokenizerSource,
        string[] deploymentRegions, HyperparameterRange[] hyperparameters, string notes) => new()
    {
        Name = name,
        RegistryId = RegistryIdPrefix + name,
        ContextLength = contextLength,
        ContextLengthSource = contextSource,
        Tokenizer = TokenizerVocabulary.Llama2SentencePiece,
        VocabularySize = 32064,
        ExactTokenCount = false,
        TokenizerSource = tokenizerSource,
        FineTuningRegions = LegacyFineTuningRegions,
        DeploymentRegions = deploymentRegions,
        RegionsSource = $"Fine-tuning: {DocPhi3}, pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: {Notebook}.",
        TaskTypes = ChatCompletion,
        Hyperparameters = hyperparameters,
        SupportsToolMessages = false,
        IsLegacy = true,
        Notes = notes + NoToolSource,
    };

    // ------------------------------------------------------------------ look-ups

    public static IReadOnlyList<FineTuneBaseModel> All { get; } = Array.AsReadOnly(Build());

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The model of that name, ignoring case; null when there is none.</summary>
    public static FineTuneBaseModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The model of that name, or the BaseModelNotFound failure that lists the known names.</summary>
    public static FineTuneBaseModel Resolve(string name) => Find(name) ?? throw NotFound(name);

    public static FineTuneException NotFound(string name) => new(
        "BaseModelNotFound", FailureKind.NotFound,
        $"'{name}' is not a fine-tunable Phi base model. Known models: {string.Join(", ", Names)}.",
        name,
        "Run Get-FineTuneBaseModel to list the models, or press Tab after -Name to complete one.");

    /// <summary>
    /// The models whose name matches any of <paramref name="names"/> (PowerShell wildcards, ignoring case; all
    /// models when none is given) and that can be fine-tuned in <paramref name="region"/> when it is given, in
    /// catalogue order.
    /// </summary>
    public static IEnumerable<FineTuneBaseModel> Filter(string[]? names, string? region)
    {
        var patterns = (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => WildcardToRegex(n.Trim())).ToList();
        var location = string.IsNullOrWhiteSpace(region) ? null : NormalizeRegion(region);
        return All.Where(m =>
            (patterns.Count == 0 || patterns.Any(p => p.IsMatch(m.Name))) &&
            (location is null || m.FineTuningRegions.Contains(location, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>Every region where at least one model can be fine-tuned.</summary>
    public static IReadOnlyList<string> FineTuningRegions { get; } =
        All.SelectMany(m => m.FineTuningRegions).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();

    /// <summary>"East US 2", "eastus2" and "EastUS2" all become the ARM name eastus2.</summary>
    public static string NormalizeRegion(string region) =>
        new string(region.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

    /// <summary>True when the text has an unescaped *, ? or [ (as PowerShell's WildcardPattern reads it).</summary>
    public static bool HasWildcard(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '`') { i++; continue; }
            if (text[i] is '*' or '?' or '[') return true;
        }
        return false;
    }

    /// <summary>PowerShell wildcard semantics: * any run, ? one character, [abc] and [a-z] sets, ` escapes.</summary>
    static Regex WildcardToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) { regex.Append(@"\["); break; }
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.Replace(@"\", @"\\").Replace("^", @"\^")).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
