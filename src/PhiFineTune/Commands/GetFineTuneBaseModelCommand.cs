using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands;

/// <summary>
/// The catalogue of fine-tunable Phi base models: registry id, context length, vocabulary, regions, hyperparameter
/// ranges and task types, each with its source. Offline: it needs no connection.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FineTuneBaseModel")]
[OutputType(typeof(FineTuneBaseModel))]
public sealed class GetFineTuneBaseModelCommand : FineTuneCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BaseModelNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>An Azure region, ARM form (eastus2) or display form (East US 2).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    protected override void ProcessRecordCore()
    {
        foreach (var name in Name ?? [])
        {
            if (WildcardPattern.ContainsWildcardCharacters(name)) continue;
            if (BaseModelCatalog.Find(name) is not { } model)
            {
                WriteError(ToErrorRecord(BaseModelCatalog.NotFound(name)));
            }
            else if (Region is not null && !BaseModelCatalog.Filter(n => n == model.Name, Region).Any())
            {
                WriteVerbose($"{model.Name} cannot be fine-tuned in {BaseModelCatalog.NormalizeRegion(Region)}; " +
                             $"it can in {string.Join(", ", model.FineTuningRegions)}.");
            }
        }

        var found = BaseModelCatalog.Filter(WildcardNames.Matcher(Name), Region).ToList();
        if (found.Count == 0 && Region is not null && Name is null)
        {
            WriteVerbose($"No base model can be fine-tuned in {BaseModelCatalog.NormalizeRegion(Region)}. " +
                         $"Fine-tuning regions: {string.Join(", ", BaseModelCatalog.FineTuningRegions)}.");
        }
        WriteObject(found, enumerateCollection: true);
    }
}
