using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Commands;

/// <summary>
/// Gets the workspace's fine-tuned models, one object per version with its base model, job, model id and deployments:
/// by -Name, the model a completed job on the pipeline registered, or all of them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FineTunedModel", DefaultParameterSetName = ListSet)]
[OutputType(typeof(FineTunedModel))]
public sealed class GetFineTunedModelCommand : FineTuneConnectedCmdlet
{
    const string ListSet = "List";
    const string NameSet = "Name";
    const string JobSet = "Job";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("ModelName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>One version; by default every version, newest first.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter(ParameterSetName = JobSet, Mandatory = true, ValueFromPipeline = true)]
    public FineTuneJob[]? Job { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Job is not null)
        {
            ForEachItem(Job, job => WriteObject(Run((_, token) => FineTunedModels.ForJobAsync(job, token)), enumerateCollection: true));
            return;
        }
        var connection = ResolveConnection();
        if (Name is null)
        {
            WriteObject(Run((_, token) => FineTunedModels.ListAsync(connection, token)), enumerateCollection: true);
            return;
        }
        ForEachItem(Name, name =>
            WriteObject(Run((_, token) => FineTunedModels.GetAsync(connection, name, Version, token)), enumerateCollection: true));
    }
}
