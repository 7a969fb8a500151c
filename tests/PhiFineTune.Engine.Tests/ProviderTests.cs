using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Emulator;
using PhiFineTune.Engine.Providers;

namespace PhiFineTune.Engine.Tests;

public sealed class ProviderTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => EmulatorAdmin.ResetAsync(fixture.Emulator, CancellationToken.None);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Register_then_wait_reaches_Registered_with_progress()
    {
        var connection = await fixture.ConnectAsync();
        var sub = connection.SubscriptionId;
        var before = await ProviderRegistrar.GetAsync(connection, sub, "Microsoft.Network", NullObserver.Instance, default);
        Assert.Equal(ProviderStates.NotRegistered, before.RegistrationState);
        Assert.False(before.IsReady);
        Assert.NotNull(before.Purpose);

        var registering = await ProviderRegistrar.RegisterAsync(connection, sub, "Microsoft.Network", NullObserver.Instance, default);
        Assert.Equal(ProviderStates.Registering, registering.RegistrationState);

        var observer = new RecordingObserver();
        var wait = await ProviderRegistrar.WaitUntilRegisteredAsync(connection, [registering], TimeSpan.FromSeconds(30),
            observer, default);

        Assert.False(wait.TimedOut);
        Assert.True(wait.Providers.Single().IsReady);
        Assert.Contains(observer.Progress, p => !p.Completed && p.Status.Contains("Microsoft.Network Registering"));
        Assert.True(observer.Progress.Last().Completed);
    }

    [Fact]
    public async Task Wait_returns_the_states_as_they_stand_at_the_timeout()
    {
        var connection = await fixture.ConnectAsync();
        await EmulatorAdmin.ResetAsync(fixture.Emulator, default);
        var registering = await ProviderRegistrar.RegisterAsync(connection, connection.SubscriptionId, "Microsoft.Network",
            NullObserver.Instance, default);
        // A delay far beyond the timeout: registration cannot finish in time.
        using var http = new HttpClient(ClientSetup.CreatePinnedHandler(fixture.Emulator.CertificateThumbprintSha256));
        using var put = await http.PutAsync(new Uri(fixture.Emulator.AdminEndpoint, "settings"),
            new StringContent("{\"registrationDelayMs\":600000}", System.Text.Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();

        var wait = await ProviderRegistrar.WaitUntilRegisteredAsync(connection, [registering], TimeSpan.FromSeconds(1),
            NullObserver.Instance, default);

        Assert.True(wait.TimedOut);
        Assert.Equal(ProviderStates.Registering, wait.Providers.Single().RegistrationState);
    }

    [Fact]
    public async Task Wait_stops_at_once_when_cancelled()
    {
        var connection = await fixture.ConnectAsync();
        var registering = await ProviderRegistrar.RegisterAsync(connection, connection.SubscriptionId, "Microsoft.Network",
            NullObserver.Instance, default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var started = DateTimeOffset.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProviderRegistrar.WaitUntilRegisteredAsync(
            connection, [registering], TimeSpan.FromMinutes(5), NullObserver.Instance, cancel.Token));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Register_403_names_the_permission_and_the_subscription()
    {
        var connection = await fixture.ConnectAsync();
        await EmulatorAdmin.AddFaultsAsync(fixture.Emulator,
            [new FaultRule { Operation = "Providers_Register", Kind = FaultKind.Forbidden }], default);

        var error = await Assert.ThrowsAsync<FineTuneException>(() => ProviderRegistrar.RegisterAsync(connection,
            connection.SubscriptionId, "Microsoft.Network", NullObserver.Instance, default));

        Assert.Equal("RegisterProviderPermissionDenied", error.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Contains(ProviderRegistrar.RegisterPermission, error.Message);
        Assert.Contains(connection.SubscriptionId, error.Message);
        Assert.Equal("AuthorizationFailed", error.ServiceErrorCode);
    }

    [Fact]
    public async Task Unknown_namespace_is_NotFound()
    {
        var connection = await fixture.ConnectAsync();
        var error = await Assert.ThrowsAsync<FineTuneException>(() => ProviderRegistrar.GetAsync(connection,
            connection.SubscriptionId, "Microsoft.DoesNotExist", NullObserver.Instance, default));
        Assert.Equal("GetProviderNotFound", error.ErrorId);
        Assert.Equal("InvalidResourceNamespace", error.ServiceErrorCode);
    }

    [Fact]
    public async Task Retries_500_and_503_until_success()
    {
        var connection = await fixture.ConnectAsync();
        await EmulatorAdmin.ClearRequestsAsync(fixture.Emulator, default);
        await EmulatorAdmin.AddFaultsAsync(fixture.Emulator,
        [
            new FaultRule { Operation = "Providers_Get", Kind = FaultKind.InternalServerError, Count = 1 },
            new FaultRule { Operation = "Providers_Get", Kind = FaultKind.ServiceUnavailable, Count = 1 },
        ], default);

        var status = await ProviderRegistrar.GetAsync(connection, connection.SubscriptionId, "Microsoft.Storage",
            NullObserver.Instance, default);

        Assert.True(status.IsReady);
        var statuses = (await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, default)).Select(r => r.Status);
        Assert.Equal([500, 503, 200], statuses);
    }
}
