using System.Text;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

public sealed class BaseModelCatalogFileTests
{
    const string Model = """
        { "name": "M", "registryId": "azureml://registries/azureml/models/M", "contextLengthSource": "{Source}",
          "tokenizer": "Cl100kBase", "exactTokenCount": true, "tokenizerSource": "{Source}", "fineTuningRegions": ["eastus2"],
          "deploymentRegions": [], "regionsSource": "{Source}, again", "taskTypes": ["ChatCompletion"],
          "hyperparameters": [{ "name": "Epochs", "wireName": "num_train_epochs", "default": 2, "source": "{Source}" }],
          "supportsToolMessages": false, "isLegacy": false }
        """;

    static BaseModelCatalogFile Read(string json) => BaseModelCatalogFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    static string Catalogue(string model = Model, string texts = """{ "Base": "a doc", "Source": "{Base}, section 2" }""",
        string defaultModel = "M") =>
        $$"""{ "defaultModel": "{{defaultModel}}", "texts": {{texts}}, "models": [{{model}}] }""";

    [Fact]
    public void Texts_are_expanded_in_every_string_and_may_name_earlier_texts()
    {
        var file = Read(Catalogue());
        var model = Assert.Single(file.Models);
        Assert.Equal("a doc, section 2", model.ContextLengthSource);
        Assert.Equal("a doc, section 2, again", model.RegionsSource);
        Assert.Equal("a doc, section 2", model.Hyperparameters[0].Source);
        Assert.Equal(2, model.Hyperparameters[0].Default);
        Assert.Equal(TokenizerVocabulary.Cl100kBase, model.Tokenizer);
        Assert.Equal("M", file.DefaultModel);
    }

    [Theory]
    [InlineData("{ not json", "could not be read")]
    [InlineData("""{ "defaultModel": "M", "texts": {} }""", "the catalogue has no models")]
    public void A_broken_file_is_a_clear_error(string json, string why) =>
        Assert.Contains(why, Assert.Throws<InvalidDataException>(() => Read(json)).Message);

    [Fact]
    public void A_model_without_a_required_value_an_unknown_key_or_an_undefined_text_is_refused()
    {
        Assert.Contains("regionsSource", Assert.Throws<InvalidDataException>(() =>
            Read(Catalogue(Model.Replace("\"regionsSource\": \"{Source}, again\",", "")))).Message);
        Assert.Contains("colour", Assert.Throws<InvalidDataException>(() =>
            Read(Catalogue(Model.Replace("\"isLegacy\": false", "\"isLegacy\": false, \"colour\": \"red\"")))).Message);
        Assert.Contains("Source", Assert.Throws<InvalidDataException>(() => Read(Catalogue(texts: "{}"))).Message);
        Assert.Contains("Nope", Assert.Throws<InvalidDataException>(() => Read(Catalogue(defaultModel: "Nope"))).Message);
    }

    [Fact]
    public void A_missing_resource_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            BaseModelCatalogFile.ReadEmbedded(typeof(BaseModelCatalog).Assembly, "PhiFineTune.Engine.Models.Nope.json"));
        Assert.Contains("base-model catalogue is missing", e.Message);
        Assert.Contains("Nope.json", e.Message);
    }

    [Fact]
    public void The_embedded_catalogue_is_read_once()
    {
        Assert.Same(BaseModelCatalog.All, BaseModelCatalog.All);
        Assert.Same(BaseModelCatalog.Names, BaseModelCatalog.Names);
    }
}
