using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Completers;
using PhiFineTune.Engine.Projects;

namespace PhiFineTune.Commands;

/// <summary>
/// Creates an Azure AI Foundry hub-based project with what it needs, reusing what exists: the resource group, the hub's
/// storage account and key vault, an Azure AI Services account and the hub's connection to it, the hub, the project.
/// Names and the region are checked before any call, and every missing resource is found (and taken global names
/// refused) before anything is created. Signs in with the connection's credential (-Connection or the default one).
/// </summary>
[Cmdlet(VerbsCommon.New, "FineTuneProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FineTuneProject))]
public sealed class NewFineTuneProjectCommand : FineTuneConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ProjectName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? HubName { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? ResourceGroupName { get; set; }

    /// <summary>The region ("East US 2" or eastus2), one where the model (or any Phi model) can be fine-tuned.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [Alias("Region")]
    public string? Location { get; set; }

    /// <summary>The base model the project is for: the region is checked against its fine-tuning regions.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(BaseModelNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorageAccountName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyVaultName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AIServicesName { get; set; }

    /// <summary>The subscription to create in; by default the connection's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SubscriptionId { get; set; }

    /// <summary>How long each resource's creation may take, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    /// <summary>Makes the project the runspace's default connection.</summary>
    [Parameter]
    public SwitchParameter Connect { get; set; }

    protected override void ProcessRecordCore()
    {
        var basis = ResolveConnection(workspaceRequired: false);
        var request = new ProjectRequest
        {
            SubscriptionId = SubscriptionId ?? basis.SubscriptionId,
            ResourceGroupName = ResourceGroupName!,
            HubName = HubName!,
            Name = Name!,
            Location = Location!,
            Model = Model,
            StorageAccountName = StorageAccountName,
            KeyVaultName = KeyVaultName,
            AIServicesName = AIServicesName,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        var plan = Run((observer, token) => ProjectPlanner.PlanAsync(basis, request, observer, token));
        if (plan.NothingToCreate)
        {
            WriteInformation($"The project {Name} and every resource it needs exist already: nothing to create.",
                ["PhiFineTune"]);
        }
        var whatIf = false;
        foreach (var resource in plan.Resources.Where(r => r.State == ProjectResourceState.WillCreate))
        {
            var what = ProjectCreator.What(plan, resource);
            if (ShouldProcess($"Creating {what} ({resource.ResourceId}).", $"Create {what} ({resource.ResourceId})?",
                    "Create project resource", out var reason))
            {
                continue;
            }
            if (reason != ShouldProcessReason.WhatIf)
            {
                WriteWarning($"Nothing was created: the {what} was declined, and the project needs it.");
                return;
            }
            whatIf = true;
        }
        if (whatIf) return;
        var project = Run((observer, token) => ProjectCreator.CreateAsync(basis, plan, observer, token));
        if (Connect) RunspaceState.Current.DefaultConnection = project.Connection;
        WriteObject(project);
    }
}
