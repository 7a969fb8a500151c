using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;
using static PhiFineTune.Engine.Tests.Arm.ScriptedArmServer;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>
/// LongRunningPoller over a real HTTPS server (contract C.5): the operation is started by a real PUT or DELETE, so that
/// its polling headers are read by ArmRequests as in production. The connection's timing is the emulator's
/// (a missing Retry-After waits 0.5 s, the shortest wait is 0.1 s).
/// </summary>
public sealed class LongRunningPollerTests : IAsyncLifetime
{
    static readonly ArmCall Call = new("CreateThing", "thing-1");
    static readonly TimeSpan Minutes = TimeSpan.FromMinutes(2);
    // Task.Delay and the server's clock may disagree by a timer tick.
    static readonly TimeSpan ClockMargin = TimeSpan.FromMilliseconds(50);

    ScriptedArmServer _server = null!;
    ArmRequests _arm = null!;
    readonly List<string> _statuses = [];

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _arm = ArmClients.Arm(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    Uri Resource => new(_server.Url("/things/thing-1?api-version=1"));
    string OperationUrl => _server.Url("/operationsStatuses/op-1?api-version=1");
    string ResultUrl => _server.Url("/operationResults/op-1?api-version=1");

    static (string, string) Header(string name, string value) => (name, value);

    static Func<Microsoft.AspNetCore.Http.HttpContext, Task> Status(string status, string? error = null) =>
        Answer(200, error is null ? $$"""{"status":"{{status}}"}""" : $$"""{"status":"{{status}}","error":{{error}}}""",
            Header("Retry-After", "0"));

    Task<ArmResponse> Put() => _arm.PutAsync(Resource, new JsonObject { ["properties"] = new JsonObject() }, Call, CancellationToken.None);

    Task<OperationOutcome> Wait(ArmResponse started, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _arm.WaitAsync(started, Resource, timeout ?? Minutes, Call, (status, _) => _statuses.Add(status), cancellationToken);

    IEnumerable<string> PolledPaths => _server.Received.Skip(1).Select(r => r.PathAndQuery);

    [Fact]
    public async Task Azure_AsyncOperation_is_polled_from_InProgress_to_Succeeded()
    {
        _server.Reply(
            Answer(201, """{"properties":{"provisioningState":"Creating"}}""", Header("Azure-AsyncOperation", OperationUrl),
                Header("Retry-After", "0")),
            Status("InProgress"), Status("InProgress"), Status("Succeeded"));
        using var started = await Put();

        var outcome = await Wait(started);

        Assert.True(outcome.Succeeded);
        Assert.Null(outcome.ErrorCode);
        Assert.Equal(["InProgress", "InProgress", "Succeeded"], _statuses);
        Assert.All(PolledPaths, path => Assert.Equal("/operationsStatuses/op-1?api-version=1", path));
        Assert.All(_server.Received, r => Assert.Equal("Bearer " + ArmClients.Token, r.Authorization));
    }

    [Fact]
    public async Task A_Failed_operation_ends_with_its_error_code_and_message()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")),
            Status("InProgress"), Status("Failed", """{"code":"QuotaExceeded","message":"No quota left in the region."}"""));
        using var started = await Put();

        var outcome = await Wait(started);

        Assert.False(outcome.Succeeded);
        Assert.Equal(new OperationOutcome("Failed", "QuotaExceeded", "No quota left in the region."), outcome);
    }

    [Fact]
    public async Task A_Canceled_operation_ends_Canceled()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")),
            Status("Canceled", """{"code":"OperationCanceled","message":"Canceled by the user."}"""));
        using var started = await Put();

        var outcome = await Wait(started);

        Assert.False(outcome.Succeeded);
        Assert.Equal("Canceled", outcome.Status);
        Assert.Equal("OperationCanceled", outcome.ErrorCode);
    }

    [Fact]
    public async Task A_202_with_both_headers_is_followed_on_its_operation_resource_as_C5_says_clients_do()
    {
        _server.Reply(
            Answer(202, null, Header("Location", ResultUrl), Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")),
            Status("InProgress"), Status("Failed", """{"code":"DeleteFailed","message":"The endpoint could not be deleted."}"""));
        using var started = await _arm.DeleteAsync(Resource, Call, CancellationToken.None);

        var outcome = await Wait(started);

        Assert.Equal(new OperationOutcome("Failed", "DeleteFailed", "The endpoint could not be deleted."), outcome);
        Assert.All(PolledPaths, path => Assert.Equal("/operationsStatuses/op-1?api-version=1", path));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public async Task Location_is_polled_while_it_answers_202_and_its_final_answer_ends_the_operation(int final)
    {
        _server.Reply(
            Answer(202, null, Header("Location", ResultUrl), Header("Retry-After", "0")),
            Answer(202, null, Header("Retry-After", "0")), Answer(202, null, Header("Retry-After", "0")),
            Answer(final, final == 200 ? "{}" : null));
        using var started = await _arm.DeleteAsync(Resource, Call, CancellationToken.None);

        var outcome = await Wait(started);

        Assert.True(outcome.Succeeded);
        Assert.Equal(["InProgress", "InProgress"], _statuses);
        Assert.Equal(Enumerable.Repeat("/operationResults/op-1?api-version=1", 3), PolledPaths);
    }

    [Fact]
    public async Task Without_polling_headers_the_resource_is_read_until_its_provisioningState_is_terminal()
    {
        _server.Reply(Answer(201, """{"properties":{"provisioningState":"Creating"}}""", Header("Retry-After", "0")),
            Answer(200, """{"properties":{"provisioningState":"Creating"}}""", Header("Retry-After", "0")),
            Answer(200, """{"properties":{"provisioningState":"Updating"}}""", Header("Retry-After", "0")),
            Answer(200, """{"properties":{"provisioningState":"Failed"}}"""));
        using var started = await Put();

        var outcome = await Wait(started);

        Assert.Equal("Failed", outcome.Status);
        Assert.Equal(["Creating", "Updating", "Failed"], _statuses);
        Assert.All(PolledPaths, path => Assert.Equal("/things/thing-1?api-version=1", path));
        Assert.Equal(["PUT", "GET", "GET", "GET"], _server.Received.Select(r => r.Method));
    }

    [Fact]
    public async Task A_resource_without_provisioningState_counts_as_Succeeded()
    {
        _server.Reply(Answer(200, """{"properties":{}}""", Header("Retry-After", "0")), Answer(200, """{"name":"thing-1"}"""));
        using var started = await Put();
        Assert.True((await Wait(started)).Succeeded);
        Assert.Equal(["Succeeded"], _statuses);
    }

    [Fact]
    public async Task Every_wait_is_at_least_the_last_Retry_After_in_seconds()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "2")),
            Answer(200, """{"status":"InProgress"}""", Header("Retry-After", "1")),
            Answer(200, """{"status":"Succeeded"}"""));
        using var started = await Put();
        Assert.Equal(TimeSpan.FromSeconds(2), started.RetryAfter);

        Assert.True((await Wait(started)).Succeeded);

        var at = _server.Received.Select(r => r.At).ToList();
        Assert.Equal(3, at.Count);
        // Lower bounds only: the emulator timing's default wait (0.5 s) would fail both.
        Assert.True(at[1] - at[0] >= TimeSpan.FromSeconds(2) - ClockMargin, $"first poll after {at[1] - at[0]}");
        Assert.True(at[2] - at[1] >= TimeSpan.FromSeconds(1) - ClockMargin, $"second poll after {at[2] - at[1]}");
    }

    [Fact]
    public async Task Without_Retry_After_the_connections_default_wait_is_used()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl)), Answer(200, """{"status":"Succeeded"}"""));
        using var started = await Put();
        Assert.Null(started.RetryAfter);

        Assert.True((await Wait(started)).Succeeded);

        var at = _server.Received.Select(r => r.At).ToList();
        Assert.True(at[1] - at[0] >= ArmTiming.Emulator.LroDefaultDelay - ClockMargin, $"polled after {at[1] - at[0]}");
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_timeout_fails_at_once_with_the_Timeout_error_naming_the_operation()
    {
        _server.Reply(Answer(202, null, Header("Location", ResultUrl), Header("Retry-After", "600")));
        using var started = await _arm.DeleteAsync(Resource, Call, CancellationToken.None);

        var error = await Assert.ThrowsAsync<FineTuneException>(() => Wait(started, TimeSpan.FromSeconds(30)));

        Assert.Equal("CreateThingTimeout", error.ErrorId);
        Assert.Equal(FailureKind.Timeout, error.Kind);
        Assert.Equal("The operation on 'thing-1' had not finished after 30 s; Azure goes on with it.", error.Message);
        Assert.Equal("thing-1", error.Target);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task An_operation_still_running_at_the_timeout_fails_with_the_Timeout_error()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")), Status("InProgress"));
        using var started = await Put();

        var error = await Assert.ThrowsAsync<FineTuneException>(() => Wait(started, TimeSpan.FromSeconds(1)));

        Assert.Equal("CreateThingTimeout", error.ErrorId);
        Assert.Contains("'thing-1'", error.Message);
        Assert.NotEmpty(_statuses);
        Assert.All(_statuses, status => Assert.Equal("InProgress", status));
    }

    [Fact]
    public async Task Cancelling_during_a_wait_ends_the_poll_at_once()
    {
        _server.Reply(Answer(202, null, Header("Location", ResultUrl), Header("Retry-After", "60")));
        using var started = await _arm.DeleteAsync(Resource, Call, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait(started, cancellationToken: cancel.Token));
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task Cancelling_during_a_poll_request_is_a_cancellation()
    {
        // Cancelled once the poll request has reached the server (not on a timer, which a loaded machine can outrun).
        using var cancel = new CancellationTokenSource();
        var stall = Stall();
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")), context =>
        {
            cancel.Cancel();
            return stall(context);
        });
        using var started = await Put();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait(started, cancellationToken: cancel.Token));
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public async Task An_operation_resource_that_cannot_be_read_fails_with_the_mapped_error()
    {
        _server.Reply(Answer(201, "{}", Header("Azure-AsyncOperation", OperationUrl), Header("Retry-After", "0")),
            Answer(404, """{"error":{"code":"OperationNotFound","message":"No such operation."}}"""));
        using var started = await Put();

        var error = await Assert.ThrowsAsync<FineTuneException>(() => Wait(started));

        Assert.Equal("CreateThingNotFound", error.ErrorId);
        Assert.Contains("No such operation.", error.Message);
    }

    [Theory]
    [InlineData("Azure-AsyncOperation", 201)]
    [InlineData("Location", 202)]
    public async Task A_polling_URL_on_another_host_is_refused_before_any_poll(string header, int status)
    {
        await using var foreign = await StartAsync();
        foreign.Reply(Answer(200, """{"status":"Succeeded"}"""));
        _server.Reply(Answer(status, "{}", Header(header, foreign.Url("/operationsStatuses/op-1")), Header("Retry-After", "0")));
        using var started = await Put();

        var error = await Assert.ThrowsAsync<FineTuneException>(() => Wait(started));

        Assert.Equal("CreateThingInvalidOperation", error.ErrorId);
        Assert.Contains(foreign.Endpoint.Authority, error.Message);
        Assert.Empty(foreign.Received);
        ArmClients.AssertNoSecret(error);
    }
}
