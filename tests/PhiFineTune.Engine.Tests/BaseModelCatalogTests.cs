using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

public sealed class BaseModelCatalogTests
{
    static readonly string[] Expected =
    [
        "Phi-4-mini-instruct", "Phi-4", "Phi-4-multimodal-instruct",
        "Phi-3-mini-4k-instruct", "Phi-3-mini-128k-instruct", "Phi-3-medium-4k-instruct", "Phi-3-medium-128k-instruct",
        "Phi-3.5-mini-instruct", "Phi-3.5-MoE-instruct",
    ];

    public static TheoryData<string> ModelNames() => [.. Expected];

    [Fact]
    public void All_nine_models_are_listed_once_in_catalogue_order() =>
        Assert.Equal(Expected, BaseModelCatalog.All.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Every_model_has_its_azureml_registry_id_without_a_version(string name)
    {
        var model = BaseModelCatalog.Resolve(name);
        Assert.Equal($"azureml://registries/azureml/models/{name}", model.RegistryId);
        Assert.DoesNotContain("/versions/", model.RegistryId);
    }

    [Fact]
    public void The_default_model_is_in_the_catalogue() =>
        Assert.Equal("Phi-4-mini-instruct", BaseModelCatalog.Find(BaseModelCatalog.DefaultModel)!.Name);

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Every_value_names_its_source_and_every_null_says_why(string name)
    {
        var model = BaseModelCatalog.Resolve(name);
        Assert.False(string.IsNullOrWhiteSpace(model.ContextLengthSource));
        Assert.False(string.IsNullOrWhiteSpace(model.TokenizerSource));
        Assert.False(string.IsNullOrWhiteSpace(model.RegionsSource));
        if (model.ContextLength is null) Assert.Contains("no source", model.ContextLengthSource, StringComparison.OrdinalIgnoreCase);
        if (model.VocabularySize is null) Assert.Contains("no source", model.TokenizerSource, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(["per_device_train_batch_size", "learning_rate", "num_train_epochs"], model.Hyperparameters.Select(h => h.WireName));
        foreach (var range in model.Hyperparameters)
        {
            Assert.False(string.IsNullOrWhiteSpace(range.Source));
            if (range.Minimum is null || range.Maximum is null)
                Assert.Contains("No source gives the minimum or maximum", range.Source);
            if (range.Default is null)
                Assert.Contains("No source gives the default", range.Source);
            if (range.Minimum is { } min && range.Maximum is { } max) Assert.True(min < max);
        }
        if (!model.SupportsToolMessages) Assert.Contains("\"tool\"", model.Notes);
    }

    [Theory]
    [InlineData("Phi-4-mini-instruct", 131072, TokenizerVocabulary.O200kBase, 200064)]
    [InlineData("Phi-4", 16384, TokenizerVocabulary.Cl100kBase, 100352)]
    [InlineData("Phi-4-multimodal-instruct", 131072, TokenizerVocabulary.O200kBase, 200064)]
    [InlineData("Phi-3-mini-4k-instruct", 4096, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    [InlineData("Phi-3-mini-128k-instruct", 131072, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    [InlineData("Phi-3-medium-4k-instruct", 4096, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    [InlineData("Phi-3-medium-128k-instruct", 131072, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    [InlineData("Phi-3.5-mini-instruct", 131072, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    [InlineData("Phi-3.5-MoE-instruct", 131072, TokenizerVocabulary.Llama2SentencePiece, 32064)]
    public void Context_length_and_vocabulary_are_the_published_ones(string name, int context, TokenizerVocabulary vocabulary, int size)
    {
        var model = BaseModelCatalog.Resolve(name);
        Assert.Equal(context, model.ContextLength);
        Assert.Equal(vocabulary, model.Tokenizer);
        Assert.Equal(size, model.VocabularySize);
        // The module counts tiktoken vocabularies exactly and estimates the Llama 2 SentencePiece one.
        Assert.Equal(vocabulary != TokenizerVocabulary.Llama2SentencePiece, model.ExactTokenCount);
        Assert.Equal(["ChatCompletion"], model.TaskTypes);
    }

    [Fact]
    public void Legacy_models_are_the_Phi_3_and_Phi_3_5_ones_and_fine_tune_in_eastus2_only()
    {
        var legacy = BaseModelCatalog.All.Where(m => m.IsLegacy).ToList();
        Assert.Equal(6, legacy.Count);
        Assert.All(legacy, m => Assert.StartsWith("Phi-3", m.Name));
        Assert.All(legacy, m => Assert.Equal(["eastus2"], m.FineTuningRegions));
        Assert.All(legacy, m => Assert.Contains("East US 2", m.RegionsSource));
        Assert.All(BaseModelCatalog.All.Where(m => !m.IsLegacy), m => Assert.StartsWith("Phi-4", m.Name));
    }

    [Fact]
    public void Fine_tuning_and_deployment_regions_follow_the_region_table_and_the_notebook()
    {
        string[] phi4FineTuning = ["eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus3"];
        foreach (var name in new[] { "Phi-4-mini-instruct", "Phi-4", "Phi-4-multimodal-instruct" })
            Assert.Equal(phi4FineTuning, BaseModelCatalog.Resolve(name).FineTuningRegions.Order());

        // The notebook's fine-tuned deployment matrix: swedencentral only for Phi-3-medium-128k.
        Assert.Equal(["eastus2"], BaseModelCatalog.Resolve("Phi-3-mini-4k-instruct").DeploymentRegions);
        Assert.Equal(["eastus2", "swedencentral"], BaseModelCatalog.Resolve("Phi-3-medium-128k-instruct").DeploymentRegions);
        Assert.DoesNotContain("swedencentral", BaseModelCatalog.Resolve("Phi-4-mini-instruct").DeploymentRegions);
        Assert.Contains("swedencentral", BaseModelCatalog.Resolve("Phi-4").DeploymentRegions);
        Assert.All(BaseModelCatalog.All.SelectMany(m => m.FineTuningRegions.Concat(m.DeploymentRegions)),
            r => Assert.Matches("^[a-z0-9]+$", r));
    }

    [Theory]
    [InlineData("eastus2", 9)]
    [InlineData("East US 2", 9)]
    [InlineData("EASTUS", 3)]
    [InlineData("westus3", 3)]
    [InlineData("swedencentral", 0)]
    [InlineData("westeurope", 0)]
    public void Region_filter_keeps_the_models_fine_tunable_there(string region, int count)
    {
        var models = BaseModelCatalog.Filter(null, region).ToList();
        Assert.Equal(count, models.Count);
        Assert.All(models, m => Assert.Contains(BaseModelCatalog.NormalizeRegion(region), m.FineTuningRegions));
    }

    [Fact]
    public void Name_and_region_filters_combine()
    {
        Assert.Equal(["Phi-4-mini-instruct"], BaseModelCatalog.Filter(n => n.Contains("mini"), "eastus").Select(m => m.Name));
        Assert.Equal(4, BaseModelCatalog.Filter(n => n.Contains("mini"), "eastus2").Count());
        Assert.Empty(BaseModelCatalog.Filter(_ => false, null));
    }

    [Fact]
    public void Find_ignores_case_and_an_unknown_name_fails_with_the_known_names()
    {
        Assert.Same(BaseModelCatalog.Find("Phi-3.5-MoE-instruct"), BaseModelCatalog.Find("phi-3.5-moe-INSTRUCT"));
        Assert.Null(BaseModelCatalog.Find("Phi-4-mini"));
        var e = Assert.Throws<FineTuneException>(() => BaseModelCatalog.Resolve("Phi-4-mini"));
        Assert.Equal("BaseModelNotFound", e.ErrorId);
        Assert.Equal(FailureKind.NotFound, e.Kind);
        Assert.Equal("Phi-4-mini", e.Target);
        Assert.All(Expected, n => Assert.Contains(n, e.Message));
    }
}
