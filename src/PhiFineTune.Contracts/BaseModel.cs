namespace PhiFineTune;

/// <summary>The vocabulary a Phi model tokenizes with.</summary>
public enum TokenizerVocabulary
{
    /// <summary>tiktoken o200k_base (Phi-4-mini-instruct, Phi-4-multimodal-instruct).</summary>
    O200kBase,
    /// <summary>tiktoken cl100k_base plus chat special tokens (Phi-4).</summary>
    Cl100kBase,
    /// <summary>The Llama 2 SentencePiece vocabulary plus chat special tokens (Phi-3, Phi-3.5).</summary>
    Llama2SentencePiece,
}

/// <summary>An allowed range of one hyperparameter, with where it comes from.</summary>
public sealed class HyperparameterRange
{
    public required string Name { get; init; }
    /// <summary>The name on the wire of the FineTuning job (contract B.5), e.g. num_train_epochs.</summary>
    public required string WireName { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public double? Default { get; init; }
    public required string Source { get; init; }

    public override string ToString() => $"{Name} {Show(Minimum)}..{Show(Maximum)}";

    static string Show(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}

/// <summary>A fine-tunable Phi base model, from the catalogue in docs/base-models.md.</summary>
public sealed class FineTuneBaseModel
{
    public required string Name { get; init; }
    /// <summary>The azureml registry id without a version, e.g. azureml://registries/azureml/models/Phi-4-mini-instruct.</summary>
    public required string RegistryId { get; init; }
    /// <summary>Maximum tokens per example; null where no source gives it (see ContextLengthSource).</summary>
    public int? ContextLength { get; init; }
    public required string ContextLengthSource { get; init; }
    public required TokenizerVocabulary Tokenizer { get; init; }
    /// <summary>Rows of the model's embedding table (config.json vocab_size); null where no source gives it.</summary>
    public int? VocabularySize { get; init; }
    /// <summary>True when this module counts this model's tokens exactly; false when it estimates them.</summary>
    public required bool ExactTokenCount { get; init; }
    public required string TokenizerSource { get; init; }
    public required IReadOnlyList<string> FineTuningRegions { get; init; }
    public required IReadOnlyList<string> DeploymentRegions { get; init; }
    public required string RegionsSource { get; init; }
    public required IReadOnlyList<string> TaskTypes { get; init; }
    public required IReadOnlyList<HyperparameterRange> Hyperparameters { get; init; }
    /// <summary>Whether a "tool" role message is accepted in training data for this model.</summary>
    public required bool SupportsToolMessages { get; init; }
    /// <summary>Phi-3 and Phi-3.5: legacy models, fine-tuned in East US 2 only.</summary>
    public required bool IsLegacy { get; init; }
    public string? Notes { get; init; }

    public override string ToString() => Name;
}
