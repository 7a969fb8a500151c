using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Projects;

namespace PhiFineTune.Commands;

/// <summary>
/// Removes a project: its deployments and models first, then the project; with -IncludeHub also the hub's connections,
/// the hub and its dependencies, only those that New-FineTuneProject created (tagged createdBy=PhiFineTune). Never the
/// resource group. Each deletion goes through ShouldProcess; the first one declined stops the rest, which depend on it.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FineTuneProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = NameSet)]
[OutputType(typeof(void))]
public sealed class RemoveFineTuneProjectCommand : FineTuneConnectedCmdlet
{
    const string NameSet = "Name";
    const string ProjectSet = "Project";

    [Parameter(ParameterSetName = ProjectSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FineTuneProject? Project { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0)]
    [Alias("ProjectName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = NameSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? ResourceGroupName { get; set; }

    /// <summary>The hub, when the project is gone already (the project names its hub otherwise).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string? HubName { get; set; }

    [Parameter(ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string? SubscriptionId { get; set; }

    /// <summary>Also the hub and the dependencies PhiFineTune created.</summary>
    [Parameter]
    public SwitchParameter IncludeHub { get; set; }

    /// <summary>How long each deletion may take, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecordCore()
    {
        var basis = ResolveConnection(workspaceRequired: false);
        var (sub, rg, name, hub) = Project is { } p
            ? (p.SubscriptionId, p.ResourceGroupName, p.Name, p.HubName)
            : (SubscriptionId ?? basis.SubscriptionId, ResourceGroupName!, Name!, HubName);
        var items = Run((observer, token) => ProjectRemoval.PlanAsync(basis, sub, rg, name, hub, IncludeHub, observer, token));
        if (items.Count == 0)
        {
            WriteWarning($"There is no project '{name}' in resource group '{rg}'" +
                         (IncludeHub ? $" and no hub to remove" : "") + ": nothing to remove.");
            return;
        }
        foreach (var item in items)
        {
            if (item.KeptBecause is not null)
            {
                WriteWarning($"Keeping the {item.Description}: {item.KeptBecause}.");
                continue;
            }
            if (ShouldProcess($"Deleting the {item.Description} ({item.ResourceId}).", $"Delete the {item.Description} ({item.ResourceId})?",
                    "Delete project resource", out var reason))
            {
                Run((observer, token) => ProjectRemoval.RemoveAsync(basis, item, TimeSpan.FromSeconds(TimeoutSec), observer, token));
            }
            else if (reason != ShouldProcessReason.WhatIf)
            {
                WriteWarning($"The {item.Description} is kept, and so is everything after it (it depends on it).");
                return;
            }
        }
    }
}
