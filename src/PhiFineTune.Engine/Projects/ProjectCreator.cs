using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using static PhiFineTune.Engine.Projects.ProjectResourceTypes;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// Runs a <see cref="ProjectPlan"/>: creates each missing resource in order (resource group, storage account, key vault,
/// Azure AI Services account, hub, the hub's connection to the account, project), each PUT followed to its end
/// (contract C.5) with progress naming the resource, every one tagged createdBy=PhiFineTune. A failure stops there and
/// leaves what was created, which a re-run reuses. Then checks the caller's role on the group (<see cref="RoleCheck"/>)
/// and connects to the project with the same credential.
/// </summary>
public static class ProjectCreator
{
    const int ActivityId = 4601;

    public static async Task<FineTuneProject> CreateAsync(FineTuneConnection basis, ProjectPlan plan, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var session = basis.Clients();
        var request = plan.Request;
        var caller = await CallerIdentity.ReadAsync(session, cancellationToken).ConfigureAwait(false);
        var activity = $"Creating project {request.Name}";
        var done = new List<FineTuneProjectResource>();
        var endpoint = plan.AIServicesEndpoint;
        try
        {
            foreach (var resource in plan.Resources)
            {
                if (resource.State == ProjectResourceState.Reused)
                {
                    observer.Verbose($"Reusing the {What(plan, resource)} ({resource.ResourceId}).");
                    done.Add(resource);
                    continue;
                }
                var what = What(plan, resource);
                var percent = done.Count * 100 / plan.Resources.Count;
                observer.Progress(new OperationProgress(ActivityId, activity, $"Creating {what}", percent));
                var body = Body(plan, resource, caller, endpoint);
                var created = await ProjectArm.PutAsync(session.Arm, resource.ResourceType, resource.ResourceId, body,
                    request.Timeout, state => observer.Progress(new OperationProgress(ActivityId, activity,
                        $"Creating {what}: {state}", percent)), cancellationToken).ConfigureAwait(false);
                if (resource.ResourceType == AIServices)
                {
                    endpoint = JsonRead.String(JsonRead.Object(created, "properties"), "endpoint");
                }
                observer.Verbose($"Created the {what} ({resource.ResourceId}).");
                done.Add(new FineTuneProjectResource
                {
                    ResourceType = resource.ResourceType,
                    Name = resource.Name,
                    ResourceId = JsonRead.String(created, "id") ?? resource.ResourceId,
                    State = ProjectResourceState.Created,
                    CreatedByPhiFineTune = true,
                });
            }
        }
        finally
        {
            observer.Progress(new OperationProgress(ActivityId, activity, "Done", Completed: true));
        }

        var groupId = GroupId(request.SubscriptionId, request.ResourceGroupName);
        if (await RoleCheck.WarningAsync(session.Arm, groupId, caller, cancellationToken).ConfigureAwait(false) is { } warning)
        {
            observer.Warning(warning);
        }
        var connection = await WorkspaceConnector.ConnectAsync(basis, request.SubscriptionId, request.ResourceGroupName,
            request.Name, observer, cancellationToken).ConfigureAwait(false);
        var hub = plan.Resource(Workspace, 0);
        return new FineTuneProject
        {
            SubscriptionId = request.SubscriptionId,
            ResourceGroupName = request.ResourceGroupName,
            Name = connection.WorkspaceName,
            ResourceId = connection.ResourceId,
            HubName = hub.Name,
            HubResourceId = hub.ResourceId,
            Location = connection.Location,
            StorageAccountName = plan.Resource(StorageAccount).Name,
            KeyVaultName = plan.Resource(KeyVault).Name,
            AIServicesName = plan.Resource(AIServices).Name,
            Resources = done,
            Connection = connection,
        };
    }

    /// <summary>The PUT body of a resource, as the portal creates a hub's resources (contracts J.1, K.1-K.3, L.1, L.4).</summary>
    internal static JsonObject Body(ProjectPlan plan, FineTuneProjectResource resource, CallerIdentity caller, string? aiEndpoint)
    {
        var location = plan.Location;
        var hub = plan.Resource(Workspace, 0);
        return resource.ResourceType switch
        {
            ResourceGroup => new JsonObject { ["location"] = location, ["tags"] = ProjectTags.Tags() },
            StorageAccount => new JsonObject
            {
                ["location"] = location,
                ["tags"] = ProjectTags.Tags(),
                ["kind"] = "StorageV2",
                ["sku"] = new JsonObject { ["name"] = "Standard_LRS" },
                ["properties"] = new JsonObject
                {
                    ["minimumTlsVersion"] = "TLS1_2",
                    ["allowBlobPublicAccess"] = false,
                    ["supportsHttpsTrafficOnly"] = true,
                },
            },
            KeyVault => new JsonObject
            {
                ["location"] = location,
                ["tags"] = ProjectTags.Tags(),
                ["properties"] = new JsonObject
                {
                    ["tenantId"] = caller.TenantId ?? throw NoTenant(resource),
                    ["sku"] = new JsonObject { ["family"] = "A", ["name"] = "standard" },
                    ["enableRbacAuthorization"] = true,
                },
            },
            AIServices => new JsonObject
            {
                ["location"] = location,
                ["tags"] = ProjectTags.Tags(),
                ["kind"] = "AIServices",
                ["sku"] = new JsonObject { ["name"] = "S0" },
                ["properties"] = new JsonObject { ["customSubDomainName"] = resource.Name.ToLowerInvariant() },
            },
            HubConnection => new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["category"] = "AIServices",
                    ["authType"] = "AAD",
                    ["target"] = aiEndpoint ?? throw NoEndpoint(plan),
                    ["isSharedToAll"] = true,
                    ["metadata"] = new JsonObject
                    {
                        ["ApiType"] = "Azure",
                        ["ResourceId"] = plan.Resource(AIServices).ResourceId,
                    },
                },
            },
            _ when resource.ResourceId == hub.ResourceId => WorkspaceBody(location, "Hub", new JsonObject
            {
                ["friendlyName"] = resource.Name,
                ["storageAccount"] = plan.Resource(StorageAccount).ResourceId,
                ["keyVault"] = plan.Resource(KeyVault).ResourceId,
            }),
            _ => WorkspaceBody(location, "Project", new JsonObject
            {
                ["friendlyName"] = resource.Name,
                ["hubResourceId"] = hub.ResourceId,
            }),
        };
    }

    /// <summary>"storage account stphihub1a2b3c4d", "hub phi-hub", "project phi-project", …</summary>
    public static string What(ProjectPlan plan, FineTuneProjectResource resource) =>
        (resource.ResourceType != Workspace ? Describe(resource.ResourceType)
            : resource.ResourceId == plan.Resource(Workspace, 0).ResourceId ? "hub" : "project") + " " + resource.Name;

    static JsonObject WorkspaceBody(string location, string kind, JsonObject properties) => new()
    {
        ["location"] = location,
        ["tags"] = ProjectTags.Tags(),
        ["kind"] = kind,
        ["identity"] = new JsonObject { ["type"] = "SystemAssigned" },
        ["sku"] = new JsonObject { ["name"] = "Basic", ["tier"] = "Basic" },
        ["properties"] = properties,
    };

    static FineTuneException NoTenant(FineTuneProjectResource resource) => new("NewFineTuneProjectNoTenant",
        FailureKind.InvalidOperation,
        $"The key vault '{resource.Name}' needs the tenant id, and the sign-in token names none (no tid claim).",
        resource.ResourceId, "Connect again with -TenantId.");

    static FineTuneException NoEndpoint(ProjectPlan plan) => new("NewFineTuneProjectNoEndpoint",
        FailureKind.InvalidOperation,
        $"The Azure AI Services account '{plan.Resource(AIServices).Name}' has no endpoint to connect the hub to.",
        plan.Resource(AIServices).ResourceId, "Check the account's properties.endpoint, then run the command again.");
}
