using System.Diagnostics;
using System.Net;

namespace PhiFineTune.Emulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    public FaultTests(EmulatorFixture fixture) : base(fixture) { }

    private async Task<HttpStatusCode> GetStatus(string path)
    {
        using var response = await Client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task Throttle_with_count_fires_N_times_then_is_spent_and_sends_Retry_After()
    {
        await AddFaults("{\"operation\":\"Providers_Get\",\"kind\":\"Throttle\",\"count\":2,\"retryAfterSeconds\":7}");
        for (var i = 0; i < 2; i++)
        {
            using var throttled = await Client.GetAsync(ProviderPath("Microsoft.Network"));
            await AssertArmError(throttled, HttpStatusCode.TooManyRequests, "TooManyRequests");
            Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        }
        Assert.Equal(HttpStatusCode.OK, await GetStatus(ProviderPath("Microsoft.Network")));

        var rules = (await GetJson("_emulator/faults")).AsArray();
        var rule = Assert.Single(rules);
        Assert.Equal(0, (int)rule!["remaining"]!);
        Assert.True((bool)rule["spent"]!);
    }

    [Fact]
    public async Task Throttle_defaults_Retry_After_to_one_second()
    {
        await AddFaults("{\"operation\":\"*\",\"kind\":\"Throttle\",\"count\":1}");
        using var response = await Client.GetAsync(WorkspacePath(Project));
        await AssertArmError(response, HttpStatusCode.TooManyRequests, "TooManyRequests");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task InternalServerError_and_ServiceUnavailable()
    {
        await AddFaults("""
            [{"operation":"Providers_Register","kind":"InternalServerError","count":1},
             {"operation":"Providers_Register","kind":"ServiceUnavailable","count":1,"retryAfterSeconds":3},
             {"operation":"Providers_Register","kind":"ServiceUnavailable","count":1}]
            """);
        using var first = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        await AssertArmError(first, HttpStatusCode.InternalServerError, "InternalServerError");

        using var second = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        await AssertArmError(second, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);

        using var third = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        await AssertArmError(third, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.Null(third.Headers.RetryAfter);

        // Spent; and the faults never reached the handler, so the provider was registered only now.
        Assert.Equal("NotRegistered", await ProviderState("Microsoft.Network"));
        using var fourth = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
    }

    [Fact]
    public async Task A_rule_for_one_operation_leaves_the_others_alone()
    {
        await AddFaults("{\"operation\":\"Workspaces_Get\",\"kind\":\"InternalServerError\"}");
        Assert.Equal(HttpStatusCode.OK, await GetStatus(ProviderPath("Microsoft.Network")));
        Assert.Equal(HttpStatusCode.InternalServerError, await GetStatus(WorkspacePath(Project)));
        Assert.Equal(HttpStatusCode.InternalServerError, await GetStatus(WorkspacePath(Project)));
    }

    [Fact]
    public async Task Faults_come_before_authentication()
    {
        await AddFaults("{\"operation\":\"Providers_Get\",\"kind\":\"ServiceUnavailable\",\"count\":1}");
        using var noAuth = Emulator.CreateClient(bearer: null);
        using var response = await noAuth.GetAsync(ProviderPath("Microsoft.Network"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Forbidden_names_the_action_and_scope()
    {
        await AddFaults("""
            [{"operation":"Providers_Register","kind":"Forbidden","count":1},
             {"operation":"Workspaces_Get","kind":"Forbidden","count":1}]
            """);
        using var register = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        var message = await AssertArmError(register, HttpStatusCode.Forbidden, "AuthorizationFailed");
        Assert.Equal(
            "The client 'emulator-user@phifinetune.local' with object id 'e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13' does not have authorization to perform action " +
            $"'Microsoft.Resources/subscriptions/providers/register/action' over scope '/subscriptions/{Sub}' or the scope is invalid. " +
            "If access was recently granted, please refresh your credentials.",
            message);

        using var workspace = await Client.GetAsync(WorkspacePath(Project));
        var wsMessage = await AssertArmError(workspace, HttpStatusCode.Forbidden, "AuthorizationFailed");
        Assert.Contains("'Microsoft.MachineLearningServices/workspaces/read'", wsMessage);
        Assert.Contains($"over scope '{WorkspaceId(Project)}'", wsMessage);
    }

    [Fact]
    public async Task DropConnection_aborts_without_a_response_and_is_logged_as_status_0()
    {
        await AddFaults("{\"operation\":\"Providers_Get\",\"kind\":\"DropConnection\",\"count\":1}");
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync(ProviderPath("Microsoft.Network")));

        Assert.Equal(HttpStatusCode.OK, await GetStatus(ProviderPath("Microsoft.Network")));
        var log = await RequestLog();
        Assert.Equal(2, log.Count);
        Assert.Equal("DropConnection", (string?)log[0]!["fault"]);
        Assert.Equal(0, (int)log[0]!["status"]!);
        Assert.Equal(200, (int)log[1]!["status"]!);
    }

    [Fact]
    public async Task Latency_delays_then_serves_normally()
    {
        await AddFaults("{\"operation\":\"Providers_Get\",\"kind\":\"Latency\",\"latencyMs\":700,\"count\":1}");
        var watch = Stopwatch.StartNew();
        var provider = await GetJson(ProviderPath("Microsoft.Network"));
        watch.Stop();
        Assert.Equal("Microsoft.Network", (string)provider["namespace"]!);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(700) - TimerResolution, $"took {watch.Elapsed.TotalMilliseconds:0.0} ms");

        // The rule is spent: the next request is served without the fault, and the log says which one was delayed.
        Assert.Equal(HttpStatusCode.OK, await GetStatus(ProviderPath("Microsoft.Network")));
        var log = await RequestLog();
        Assert.Equal(new[] { "Latency", null }, log.Select(e => (string?)e!["fault"]));
        Assert.All(log, e => Assert.Equal(200, (int)e!["status"]!));
    }

    // The emulator's Task.Delay wakes on the OS timer (1 ms ticks on Linux, about 15.6 ms on Windows), so a 700 ms
    // delay can measure a little less than 700 ms on the client's Stopwatch.
    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Probability_with_a_seed_repeats_across_resets()
    {
        async Task<string> Run()
        {
            await Client.PostAsync("_emulator/reset", null);
            await AddFaults("{\"operation\":\"Providers_Get\",\"kind\":\"InternalServerError\",\"probability\":0.5,\"seed\":42}");
            var pattern = "";
            for (var i = 0; i < 16; i++)
            {
                pattern += await GetStatus(ProviderPath("Microsoft.Network")) == HttpStatusCode.OK ? "." : "X";
            }
            return pattern;
        }

        var first = await Run();
        var second = await Run();
        Assert.Equal(first, second);
        Assert.Contains("X", first);
        Assert.Contains(".", first);
    }

    [Fact]
    public async Task Admin_routes_are_never_faulted()
    {
        await AddFaults("{\"operation\":\"*\",\"kind\":\"InternalServerError\"}");
        Assert.Equal(HttpStatusCode.OK, await GetStatus("_emulator/health"));
        Assert.Equal(HttpStatusCode.InternalServerError, await GetStatus(ProviderPath("Microsoft.Network")));
    }

    [Fact]
    public async Task Faults_can_be_listed_and_deleted_by_id()
    {
        var added = await PostJson("_emulator/faults",
            "[{\"operation\":\"Providers_Get\",\"kind\":\"Throttle\"},{\"operation\":\"Providers_List\",\"kind\":\"Throttle\"}]",
            HttpStatusCode.Created);
        var ids = added.AsArray().Select(r => (string)r!["id"]!).ToList();
        Assert.Equal(2, ids.Distinct().Count());

        using var deleted = await Client.DeleteAsync($"_emulator/faults/{ids[0]}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var left = (await GetJson("_emulator/faults")).AsArray();
        Assert.Equal(ids[1], (string)Assert.Single(left)!["id"]!);
        Assert.Equal(HttpStatusCode.OK, await GetStatus(ProviderPath("Microsoft.Network")));

        using var missing = await Client.DeleteAsync($"_emulator/faults/{ids[0]}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var all = await Client.DeleteAsync("_emulator/faults");
        Assert.Empty((await GetJson("_emulator/faults")).AsArray());
    }

    [Theory]
    [InlineData("{\"operation\":\"Nope\",\"kind\":\"Throttle\"}")]
    [InlineData("{\"operation\":\"*\",\"kind\":\"Explode\"}")]
    [InlineData("{\"kind\":\"Throttle\"}")]
    [InlineData("{\"operation\":\"*\",\"kind\":\"Latency\"}")]
    [InlineData("{\"operation\":\"*\",\"kind\":\"Throttle\",\"probability\":2}")]
    [InlineData("{\"operation\":\"*\",\"kind\":\"Throttle\",\"count\":0}")]
    public async Task Invalid_rules_are_refused(string rule)
    {
        using var content = new StringContent(rule);
        using var response = await Client.PostAsync("_emulator/faults", content);
        await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidFaultRule");
        Assert.Empty((await GetJson("_emulator/faults")).AsArray());
    }

    [Fact]
    public async Task Faulted_requests_are_logged_with_their_status()
    {
        await AddFaults("{\"operation\":\"Providers_List\",\"kind\":\"Throttle\",\"count\":1}");
        await GetStatus($"subscriptions/{Sub}/providers?{ProvidersApi}");
        var entry = Assert.Single(await RequestLog());
        Assert.Equal(429, (int)entry!["status"]!);
        Assert.Equal("Providers_List", (string)entry["operation"]!);
        Assert.Equal("Throttle", (string)entry["fault"]!);
    }
}
