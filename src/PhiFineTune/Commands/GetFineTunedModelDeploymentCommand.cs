using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Deployments;

namespace PhiFineTune.Commands;

/// <summary>
/// Gets the workspace's deployments of fine-tuned models (serverless endpoints): states, scoring URI, model, content
/// safety and the documented per-deployment limits. Keys only with -IncludeKey, as SecureString.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FineTunedModelDeployment", DefaultParameterSetName = ListSet)]
[OutputType(typeof(FineTunedModelDeployment))]
public sealed class GetFineTunedModelDeploymentCommand : FineTuneConnectedCmdlet
{
    const string ListSet = "List";
    const string NameSet = "Name";

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("DeploymentName")]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Adds PrimaryKey and SecondaryKey (listKeys) as read-only SecureStrings.</summary>
    [Parameter]
    public SwitchParameter IncludeKey { get; set; }

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        if (Name is null)
        {
            var all = Run(async (_, token) =>
            {
                var list = await ServerlessEndpoints.ListAsync(connection, token).ConfigureAwait(false);
                if (!IncludeKey) return list;
                var withKeys = new List<FineTunedModelDeployment>();
                foreach (var d in list) withKeys.Add(await ServerlessEndpoints.GetAsync(connection, d.Name, true, token).ConfigureAwait(false));
                return withKeys;
            });
            WriteObject(all, enumerateCollection: true);
            return;
        }
        ForEachItem(Name, name => WriteObject(Run((_, token) => ServerlessEndpoints.GetAsync(connection, name, IncludeKey, token))));
    }
}
