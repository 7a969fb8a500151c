using System.Management.Automation;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Commands.Base;

/// <summary>
/// A cmdlet that acts on jobs: -Job objects from the pipeline (each with its own connection), or -Name in the
/// connection's workspace (also by property name, Name or JobName).
/// </summary>
public abstract class FineTuneJobTargetCmdlet : FineTuneConnectedCmdlet
{
    protected const string JobSet = "Job";
    protected const string NameSet = "Name";

    [Parameter(ParameterSetName = JobSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FineTuneJob[]? Job { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The jobs this record names, each with the connection to reach it.</summary>
    protected IEnumerable<(FineTuneConnection Connection, string Name)> JobTargets() =>
        Job?.Select(j => (j.Connection, j.Name)) ?? Name!.Select(n => (ResolveConnection(), AzureIds.JobName(n)));
}
