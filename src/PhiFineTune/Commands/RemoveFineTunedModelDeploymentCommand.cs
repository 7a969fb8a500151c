using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Deployments;

namespace PhiFineTune.Commands;

/// <summary>Deletes deployments of fine-tuned models and waits until each is gone. The models are kept.</summary>
[Cmdlet(VerbsCommon.Remove, "FineTunedModelDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = NameSet)]
[OutputType(typeof(void))]
public sealed class RemoveFineTunedModelDeploymentCommand : FineTuneConnectedCmdlet
{
    const string DeploymentSet = "Deployment";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = DeploymentSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FineTunedModelDeployment[]? Deployment { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("DeploymentName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>How long to wait for each deletion, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecordCore()
    {
        var targets = Deployment?.Select(d => (d.Connection, d.Name)) ?? Name!.Select(n => (ResolveConnection(), n));
        ForEachItem(targets, target =>
        {
            var (connection, name) = target;
            if (!ShouldProcess($"deployment '{name}' in workspace {connection.WorkspaceName}", "Delete")) return;
            var deleted = Run((observer, token) =>
                ServerlessEndpoints.DeleteAsync(connection, name, TimeSpan.FromSeconds(TimeoutSec), observer, token));
            if (!deleted) WriteWarning($"There was no deployment named '{name}'; nothing was deleted.");
        });
    }
}
