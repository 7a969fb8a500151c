using System.Diagnostics;
using System.Security;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Engine.Tests;

public sealed class ConnectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => EmulatorAdmin.ResetAsync(fixture.Emulator, CancellationToken.None);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Connect_reads_the_workspace_location_kind_and_ids()
    {
        var observer = new RecordingObserver();
        var connection = await WorkspaceConnector.ConnectAsync(fixture.Request(), observer, CancellationToken.None);

        Assert.Equal("eastus2", connection.Location);
        Assert.Equal("Project", connection.WorkspaceKind);
        Assert.Equal("phi-project", connection.WorkspaceName);
        Assert.True(Guid.TryParse(connection.WorkspaceId, out _));
        Assert.EndsWith("/workspaces/phi-hub", connection.HubResourceId);
        Assert.Equal("Emulator", connection.Environment);
        Assert.Contains(observer.Verbose, line => line.StartsWith("GET /subscriptions/") && line.Contains("-> 200 (request id "));
    }

    [Theory]
    [InlineData("no-such-project", null, "ResourceNotFound")]
    [InlineData(null, "00000000-0000-0000-0000-00000000abcd", "SubscriptionNotFound")]
    public async Task Connect_maps_404_to_NotFound_with_the_ARM_code_and_request_id(string? workspace, string? subscription,
        string code)
    {
        var error = await Assert.ThrowsAsync<FineTuneException>(() => WorkspaceConnector.ConnectAsync(
            fixture.Request(workspace, subscription), NullObserver.Instance, CancellationToken.None));

        Assert.Equal("GetWorkspaceNotFound", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Equal(404, error.HttpStatus);
        Assert.Equal(code, error.ServiceErrorCode);
        Assert.True(Guid.TryParse(error.RequestId, out _));
        Assert.Contains(error.RequestId!, error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Connect_maps_a_rejected_token_to_Authentication()
    {
        var error = await Assert.ThrowsAsync<FineTuneException>(() => WorkspaceConnector.ConnectAsync(
            fixture.Request(token: new SecureString()), NullObserver.Instance, CancellationToken.None));

        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.Equal(401, error.HttpStatus);
    }

    [Fact]
    public async Task Connect_trusts_only_the_pinned_certificate()
    {
        var wrongPin = new string('A', 64);
        var error = await Assert.ThrowsAsync<FineTuneException>(() => WorkspaceConnector.ConnectAsync(
            fixture.Request(thumbprint: wrongPin), NullObserver.Instance, CancellationToken.None));

        Assert.Equal(FailureKind.ConnectionFailed, error.Kind);
        var requests = await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, CancellationToken.None);
        Assert.Empty(requests);
    }

    [Theory]
    [InlineData("SubscriptionId", "not-a-guid")]
    [InlineData("ResourceGroupName", "bad/name")]
    [InlineData("WorkspaceName", "x")]
    public async Task Connect_rejects_malformed_ids_before_any_request(string parameter, string value)
    {
        var good = fixture.Request();
        var request = new ConnectionRequest
        {
            SubscriptionId = parameter == "SubscriptionId" ? value : good.SubscriptionId,
            ResourceGroupName = parameter == "ResourceGroupName" ? value : good.ResourceGroupName,
            WorkspaceName = parameter == "WorkspaceName" ? value : good.WorkspaceName,
            Method = AuthenticationMethod.Emulator,
            Emulator = good.Emulator,
        };

        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            WorkspaceConnector.ConnectAsync(request, NullObserver.Instance, CancellationToken.None));

        Assert.Equal($"Invalid{parameter}", error.ErrorId);
        Assert.Contains($"-{parameter} '{value}'", error.Message);
        Assert.Empty(await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, CancellationToken.None));
    }

    [Fact]
    public async Task Connect_rejects_an_expired_access_token_before_any_request()
    {
        var payload = Convert.ToBase64String("{\"exp\":1000000000}"u8.ToArray()).TrimEnd('=');
        var token = new SecureString();
        foreach (var c in $"eyJhbGciOiJub25lIn0.{payload}.sig") token.AppendChar(c);
        var request = new ConnectionRequest
        {
            SubscriptionId = fixture.Emulator.SubscriptionId,
            ResourceGroupName = fixture.Emulator.ResourceGroupName,
            WorkspaceName = fixture.Emulator.WorkspaceName,
            Method = AuthenticationMethod.AccessToken,
            AccessToken = token,
        };

        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            WorkspaceConnector.ConnectAsync(request, NullObserver.Instance, CancellationToken.None));

        Assert.Equal("AccessTokenExpired", error.ErrorId);
        Assert.Contains("2001-09-09", error.Message);
    }

    [Fact]
    public async Task Connect_retries_throttling_and_dropped_connections_honouring_Retry_After()
    {
        await EmulatorAdmin.AddFaultsAsync(fixture.Emulator,
        [
            new FaultRule { Operation = "Workspaces_Get", Kind = FaultKind.Throttle, Count = 1, RetryAfterSeconds = 1 },
            new FaultRule { Operation = "Workspaces_Get", Kind = FaultKind.DropConnection, Count = 1 },
        ], CancellationToken.None);
        var watch = Stopwatch.StartNew();

        var connection = await fixture.ConnectAsync();

        // The retry waits with Task.Delay, which wakes on the OS timer (1 ms ticks on Linux, about 15.6 ms on Windows):
        // the 1 s Retry-After can measure a little less than 1 s on a Stopwatch.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"took {watch.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Equal("eastus2", connection.Location);
        var statuses = (await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, CancellationToken.None)).Select(r => r.Status);
        Assert.Equal([429, 0, 200], statuses);
    }
}
