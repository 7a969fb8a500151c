namespace PhiFineTune;

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
