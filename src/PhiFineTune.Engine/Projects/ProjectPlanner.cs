using System.Text.Json;
using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Models;
using static PhiFineTune.Engine.Projects.ProjectResourceTypes;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// Computes a <see cref="ProjectPlan"/>: first the names, region and parameters with no call at all, then one GET per
/// resource and, for a storage account or key vault that is missing, its global name check (contracts K.1, K.2), so
/// that a name taken elsewhere in Azure fails before anything is created. An existing hub brings its own storage
/// account and key vault, which are reused whatever the names given.
/// </summary>
public static class ProjectPlanner
{
    public static async Task<ProjectPlan> PlanAsync(FineTuneConnection basis, ProjectRequest request, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        var sub = AzureIds.SubscriptionId(request.SubscriptionId);
        var rg = AzureIds.ResourceGroupName(request.ResourceGroupName);
        var hub = AzureIds.WorkspaceName(request.HubName, "HubName");
        var name = AzureIds.WorkspaceName(request.Name, "Name");
        if (string.Equals(hub, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("ProjectNameIsHubName", FailureKind.InvalidArgument,
                $"-Name and -HubName are both '{name}': the hub and the project are two workspaces of one resource group, " +
                "so their names must differ.", name, "Choose another -Name or -HubName.");
        }
        var location = ProjectRegion.Check(request.Location, request.Model);
        var storage = request.StorageAccountName is { } s ? ProjectNames.StorageAccount(s) : ProjectNames.DefaultStorageAccount(sub, rg, hub);
        var vault = request.KeyVaultName is { } k ? ProjectNames.KeyVault(k) : ProjectNames.DefaultKeyVault(sub, rg, hub);
        var ai = request.AIServicesName is { } a ? ProjectNames.AIServices(a) : ProjectNames.DefaultAIServices(sub, rg, hub);

        using var scope = ObserverScope.Enter(observer);
        var arm = basis.Clients().Arm;
        var resources = new List<FineTuneProjectResource>();
        var groupId = GroupId(sub, rg);
        var group = await ProjectArm.GetOrNullAsync(arm, ResourceGroup, groupId, "NewFineTuneProject", cancellationToken)
            .ConfigureAwait(false);
        resources.Add(Entry(ResourceGroup, rg, groupId, group));

        var hubId = Id(sub, rg, Workspace, hub);
        var projectId = Id(sub, rg, Workspace, name);
        var aiId = Id(sub, rg, AIServices, ai);
        var connectionId = $"{hubId}/connections/{ai}";
        async Task<JsonElement?> Read(string type, string id, bool parentExists = true) => group is null || !parentExists
            ? null
            : await ProjectArm.GetOrNullAsync(arm, type, id, "NewFineTuneProject", cancellationToken).ConfigureAwait(false);

        var hubFound = await Read(Workspace, hubId).ConfigureAwait(false);
        if (hubFound is { } h)
        {
            Expect(h, "Hub", hubId, "HubName");
            var hubLocation = JsonRead.String(h, "location");
            if (hubLocation is not null && !string.Equals(BaseModelCatalog.NormalizeRegion(hubLocation), location,
                    StringComparison.OrdinalIgnoreCase))
            {
                throw new FineTuneException("HubInOtherRegion", FailureKind.InvalidArgument,
                    $"The hub '{hub}' exists in {hubLocation}, not in {location}; its projects are in its region.", hubId,
                    $"Pass -Location {hubLocation}, or choose another -HubName.");
            }
            var properties = JsonRead.Object(h, "properties");
            resources.Add(Reused(StorageAccount, JsonRead.String(properties, "storageAccount") ?? Id(sub, rg, StorageAccount, storage)));
            resources.Add(Reused(KeyVault, JsonRead.String(properties, "keyVault") ?? Id(sub, rg, KeyVault, vault)));
        }
        else
        {
            resources.Add(await GlobalAsync(arm, sub, StorageAccount, storage, Id(sub, rg, StorageAccount, storage),
                "StorageAccountName", group is not null, cancellationToken).ConfigureAwait(false));
            resources.Add(await GlobalAsync(arm, sub, KeyVault, vault, Id(sub, rg, KeyVault, vault), "KeyVaultName",
                group is not null, cancellationToken).ConfigureAwait(false));
        }

        var account = await Read(AIServices, aiId).ConfigureAwait(false);
        resources.Add(Entry(AIServices, ai, aiId, account));
        resources.Add(Entry(Workspace, hub, hubId, hubFound));
        resources.Add(Entry(HubConnection, ai, connectionId, await Read(HubConnection, connectionId, hubFound is not null).ConfigureAwait(false)));
        var projectFound = await Read(Workspace, projectId).ConfigureAwait(false);
        if (projectFound is { } p)
        {
            Expect(p, "Project", projectId, "Name");
            var parent = JsonRead.String(JsonRead.Object(p, "properties"), "hubResourceId");
            if (!string.Equals(parent, hubId, StringComparison.OrdinalIgnoreCase))
            {
                throw new FineTuneException("ProjectInOtherHub", FailureKind.Conflict,
                    $"The project '{name}' exists already, in the hub '{parent ?? "(none)"}', not in '{hubId}'.", projectId,
                    "Choose another -Name, or pass the -HubName of that hub.");
            }
        }
        resources.Add(Entry(Workspace, name, projectId, projectFound));
        return new ProjectPlan(request, location, resources,
            account is { } found ? JsonRead.String(JsonRead.Object(found, "properties"), "endpoint") : null);
    }

    /// <summary>A storage account or key vault: reused when it is in the group, else its name must be free (K.1, K.2).</summary>
    static async Task<FineTuneProjectResource> GlobalAsync(ArmRequests arm, string sub, string type, string name, string id,
        string parameter, bool groupExists, CancellationToken cancellationToken)
    {
        if (groupExists && await ProjectArm.GetOrNullAsync(arm, type, id, "NewFineTuneProject", cancellationToken)
                .ConfigureAwait(false) is { } found)
        {
            return Entry(type, name, id, found);
        }
        var ns = type[..type.IndexOf('/')];
        using var answer = await arm.PostAsync(arm.Address($"/subscriptions/{sub}/providers/{ns}/checkNameAvailability",
                ApiVersion(type)), new JsonObject { ["name"] = name, ["type"] = type },
            new ArmCall("NewFineTuneProject", name), cancellationToken).ConfigureAwait(false);
        var body = answer.Body ?? default;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("nameAvailable", out var available) &&
            available.ValueKind == JsonValueKind.False)
        {
            var reason = JsonRead.String(body, "reason");
            var message = JsonRead.String(body, "message");
            throw new FineTuneException($"{parameter}Taken", FailureKind.Conflict,
                $"The {Describe(type)} name '{name}' (-{parameter}) cannot be used: {message ?? reason ?? "it is not available"}" +
                $"{(reason is null ? "" : $" ({reason})")}. Nothing was created.", name, ActionTexts.ChooseAnotherGlobalName)
            {
                ServiceErrorCode = reason,
            };
        }
        return Entry(type, name, id, null);
    }

    static void Expect(JsonElement workspace, string kind, string id, string parameter)
    {
        var found = JsonRead.String(workspace, "kind") ?? "Default";
        if (!string.Equals(found, kind, StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("WorkspaceKindMismatch", FailureKind.Conflict,
                $"The workspace '{id}' exists already and is of kind {found}, not {kind}.", id,
                $"Choose another -{parameter}.");
        }
    }

    static FineTuneProjectResource Entry(string type, string name, string id, JsonElement? found) => new()
    {
        ResourceType = type,
        Name = name,
        ResourceId = found is { } f ? JsonRead.String(f, "id") ?? id : id,
        State = found is null ? ProjectResourceState.WillCreate : ProjectResourceState.Reused,
        CreatedByPhiFineTune = found is null || (type != HubConnection && ProjectTags.IsOurs(found.Value)),
    };

    static FineTuneProjectResource Reused(string type, string id) => new()
    {
        ResourceType = type,
        Name = id[(id.LastIndexOf('/') + 1)..],
        ResourceId = id,
        State = ProjectResourceState.Reused,
        CreatedByPhiFineTune = false,
    };
}
