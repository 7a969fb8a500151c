using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Projects;
using PhiFineTune.Engine.Tests.Arm;
using static PhiFineTune.Engine.Tests.Arm.ScriptedArmServer;

namespace PhiFineTune.Engine.Tests.Projects;

/// <summary>
/// The plan reads before it writes, over a real HTTPS server: GETs and the global name checks of contracts K.1 and K.2,
/// never a PUT; a taken name fails there. Creating a resource follows its operation (contract C.5).
/// </summary>
public sealed class ProjectPlannerTests : IAsyncLifetime
{
    const string Sub = "00000000-0000-0000-0000-000000000001";
    ScriptedArmServer _server = null!;
    FineTuneConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _connection = new FineTuneConnection(ArmClients.Session(_server.Pinned))
        {
            ConnectionId = Guid.NewGuid(), SubscriptionId = Sub, ResourceGroupName = "rg-arm-tests", WorkspaceName = "",
            WorkspaceKind = "None", Location = "", ResourceId = "/x", Environment = "Emulator", ArmEndpoint = _server.Endpoint,
            AuthenticationMethod = AuthenticationMethod.Emulator, ConnectedAt = DateTimeOffset.UtcNow,
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    static ProjectRequest Request(string location = "East US 2", string? storage = null) => new()
    {
        SubscriptionId = Sub, ResourceGroupName = "rg-new", HubName = "phi-hub", Name = "phi-project", Location = location,
        StorageAccountName = storage,
    };

    static Func<Microsoft.AspNetCore.Http.HttpContext, Task> NotFound() =>
        Answer(404, """{"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg-new' could not be found."}}""");

    [Fact]
    public async Task An_empty_subscription_plans_every_resource_with_reads_only()
    {
        _server.Reply(NotFound(), Answer(200, """{"nameAvailable":true}"""), Answer(200, """{"nameAvailable":true}"""));

        var plan = await ProjectPlanner.PlanAsync(_connection, Request(), NullObserver.Instance, default);

        Assert.Equal("eastus2", plan.Location);
        Assert.Equal(
        [
            ProjectResourceTypes.ResourceGroup, ProjectResourceTypes.StorageAccount, ProjectResourceTypes.KeyVault,
            ProjectResourceTypes.AIServices, ProjectResourceTypes.Workspace, ProjectResourceTypes.HubConnection,
            ProjectResourceTypes.Workspace,
        ], plan.Resources.Select(r => r.ResourceType));
        Assert.All(plan.Resources, r => Assert.Equal(ProjectResourceState.WillCreate, r.State));
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/rg-new/providers/Microsoft.MachineLearningServices/workspaces/phi-hub/connections/" +
                     ProjectNames.DefaultAIServices(Sub, "rg-new", "phi-hub"), plan.Resources[5].ResourceId);
        Assert.Equal(["GET", "POST", "POST"], _server.Received.Select(r => r.Method));
        Assert.StartsWith($"/subscriptions/{Sub}/providers/Microsoft.Storage/checkNameAvailability?api-version=2024-01-01",
            _server.Received[1].PathAndQuery);
        Assert.StartsWith($"/subscriptions/{Sub}/providers/Microsoft.KeyVault/checkNameAvailability?api-version=2023-07-01",
            _server.Received[2].PathAndQuery);
    }

    [Fact]
    public async Task A_storage_name_taken_elsewhere_fails_before_anything_is_created()
    {
        _server.Reply(NotFound(), Answer(200,
            """{"nameAvailable":false,"reason":"AlreadyExists","message":"The storage account named phitakenstorage is already taken."}"""));

        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            ProjectPlanner.PlanAsync(_connection, Request(storage: "phitakenstorage"), NullObserver.Instance, default));

        Assert.Equal("StorageAccountNameTaken", error.ErrorId);
        Assert.Equal(FailureKind.Conflict, error.Kind);
        Assert.Equal("AlreadyExists", error.ServiceErrorCode);
        Assert.Equal("The storage account name 'phitakenstorage' (-StorageAccountName) cannot be used: The storage account " +
                     "named phitakenstorage is already taken. (AlreadyExists). Nothing was created.", error.Message);
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public async Task A_bad_region_or_name_fails_with_no_request()
    {
        await Assert.ThrowsAsync<FineTuneException>(() =>
            ProjectPlanner.PlanAsync(_connection, Request(location: "westeurope"), NullObserver.Instance, default));
        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            ProjectPlanner.PlanAsync(_connection, Request(storage: "Bad_Name"), NullObserver.Instance, default));

        Assert.Equal("InvalidStorageAccountName", error.ErrorId);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task An_existing_hub_brings_its_own_storage_and_key_vault()
    {
        var hub = $"/subscriptions/{Sub}/resourceGroups/rg-new/providers/Microsoft.MachineLearningServices/workspaces/phi-hub";
        _server.Reply(Answer(200, """{"id":"/subscriptions/x/resourceGroups/rg-new","location":"eastus2"}"""),
            Answer(200, $$$"""{"id":"{{{hub}}}","kind":"Hub","location":"eastus2","properties":{"storageAccount":"/s/providers/Microsoft.Storage/storageAccounts/portalstore","keyVault":"/s/providers/Microsoft.KeyVault/vaults/portal-kv"}}"""),
            NotFound());

        var plan = await ProjectPlanner.PlanAsync(_connection, Request(), NullObserver.Instance, default);

        Assert.Equal(["Reused", "Reused", "Reused", "WillCreate", "Reused", "WillCreate", "WillCreate"],
            plan.Resources.Select(r => r.State.ToString()));
        Assert.Equal("portalstore", plan.Resources[1].Name);
        Assert.Equal("portal-kv", plan.Resources[2].Name);
        Assert.False(plan.Resources[4].CreatedByPhiFineTune);
        Assert.DoesNotContain(_server.Received, r => r.Method != "GET");
    }

    [Fact]
    public async Task A_PUT_answered_with_an_operation_is_followed_to_its_end()
    {
        var id = $"/subscriptions/{Sub}/resourceGroups/rg-new/providers/Microsoft.KeyVault/vaults/kv-1";
        _server.Reply(Answer(201, """{"properties":{"provisioningState":"Creating"}}""",
                ("Azure-AsyncOperation", _server.Url("/operations/op-1?api-version=1")), ("Retry-After", "0")),
            Answer(200, """{"status":"Succeeded"}"""),
            Answer(200, $$$"""{"id":"{{{id}}}","properties":{"provisioningState":"Succeeded"}}"""));

        var created = await ProjectArm.PutAsync(ArmClients.Arm(_server), ProjectResourceTypes.KeyVault, id, new JsonObject(),
            TimeSpan.FromMinutes(1), _ => { }, default);

        Assert.Equal(id, JsonRead.String(created, "id"));
        Assert.Equal(["PUT", "GET", "GET"], _server.Received.Select(r => r.Method));
    }

    [Fact]
    public async Task A_PUT_whose_operation_fails_is_an_error_naming_the_resource()
    {
        var id = $"/subscriptions/{Sub}/resourceGroups/rg-new/providers/Microsoft.MachineLearningServices/workspaces/phi-hub";
        _server.Reply(Answer(202, null, ("Azure-AsyncOperation", _server.Url("/operations/op-2?api-version=1")), ("Retry-After", "0")),
            Answer(200, """{"status":"Failed","error":{"code":"InternalServerError","message":"The hub could not be provisioned."}}"""));

        var error = await Assert.ThrowsAsync<FineTuneException>(() => ProjectArm.PutAsync(ArmClients.Arm(_server),
            ProjectResourceTypes.Workspace, id, new JsonObject(), TimeSpan.FromMinutes(1), _ => { }, default));

        Assert.Equal("NewFineTuneProjectResourceFailed", error.ErrorId);
        Assert.Equal($"Creating the workspace '{id}' ended Failed: The hub could not be provisioned. (InternalServerError).", error.Message);
    }
}
