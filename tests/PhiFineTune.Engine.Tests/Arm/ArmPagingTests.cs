using System.Text.Json;
using PhiFineTune.Engine.Arm;
using static PhiFineTune.Engine.Tests.Arm.ScriptedArmServer;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>ArmRequests.ListAsync and ListOrNullAsync over a real HTTPS server: nextLink paging (contract C.7).</summary>
public sealed class ArmPagingTests : IAsyncLifetime
{
    static readonly ArmCall Call = new("GetThing", "things");

    ScriptedArmServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    Uri First => new(_server.Url("/things?api-version=1"));

    string Page(string values, string? nextPath) =>
        nextPath is null ? $$"""{"value":[{{values}}]}""" : $$"""{"value":[{{values}}],"nextLink":"{{_server.Url(nextPath)}}"}""";

    async Task<List<int>> ListAll()
    {
        var items = new List<int>();
        await foreach (var item in ArmClients.Arm(_server).ListAsync(First, Call, CancellationToken.None))
            items.Add(item.GetProperty("n").GetInt32());
        return items;
    }

    [Fact]
    public async Task Follows_nextLink_across_pages_and_stops_at_the_last()
    {
        _server.Reply(
            Answer(200, Page("""{"n":1},{"n":2}""", "/things?api-version=1&$skip=2")),
            Answer(200, Page("""{"n":3}""", "/things?api-version=1&$skip=3")),
            Answer(200, Page("""{"n":4},{"n":5}""", null)),
            Answer(500, """{"error":{"code":"TooFar","message":"Read past the last page."}}"""));

        Assert.Equal([1, 2, 3, 4, 5], await ListAll());
        Assert.Equal(["/things?api-version=1", "/things?api-version=1&$skip=2", "/things?api-version=1&$skip=3"],
            _server.Received.Select(r => r.PathAndQuery));
        Assert.All(_server.Received, r => Assert.Equal("Bearer " + ArmClients.Token, r.Authorization));
    }

    [Fact]
    public async Task An_empty_page_a_page_without_value_and_an_empty_nextLink_are_handled()
    {
        _server.Reply(
            Answer(200, Page("", "/things?page=2")),
            Answer(200, $$"""{"nextLink":"{{_server.Url("/things?page=3")}}"}"""),
            Answer(200, Page("""{"n":7}""", "/things?page=4")),
            Answer(200, """{"value":{"n":8},"nextLink":""}"""));

        Assert.Equal([7], await ListAll());
        Assert.Equal(4, _server.Received.Count);
    }

    [Fact]
    public async Task ListOrNull_collects_every_page_and_is_null_when_the_parent_is_missing()
    {
        var arm = ArmClients.Arm(_server);
        _server.Reply(Answer(200, Page("""{"n":1}""", "/things?page=2")), Answer(200, Page("""{"n":2}""", null)));
        var all = await arm.ListOrNullAsync(First, Call, CancellationToken.None);
        Assert.Equal([1, 2], all!.Select(item => item.GetProperty("n").GetInt32()));

        _server.Reply(Answer(404, """{"error":{"code":"ParentNotFound","message":"No such workspace."}}"""));
        Assert.Null(await arm.ListOrNullAsync(First, Call, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_page_fails_the_list_with_the_mapped_error()
    {
        _server.Reply(Answer(200, Page("""{"n":1}""", "/things?page=2")),
            Answer(403, """{"error":{"code":"AuthorizationFailed","message":"No read on page 2."}}"""));
        var error = await Assert.ThrowsAsync<FineTuneException>(ListAll);
        Assert.Equal("GetThingPermissionDenied", error.ErrorId);
        Assert.Contains("No read on page 2.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_nextLink_to_another_host_is_not_followed_so_the_token_stays_home(bool orNull)
    {
        await using var foreign = await StartAsync();
        foreign.Reply(Answer(200, """{"value":[{"n":99}]}"""));
        _server.Reply(Answer(200, $$"""{"value":[{"n":1}],"nextLink":"{{foreign.Url("/steal?page=2")}}"}"""));

        var error = await Assert.ThrowsAsync<FineTuneException>(async () =>
        {
            if (orNull) await ArmClients.Arm(_server).ListOrNullAsync(First, Call, CancellationToken.None);
            else await ListAll();
        });

        Assert.Empty(foreign.Received);
        Assert.Equal("GetThingInvalidOperation", error.ErrorId);
        Assert.Equal(FailureKind.InvalidOperation, error.Kind);
        Assert.Contains(foreign.Endpoint.Authority, error.Message);
        ArmClients.AssertNoSecret(error);
    }

    [Fact]
    public void JsonRead_reads_value_and_nextLink_tolerantly()
    {
        using var odd = JsonDocument.Parse("""{"value":"x","nextLink":5}""");
        Assert.Empty(JsonRead.Values(odd.RootElement));
        Assert.Null(JsonRead.NextLink(odd.RootElement));
        using var array = JsonDocument.Parse("[]");
        Assert.Empty(JsonRead.Values(array.RootElement));
        Assert.Null(JsonRead.NextLink(array.RootElement));
    }
}
