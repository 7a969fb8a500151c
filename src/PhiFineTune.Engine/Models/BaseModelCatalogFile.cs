using System.Reflection;
using System.Text;
using System.Text.Json;

namespace PhiFineTune.Engine.Models;

/// <summary>
/// The base-model catalogue as Models/BaseModels.json holds it: the default model, shared texts (mostly sources) and
/// the models. A string may name a shared text as <c>{Name}</c>; a text may name the texts before it. Read with
/// JsonDocument and mapped by hand: a serializer's first use costs several times the whole read (Get-FineTuneBaseModel
/// and tab completion pay for it), and a key that is missing or unknown is named in the error.
/// </summary>
internal sealed class BaseModelCatalogFile
{
    internal const string ResourceName = "PhiFineTune.Engine.Models.BaseModels.json";

    static readonly string[] s_modelKeys =
    [
        "name", "registryId", "contextLength", "contextLengthSource", "tokenizer", "vocabularySize", "exactTokenCount",
        "tokenizerSource", "fineTuningRegions", "deploymentRegions", "regionsSource", "taskTypes", "hyperparameters",
        "supportsToolMessages", "isLegacy", "notes",
    ];
    static readonly string[] s_rangeKeys = ["name", "wireName", "minimum", "maximum", "default", "source"];

    readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    BaseModelCatalogFile(JsonElement root)
    {
        if (root.TryGetProperty("texts", out var texts))
        {
            foreach (var text in texts.EnumerateObject()) _texts[text.Name] = Expand(text.Value.GetString() ?? "");
        }
        DefaultModel = String(root, "defaultModel");
        Models = Array.AsReadOnly(Required(root, "models").EnumerateArray().Select(Model).ToArray());
        if (Models.Count == 0) throw Invalid("it has no models");
        if (!Models.Any(m => m.Name == DefaultModel)) throw Invalid($"its defaultModel {DefaultModel} is not one of its models");
        Names = Array.AsReadOnly(Models.Select(m => m.Name).ToArray());
        FineTuningRegions = Array.AsReadOnly(Models.SelectMany(m => m.FineTuningRegions)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray());
    }

    public string DefaultModel { get; }
    public IReadOnlyList<FineTuneBaseModel> Models { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<string> FineTuningRegions { get; }

    public static BaseModelCatalogFile ReadEmbedded() => ReadEmbedded(typeof(BaseModelCatalogFile).Assembly, ResourceName);

    internal static BaseModelCatalogFile ReadEmbedded(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"The base-model catalogue is missing: {assembly.GetName().Name} has no resource {resourceName}.");
        return Read(stream);
    }

    /// <summary>Reads and checks a catalogue; <see cref="InvalidDataException"/> says what is wrong with it.</summary>
    internal static BaseModelCatalogFile Read(Stream json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return new BaseModelCatalogFile(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw Invalid(e.Message.TrimEnd('.'));
        }
    }

    FineTuneBaseModel Model(JsonElement model)
    {
        OnlyKnownKeys(model, s_modelKeys);
        return new FineTuneBaseModel
        {
            Name = String(model, "name"),
            RegistryId = String(model, "registryId"),
            ContextLength = OptionalNumber(model, "contextLength") is { } context ? checked((int)context) : null,
            ContextLengthSource = String(model, "contextLengthSource"),
            Tokenizer = Enum.Parse<TokenizerVocabulary>(String(model, "tokenizer")),
            VocabularySize = OptionalNumber(model, "vocabularySize") is { } size ? checked((int)size) : null,
            ExactTokenCount = Required(model, "exactTokenCount").GetBoolean(),
            TokenizerSource = String(model, "tokenizerSource"),
            FineTuningRegions = Strings(model, "fineTuningRegions"),
            DeploymentRegions = Strings(model, "deploymentRegions"),
            RegionsSource = String(model, "regionsSource"),
            TaskTypes = Strings(model, "taskTypes"),
            Hyperparameters = Array.AsReadOnly(Required(model, "hyperparameters").EnumerateArray().Select(Range).ToArray()),
            SupportsToolMessages = Required(model, "supportsToolMessages").GetBoolean(),
            IsLegacy = Required(model, "isLegacy").GetBoolean(),
            Notes = model.TryGetProperty("notes", out var notes) ? Expand(notes.GetString() ?? "") : null,
        };
    }

    HyperparameterRange Range(JsonElement range)
    {
        OnlyKnownKeys(range, s_rangeKeys);
        return new HyperparameterRange
        {
            Name = String(range, "name"),
            WireName = String(range, "wireName"),
            Minimum = OptionalNumber(range, "minimum"),
            Maximum = OptionalNumber(range, "maximum"),
            Default = OptionalNumber(range, "default"),
            Source = String(range, "source"),
        };
    }

    string String(JsonElement value, string key) =>
        Expand(Required(value, key).GetString() ?? throw Invalid($"{Describe(value)} has a null {key}"));

    IReadOnlyList<string> Strings(JsonElement value, string key) =>
        Array.AsReadOnly(Required(value, key).EnumerateArray().Select(s => Expand(s.GetString() ?? "")).ToArray());

    static double? OptionalNumber(JsonElement value, string key) =>
        value.TryGetProperty(key, out var number) && number.ValueKind != JsonValueKind.Null ? number.GetDouble() : null;

    static JsonElement Required(JsonElement value, string key) =>
        value.TryGetProperty(key, out var found) ? found : throw Invalid($"{Describe(value)} has no {key}");

    static void OnlyKnownKeys(JsonElement value, string[] keys)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (!keys.Contains(property.Name)) throw Invalid($"{Describe(value)} has the unknown key {property.Name}");
        }
    }

    static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? $"'{name.GetString()}'"
            : "the catalogue";

    /// <summary>The text with each {Name} replaced by that shared text.</summary>
    string Expand(string text)
    {
        var open = text.IndexOf('{');
        if (open < 0) return text;
        var result = new StringBuilder();
        var at = 0;
        while (open >= 0)
        {
            var close = text.IndexOf('}', open);
            if (close < 0) break;
            var name = text[(open + 1)..close];
            if (!_texts.TryGetValue(name, out var value))
                throw Invalid($"\"{text}\" names the text {name}, which is not defined before it");
            result.Append(text, at, open - at).Append(value);
            at = close + 1;
            open = text.IndexOf('{', at);
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    static InvalidDataException Invalid(string why) =>
        new($"The base-model catalogue (Models/BaseModels.json) could not be read: {why}.");
}
