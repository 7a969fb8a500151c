using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Models;
using static PhiFineTune.Engine.Projects.ProjectResourceTypes;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// Removes a project as the guide says: its deployments and models first (contract B.9), then the project; with the
/// hub, then the hub's connections to Azure AI Services accounts, the hub, the accounts, key vault and storage account,
/// each only when it carries the createdBy=PhiFineTune tag (<see cref="ProjectTags"/>), so that nothing PhiFineTune did
/// not create is deleted. A hub that has other projects is kept, and so are its dependencies. The resource group stays.
/// Planning reads only; each item is then deleted on its own, so the caller can confirm each one.
/// </summary>
public static class ProjectRemoval
{
    const string Operation = "RemoveFineTuneProject";
    const string NotOurs = "it was not created by PhiFineTune (no createdBy=PhiFineTune tag)";

    public static async Task<List<ProjectRemovalItem>> PlanAsync(FineTuneConnection basis, string subscriptionId,
        string resourceGroupName, string name, string? hubName, bool includeHub, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var sub = AzureIds.SubscriptionId(subscriptionId);
        var rg = AzureIds.ResourceGroupName(resourceGroupName);
        AzureIds.WorkspaceName(name, "Name");
        if (hubName is not null) AzureIds.WorkspaceName(hubName, "HubName");
        using var scope = ObserverScope.Enter(observer);
        var arm = basis.Clients().Arm;
        var items = new List<ProjectRemovalItem>();
        var projectId = Id(sub, rg, Workspace, name);
        var project = await ProjectArm.GetOrNullAsync(arm, Workspace, projectId, Operation, cancellationToken).ConfigureAwait(false);
        string? hubId = hubName is null ? null : Id(sub, rg, Workspace, hubName);
        if (project is { } found)
        {
            var kind = JsonRead.String(found, "kind");
            if (!string.Equals(kind, "Project", StringComparison.OrdinalIgnoreCase))
            {
                throw new FineTuneException("RemoveFineTuneProjectNotAProject", FailureKind.InvalidArgument,
                    $"The workspace '{projectId}' is of kind {kind ?? "Default"}, not a project.", projectId,
                    "Pass the name of a project (kind Project); a hub goes with -IncludeHub when its last project is removed.");
            }
            hubId = JsonRead.String(JsonRead.Object(found, "properties"), "hubResourceId") ?? hubId;
            var connection = await WorkspaceConnector.ConnectAsync(basis, sub, rg, name, observer, cancellationToken)
                .ConfigureAwait(false);
            foreach (var deployment in await ServerlessEndpoints.ListAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                items.Add(new ProjectRemovalItem
                {
                    ResourceType = Deployment, Name = deployment.Name, ResourceId = deployment.ResourceId, Project = connection,
                });
            }
            foreach (var model in (await FineTunedModels.ListAsync(connection, cancellationToken).ConfigureAwait(false))
                     .GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
            {
                var id = model.First().ResourceId;
                items.Add(new ProjectRemovalItem
                {
                    ResourceType = Model, Name = model.Key, ResourceId = id.Contains("/versions/", StringComparison.OrdinalIgnoreCase)
                        ? id[..id.IndexOf("/versions/", StringComparison.OrdinalIgnoreCase)] : id,
                    Project = connection,
                });
            }
            items.Add(new ProjectRemovalItem
            {
                ResourceType = Workspace, Label = "project", Name = name, ResourceId = JsonRead.String(found, "id") ?? projectId,
            });
        }
        if (includeHub && hubId is not null)
        {
            items.AddRange(await HubItemsAsync(arm, sub, rg, hubId, name, cancellationToken).ConfigureAwait(false));
        }
        return items;
    }

    /// <summary>Deletes one item of the plan; false when it was gone already.</summary>
    public static async Task<bool> RemoveAsync(FineTuneConnection basis, ProjectRemovalItem item, TimeSpan timeout,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        if (item.KeptBecause is not null) return false;
        using var scope = ObserverScope.Enter(observer);
        switch (item.ResourceType)
        {
            case Deployment:
                return await ServerlessEndpoints.DeleteAsync(item.Project!, item.Name, timeout, observer, cancellationToken)
                    .ConfigureAwait(false);
            case Model:
                await FineTunedModels.RemoveAsync(item.Project!, item.Name, null, observer, cancellationToken).ConfigureAwait(false);
                return true;
        }
        const int activity = 4602;
        var what = $"Deleting {item.Description}";
        try
        {
            observer.Progress(new OperationProgress(activity, what, "Deleting"));
            return await ProjectArm.DeleteAsync(basis.Clients().Arm, item.ResourceType, item.ResourceId, timeout,
                state => observer.Progress(new OperationProgress(activity, what, state)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            observer.Progress(new OperationProgress(activity, what, "Done", Completed: true));
        }
    }

    static async Task<List<ProjectRemovalItem>> HubItemsAsync(ArmRequests arm, string sub, string rg, string hubId,
        string projectName, CancellationToken cancellationToken)
    {
        var hubName = hubId[(hubId.LastIndexOf('/') + 1)..];
        var hub = await ProjectArm.GetOrNullAsync(arm, Workspace, hubId, Operation, cancellationToken).ConfigureAwait(false);
        if (hub is not { } found) return [];
        ProjectRemovalItem HubItem(string? kept) => new()
        {
            ResourceType = Workspace, Label = "hub", Name = hubName, ResourceId = hubId, KeptBecause = kept,
        };
        if (!ProjectTags.IsOurs(found)) return [HubItem(NotOurs)];
        var workspaces = arm.Address(GroupId(sub, rg) + "/providers/" + Workspace, ApiVersion(Workspace));
        var others = new List<string>();
        await foreach (var workspace in arm.ListAsync(workspaces, new ArmCall(Operation, hubId), cancellationToken).ConfigureAwait(false))
        {
            var parent = JsonRead.String(JsonRead.Object(workspace, "properties"), "hubResourceId");
            var name = JsonRead.String(workspace, "name");
            if (string.Equals(parent, hubId, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(name, projectName, StringComparison.OrdinalIgnoreCase))
            {
                others.Add(name ?? "?");
            }
        }
        if (others.Count > 0) return [HubItem($"it has other projects: {string.Join(", ", others)}")];

        var items = new List<ProjectRemovalItem>();
        var accounts = new List<ProjectRemovalItem>();
        var connections = arm.Address(hubId + "/connections", ApiVersion(HubConnection));
        await foreach (var connection in arm.ListAsync(connections, new ArmCall(Operation, hubId), cancellationToken).ConfigureAwait(false))
        {
            var properties = JsonRead.Object(connection, "properties");
            var accountId = JsonRead.String(JsonRead.Object(properties, "metadata"), "ResourceId");
            if (!string.Equals(JsonRead.String(properties, "category"), "AIServices", StringComparison.OrdinalIgnoreCase) ||
                accountId is null)
            {
                continue;
            }
            var account = await DependencyAsync(arm, AIServices, accountId, cancellationToken).ConfigureAwait(false);
            if (account is null) continue;
            accounts.Add(account);
            if (account.KeptBecause is null)
            {
                var connectionName = JsonRead.String(connection, "name") ?? "";
                items.Add(new ProjectRemovalItem
                {
                    ResourceType = HubConnection, Name = connectionName,
                    ResourceId = JsonRead.String(connection, "id") ?? $"{hubId}/connections/{connectionName}",
                });
            }
        }
        items.Add(HubItem(null));
        items.AddRange(accounts);
        var hubProperties = JsonRead.Object(found, "properties");
        foreach (var (type, property) in new[] { (KeyVault, "keyVault"), (StorageAccount, "storageAccount") })
        {
            if (JsonRead.String(hubProperties, property) is { } id &&
                await DependencyAsync(arm, type, id, cancellationToken).ConfigureAwait(false) is { } dependency)
            {
                items.Add(dependency);
            }
        }
        return items;
    }

    /// <summary>A dependency of the hub: deleted when PhiFineTune tagged it, kept otherwise; null when it is gone.</summary>
    static async Task<ProjectRemovalItem?> DependencyAsync(ArmRequests arm, string type, string id, CancellationToken cancellationToken)
    {
        var found = await ProjectArm.GetOrNullAsync(arm, type, id, Operation, cancellationToken).ConfigureAwait(false);
        return found is not { } resource
            ? null
            : new ProjectRemovalItem
            {
                ResourceType = type, Name = id[(id.LastIndexOf('/') + 1)..], ResourceId = JsonRead.String(resource, "id") ?? id,
                KeptBecause = ProjectTags.IsOurs(resource) ? null : NotOurs,
            };
    }
}
