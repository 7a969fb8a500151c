using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Models;

/// <summary>
/// The Phi base models that serverless fine-tuning in a hub-based Foundry project offers, with what public sources say
/// about each: registry id, context length, vocabulary, regions, hyperparameters. Every value carries its source;
/// where no source gives a value it is null and the source text says so. The data is Models/BaseModels.json, embedded
/// in this assembly and read once, at first use; docs/base-models.md is the same table.
/// </summary>
public static class BaseModelCatalog
{
    static readonly Lazy<BaseModelCatalogFile> s_file = new(BaseModelCatalogFile.ReadEmbedded);

    /// <summary>The model a command uses when none is named.</summary>
    public static string DefaultModel => s_file.Value.DefaultModel;

    /// <summary>Every model, in catalogue order.</summary>
    public static IReadOnlyList<FineTuneBaseModel> All => s_file.Value.Models;

    /// <summary>The models' names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names => s_file.Value.Names;

    /// <summary>Every region where at least one model can be fine-tuned.</summary>
    public static IReadOnlyList<string> FineTuningRegions => s_file.Value.FineTuningRegions;

    /// <summary>The model of that name, ignoring case; null when there is none.</summary>
    public static FineTuneBaseModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The model of that name, or the BaseModelNotFound failure that lists the known names.</summary>
    public static FineTuneBaseModel Resolve(string name) => Find(name) ?? throw NotFound(name);

    public static FineTuneException NotFound(string name) => new(
        "BaseModelNotFound", FailureKind.NotFound,
        $"'{name}' is not a fine-tunable Phi base model. Known models: {string.Join(", ", Names)}.",
        name,
        ActionTexts.ListBaseModels);

    /// <summary>
    /// The models whose name <paramref name="nameMatches"/> accepts (all models when it is null) and that can be
    /// fine-tuned in <paramref name="region"/> when it is given, in catalogue order. The caller matches names: the
    /// cmdlets with PowerShell's own wildcards.
    /// </summary>
    public static IEnumerable<FineTuneBaseModel> Filter(Func<string, bool>? nameMatches, string? region)
    {
        var location = string.IsNullOrWhiteSpace(region) ? null : NormalizeRegion(region);
        return All.Where(m =>
            (nameMatches is null || nameMatches(m.Name)) &&
            (location is null || m.FineTuningRegions.Contains(location, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>"East US 2", "eastus2" and "EastUS2" all become the ARM name eastus2.</summary>
    public static string NormalizeRegion(string region) =>
        new string(region.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
}
