using System.Diagnostics;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>The ARM layer of a real connection against the real emulator, with the emulator's fault injection.</summary>
public sealed class ArmEmulatorFaultTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    const string Provider = "Microsoft.Network";

    public async Task InitializeAsync()
    {
        await EmulatorAdmin.ResetAsync(fixture.Emulator, CancellationToken.None);
        await EmulatorAdmin.ClearFaultsAsync(fixture.Emulator, null, CancellationToken.None);
        await EmulatorAdmin.ClearRequestsAsync(fixture.Emulator, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<(ArmRequests Arm, Uri Address)> ProviderRead()
    {
        var connection = await fixture.ConnectAsync();
        var arm = connection.Clients().Arm;
        return (arm, arm.Address($"/subscriptions/{connection.SubscriptionId}/providers/{Provider}", "2022-09-01"));
    }

    Task AddFault(FaultKind kind, int? count, int? retryAfterSeconds = null) =>
        EmulatorAdmin.AddFaultsAsync(fixture.Emulator,
            [new FaultRule { Operation = "Providers_Get", Kind = kind, Count = count, RetryAfterSeconds = retryAfterSeconds }],
            CancellationToken.None);

    async Task<List<int>> ProviderGetStatuses() =>
        (await EmulatorAdmin.GetRequestsAsync(fixture.Emulator, CancellationToken.None))
            .Where(r => r.Operation == "Providers_Get").Select(r => r.Status).ToList();

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_that_wait_and_then_succeeds()
    {
        var (arm, address) = await ProviderRead();
        await EmulatorAdmin.ClearRequestsAsync(fixture.Emulator, CancellationToken.None);
        await AddFault(FaultKind.Throttle, count: 1, retryAfterSeconds: 2);

        var clock = Stopwatch.StartNew();
        using var provider = await arm.GetAsync(address, new ArmCall("GetProvider", Provider), CancellationToken.None);
        clock.Stop();

        Assert.Equal(Provider, JsonRead.String(provider.RootElement, "namespace"));
        Assert.Equal([429, 200], await ProviderGetStatuses());
        // A lower bound only: Azure.Core's own backoff here (ArmTiming.Emulator) is 50 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(50), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Dropped_connections_are_retried_and_when_they_go_on_fail_as_ConnectionFailed()
    {
        var (arm, address) = await ProviderRead();
        var call = new ArmCall("GetProvider", Provider);
        await AddFault(FaultKind.DropConnection, count: 2);
        using (var provider = await arm.GetAsync(address, call, CancellationToken.None))
            Assert.Equal(Provider, JsonRead.String(provider.RootElement, "namespace"));

        await AddFault(FaultKind.DropConnection, count: null);
        var error = await Assert.ThrowsAsync<FineTuneException>(() => arm.GetAsync(address, call, CancellationToken.None));

        Assert.Equal("GetProviderConnectionFailed", error.ErrorId);
        Assert.Equal(FailureKind.ConnectionFailed, error.Kind);
        Assert.Equal(Provider, error.Target);
        ArmClients.AssertNoSecret(error);
    }
}
