using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Projects;

/// <summary>The region check of a new project: where the chosen model, or any Phi base model, offers fine-tuning (contract B.10).</summary>
public static class ProjectRegion
{
    /// <summary>The ARM name of <paramref name="location"/> ("East US 2" and "eastus2" alike), or the error naming the regions.</summary>
    public static string Check(string location, string? model)
    {
        var regions = model is null ? BaseModelCatalog.FineTuningRegions : BaseModelCatalog.Resolve(model).FineTuningRegions;
        var name = BaseModelCatalog.NormalizeRegion(location ?? "");
        if (regions.Contains(name, StringComparer.OrdinalIgnoreCase)) return name;
        var what = model is null ? "any Phi base model" : BaseModelCatalog.Resolve(model).Name;
        throw new FineTuneException("RegionNotForFineTuning", FailureKind.InvalidArgument,
            $"-Location '{location}' is not a region where {what} can be fine-tuned; those regions are: " +
            $"{string.Join(", ", regions)}.", location, ActionTexts.ChooseFineTuningRegion);
    }
}
