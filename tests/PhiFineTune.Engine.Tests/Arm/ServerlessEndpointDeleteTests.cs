using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Diagnostics;
using static PhiFineTune.Engine.Tests.Arm.ScriptedArmServer;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>
/// Deleting a serverless endpoint follows its operation (contracts B.8, C.5) over a real HTTPS server: the answer the
/// user gets depends on how the operation ended, not only on the DELETE's 202.
/// </summary>
public sealed class ServerlessEndpointDeleteTests : IAsyncLifetime
{
    ScriptedArmServer _server = null!;
    FineTuneConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _connection = new FineTuneConnection(ArmClients.Session(_server.Pinned))
        {
            ConnectionId = Guid.NewGuid(), SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroupName = "rg-arm-tests", WorkspaceName = "arm-tests", WorkspaceKind = "Project", Location = "eastus2",
            ResourceId = "/x", Environment = "Emulator", ArmEndpoint = _server.Endpoint,
            AuthenticationMethod = AuthenticationMethod.Emulator, ConnectedAt = DateTimeOffset.UtcNow,
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    Func<Microsoft.AspNetCore.Http.HttpContext, Task> Accepted() => Answer(202, null,
        ("Location", _server.Url("/operationResults/op-1?api-version=1")),
        ("Azure-AsyncOperation", _server.Url("/operationsStatuses/op-1?api-version=1")), ("Retry-After", "0"));

    Task<bool> Delete() => ServerlessEndpoints.DeleteAsync(_connection, "faq-endpoint", TimeSpan.FromMinutes(1),
        NullObserver.Instance, CancellationToken.None);

    [Fact]
    public async Task A_delete_whose_operation_succeeds_reports_the_endpoint_removed()
    {
        _server.Reply(Accepted(), Answer(200, """{"status":"Deleting"}""", ("Retry-After", "0")),
            Answer(200, """{"status":"Succeeded"}"""));

        Assert.True(await Delete());
        Assert.Equal(3, _server.Received.Count);
    }

    [Fact]
    public async Task A_delete_whose_operation_fails_is_an_error_naming_the_endpoint_and_the_service_reason()
    {
        _server.Reply(Accepted(),
            Answer(200, """{"status":"Failed","error":{"code":"EndpointBusy","message":"An update is in progress."}}"""));

        var error = await Assert.ThrowsAsync<FineTuneException>(Delete);

        Assert.Equal("DeploymentDeleteFailed", error.ErrorId);
        Assert.Equal("faq-endpoint", error.Target);
        Assert.Equal("EndpointBusy", error.ServiceErrorCode);
        Assert.Equal("Deleting the deployment 'faq-endpoint' ended Failed: An update is in progress. (EndpointBusy).", error.Message);
        Assert.Equal(ActionTexts.DeleteDeploymentAgain, error.RecommendedAction);
    }
}
