using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Engine.Models;

/// <summary>
/// The base-model catalogue as Models/BaseModels.json holds it: the default model, shared texts (mostly sources) and
/// the models. A string may name a shared text as <c>{Name}</c>; a text may name the texts before it.
/// </summary>
internal sealed class BaseModelCatalogFile
{
    internal const string ResourceName = "PhiFineTune.Engine.Models.BaseModels.json";

    static readonly Regex s_placeholder = new(@"\{(\w+)\}", RegexOptions.CultureInvariant);

    BaseModelCatalogFile(string defaultModel, FineTuneBaseModel[] models)
    {
        DefaultModel = defaultModel;
        Models = Array.AsReadOnly(models);
        Names = Array.AsReadOnly(models.Select(m => m.Name).ToArray());
        FineTuningRegions = Array.AsReadOnly(models.SelectMany(m => m.FineTuningRegions)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray());
    }

    public string DefaultModel { get; }
    public IReadOnlyList<FineTuneBaseModel> Models { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<string> FineTuningRegions { get; }

    public static BaseModelCatalogFile ReadEmbedded() => ReadEmbedded(typeof(BaseModelCatalogFile).Assembly, ResourceName);

    internal static BaseModelCatalogFile ReadEmbedded(System.Reflection.Assembly assembly, string resourceName)
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
            var root = JsonNode.Parse(json)?.AsObject() ?? throw Invalid("it is null");
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, text) in root["texts"]?.AsObject() ?? [])
                texts[name] = Expand(text?.GetValue<string>() ?? throw Invalid($"text {name} is null"), texts);
            var modelsNode = root["models"] ?? throw Invalid("it has no models");
            Expand(modelsNode, texts);
            var models = modelsNode.Deserialize(BaseModelCatalogJsonContext.Default.FineTuneBaseModelArray) ?? [];
            var defaultModel = root["defaultModel"]?.GetValue<string>() ?? throw Invalid("it has no defaultModel");
            if (models.Length == 0) throw Invalid("it has no models");
            if (!models.Any(m => m.Name == defaultModel)) throw Invalid($"its defaultModel {defaultModel} is not one of its models");
            return new BaseModelCatalogFile(defaultModel, models);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(e.Message);
        }
    }

    static void Expand(JsonNode node, Dictionary<string, string> texts)
    {
        switch (node)
        {
            case JsonObject values:
                foreach (var (key, value) in values.ToList())
                {
                    if (value is JsonValue text && text.TryGetValue<string>(out var s)) values[key] = Expand(s, texts);
                    else if (value is not null) Expand(value, texts);
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonValue text && text.TryGetValue<string>(out var s)) items[i] = Expand(s, texts);
                    else if (items[i] is { } item) Expand(item, texts);
                }
                break;
        }
    }

    static string Expand(string text, Dictionary<string, string> texts) =>
        s_placeholder.Replace(text, m => texts.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw Invalid($"\"{text}\" names the text {m.Groups[1].Value}, which is not defined before it"));

    static InvalidDataException Invalid(string why) =>
        new($"The base-model catalogue (Models/BaseModels.json) could not be read: {why}.");
}
