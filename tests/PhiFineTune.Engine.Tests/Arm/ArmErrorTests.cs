using System.Text.Json.Nodes;
using Azure.Core;
using PhiFineTune.Engine.Arm;
using static PhiFineTune.Engine.Tests.Arm.ScriptedArmServer;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>
/// How ArmRequests turns a refusal, a broken connection or a silent server into a FineTuneException (contract C.4),
/// through the session's real pipeline (retries included); never with the token or an Authorization value in it.
/// </summary>
public sealed class ArmErrorTests : IAsyncLifetime
{
    static readonly ArmCall Call = new("GetThing", "thing-1");

    ScriptedArmServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    Uri Address => new(_server.Url("/things/thing-1?api-version=1"));

    Task<FineTuneException> Refused(ArmRequests? arm = null) =>
        Assert.ThrowsAsync<FineTuneException>(async () =>
        {
            using var _ = await (arm ?? ArmClients.Arm(_server)).GetAsync(Address, Call, CancellationToken.None);
        });

    [Theory]
    [InlineData(400, "InvalidArgument", false)]
    [InlineData(401, "Authentication", false)]
    [InlineData(403, "PermissionDenied", false)]
    [InlineData(404, "NotFound", false)]
    [InlineData(409, "Conflict", false)]
    [InlineData(429, "Throttled", true)]
    [InlineData(500, "ServiceUnavailable", true)]
    [InlineData(503, "ServiceUnavailable", true)]
    public async Task An_ARM_error_body_maps_to_the_id_kind_and_message_of_its_status(int status, string kind, bool retried)
    {
        _server.Reply(Answer(status, """
            {"error":{"code":"ThingRefused","message":"The thing said no.",
             "details":[{"code":"Inner","message":"Because of an inner reason."}]}}
            """, ("x-ms-request-id", "req-42"), ("Retry-After", "0")));

        var error = await Refused();

        Assert.Equal("GetThing" + kind, error.ErrorId);
        Assert.Equal(Enum.Parse<FailureKind>(kind), error.Kind);
        Assert.Equal($"The thing said no. (HTTP {status} ThingRefused, request id req-42)", error.Message);
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal("ThingRefused", error.ServiceErrorCode);
        Assert.Equal("req-42", error.RequestId);
        Assert.Equal("thing-1", error.Target);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        // Azure.Core retries 429 and 5xx (ClientSetup: 5 retries), and nothing else.
        Assert.Equal(retried ? 6 : 1, _server.Received.Count);
        ArmClients.AssertNoSecret(error);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_falls_back_to_the_status_and_the_error_code_header()
    {
        _server.Reply(Answer(400, "<html><body>Bad Request</body></html>", ("Content-Type", "text/html"),
            ("x-ms-error-code", "BadThing")));
        var error = await Refused();
        Assert.Equal("GetThingInvalidArgument", error.ErrorId);
        Assert.Equal("Service request failed. (HTTP 400 BadThing)", error.Message);
        Assert.Equal("BadThing", error.ServiceErrorCode);
        ArmClients.AssertNoSecret(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"error":"a string, not an object"}""")]
    [InlineData("""{"message":"no error member"}""")]
    public async Task An_empty_or_unexpected_body_still_names_the_status(string? body)
    {
        _server.Reply(Answer(409, body));
        var error = await Refused();
        Assert.Equal("GetThingConflict", error.ErrorId);
        Assert.Equal("Service request failed. (HTTP 409)", error.Message);
        Assert.Null(error.ServiceErrorCode);
    }

    [Fact]
    public async Task OnFailure_turns_a_refusal_into_the_callers_error_and_sees_the_service_message()
    {
        _server.Reply(Answer(409, """{"error":{"code":"AlreadyThere","message":"It exists."}}"""));
        ArmFailure? seen = null;
        var call = Call with
        {
            OnFailure = failure =>
            {
                seen = failure;
                return failure.Status == 409 ? new FineTuneException("ThingAlreadyThere", FailureKind.Conflict, "Already there.") : null;
            },
        };
        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            ArmClients.Arm(_server).PutAsync(Address, new JsonObject(), call, CancellationToken.None));
        Assert.Equal("ThingAlreadyThere", error.ErrorId);
        Assert.Equal("It exists.", seen!.ServiceMessage);
        Assert.Equal("GetThingConflict", seen.Error.ErrorId);
    }

    [Fact]
    public async Task A_404_is_an_answer_where_the_caller_allows_it()
    {
        var arm = ArmClients.Arm(_server);
        _server.Reply(Answer(404, """{"error":{"code":"NotFound","message":"Gone."}}"""));
        Assert.Null(await arm.GetOrNullAsync(Address, Call, CancellationToken.None));
        using var deleted = await arm.DeleteAsync(Address, Call, CancellationToken.None);
        Assert.Equal(404, deleted.Status);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_then_reported_as_ConnectionFailed()
    {
        _server.Reply(Drop());
        var error = await Refused();
        Assert.Equal("GetThingConnectionFailed", error.ErrorId);
        Assert.Equal(FailureKind.ConnectionFailed, error.Kind);
        Assert.StartsWith("The request could not reach Azure: ", error.Message);
        Assert.Equal(6, _server.Received.Count);
        ArmClients.AssertNoSecret(error);
    }

    [Fact]
    public async Task A_dropped_connection_once_is_retried_and_the_request_succeeds()
    {
        _server.Reply(Drop(), Answer(200, """{"name":"thing-1"}"""));
        using var thing = await ArmClients.Arm(_server).GetAsync(Address, Call, CancellationToken.None);
        Assert.Equal("thing-1", JsonRead.String(thing.RootElement, "name"));
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_a_Timeout_not_as_a_cancellation()
    {
        _server.Reply(Stall());
        var arm = ArmClients.Arm(_server, options =>
        {
            // Long enough for a first TLS handshake on a loaded machine: each attempt must reach the server.
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
            options.Retry.MaxRetries = 1;
        });
        var error = await Refused(arm);
        Assert.Equal("GetThingTimeout", error.ErrorId);
        Assert.Equal(FailureKind.Timeout, error.Kind);
        Assert.Equal("The request got no answer from Azure in time (every retry timed out).", error.Message);
        Assert.Equal("thing-1", error.Target);
        Assert.Equal(2, _server.Received.Count);
        ArmClients.AssertNoSecret(error);
    }

    [Fact]
    public async Task Cancelling_a_request_in_flight_is_a_cancellation()
    {
        _server.Reply(Stall());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ArmClients.Arm(_server).GetAsync(Address, Call, cancel.Token));
    }

    [Fact]
    public async Task An_inference_key_given_as_the_Authorization_header_is_sent_and_never_reported()
    {
        const string key = "Bearer inference-key-9b7d";
        var inference = ArmClients.Session(_server.Pinned).Inference;
        _server.Reply(Answer(401, """{"error":{"code":"Unauthorized","message":"Key rejected."}}"""));
        var error = await Assert.ThrowsAsync<FineTuneException>(() => inference.SendAsync(RequestMethod.Post, Address,
            new JsonObject(), Call, CancellationToken.None, authorization: key));
        Assert.Equal(key, Assert.Single(_server.Received).Authorization);
        Assert.Equal("GetThingAuthentication", error.ErrorId);
        ArmClients.AssertNoSecret(error, key, "inference-key-9b7d");
    }

    [Fact]
    public async Task The_request_log_names_method_path_status_and_request_id_and_no_secret()
    {
        var observer = new RecordingObserver();
        _server.Reply(Answer(200, "{}", ("x-ms-request-id", "req-7")));
        using (ObserverScope.Enter(observer))
        {
            using var _ = await ArmClients.Arm(_server).GetAsync(new Uri(_server.Url("/things/thing-1?api-version=1&$skiptoken=opaque")),
                Call, CancellationToken.None);
        }
        var line = Assert.Single(observer.Verbose);
        Assert.Equal("GET /things/thing-1?api-version=1 -> 200 (request id req-7)", line);
        Assert.DoesNotContain(ArmClients.Token, line, StringComparison.Ordinal);
    }
}
