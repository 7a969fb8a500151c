using System.Net;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

public sealed class AdminTests : EmulatorTestBase
{
    public AdminTests(EmulatorFixture fixture) : base(fixture) { }

    [Fact]
    public async Task Ready_file_has_the_documented_keys()
    {
        var ready = Emulator.Ready;
        Assert.Equal(
            new[] { "endpoint", "thumbprintSha256", "processId", "subscriptionId", "resourceGroupName", "hubWorkspaceName", "projectWorkspaceName", "location", "adminEndpoint" },
            ready.Select(p => p.Key).ToArray());
        Assert.Matches("^https://127\\.0\\.0\\.1:[0-9]+/$", (string)ready["endpoint"]!);
        Assert.Matches("^[0-9A-F]{64}$", (string)ready["thumbprintSha256"]!);
        Assert.Equal(Emulator.Process.Id, (int)ready["processId"]!);
        Assert.Equal(Sub, (string)ready["subscriptionId"]!);
        Assert.Equal(Rg, (string)ready["resourceGroupName"]!);
        Assert.Equal(Hub, (string)ready["hubWorkspaceName"]!);
        Assert.Equal(Project, (string)ready["projectWorkspaceName"]!);
        Assert.Equal("eastus2", (string)ready["location"]!);
        Assert.Equal((string)ready["endpoint"]! + "_emulator/", (string)ready["adminEndpoint"]!);
        Assert.Contains($"PhiFineTune emulator listening on {ready["endpoint"]} sha256={ready["thumbprintSha256"]}", Emulator.StandardOutput);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var noAuth = Emulator.CreateClient(bearer: null);
        using var response = await noAuth.GetAsync("_emulator/health");
        var body = await ReadJson(response, HttpStatusCode.OK);
        Assert.Equal("ok", (string)body["status"]!);
    }

    [Fact]
    public async Task Request_log_records_requests_without_the_token()
    {
        const string secret = "super-secret-token-value";
        using var withToken = Emulator.CreateClient(bearer: secret);
        using var noAuth = Emulator.CreateClient(bearer: null);
        (await withToken.GetAsync(ProviderPath("Microsoft.Network"))).Dispose();
        (await noAuth.GetAsync(WorkspacePath(Project))).Dispose();

        using var raw = await Client.GetAsync("_emulator/requests");
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("test-token", text);

        var log = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(2, log.Count);
        var first = log[0]!;
        Assert.Equal("GET", (string)first["method"]!);
        Assert.Equal($"/subscriptions/{Sub}/providers/Microsoft.Network", (string)first["path"]!);
        Assert.Equal("Providers_Get", (string)first["operation"]!);
        Assert.Equal("2022-09-01", (string)first["apiVersion"]!);
        Assert.Equal(200, (int)first["status"]!);
        Assert.True((bool)first["hadAuthorization"]!);
        Assert.True(Guid.TryParse((string)first["correlationRequestId"]!, out _));
        Assert.True(DateTimeOffset.TryParse((string)first["time"]!, out _));
        var second = log[1]!;
        Assert.Equal("Workspaces_Get", (string)second["operation"]!);
        Assert.Equal(401, (int)second["status"]!);
        Assert.False((bool)second["hadAuthorization"]!);

        using var cleared = await Client.DeleteAsync("_emulator/requests");
        Assert.Empty(await RequestLog());
    }

    [Fact]
    public async Task Reset_restores_seeded_state_settings_faults_and_log()
    {
        await PutJson("_emulator/settings", "{\"registrationDelayMs\":0,\"pageSize\":1}");
        await PostJson(ProviderPath("Microsoft.Network/register"));
        Assert.Equal("Registered", await ProviderState("Microsoft.Network"));
        await AddFaults("{\"operation\":\"Providers_Unregister\",\"kind\":\"Throttle\"}");

        await PostJson("_emulator/reset");

        Assert.Empty((await GetJson("_emulator/faults")).AsArray());
        Assert.Empty(await RequestLog());
        var settings = await GetJson("_emulator/settings");
        Assert.Equal(3000, (int)settings["registrationDelayMs"]!);
        Assert.Equal(4, (int)settings["pageSize"]!);
        Assert.Equal("NotRegistered", await ProviderState("Microsoft.Network"));
    }

    [Fact]
    public async Task Admin_errors_are_ARM_shaped()
    {
        using var badSettings = await Client.PutAsync("_emulator/settings", new StringContent("{\"registrationDelayMs\":-1}"));
        await AssertArmError(badSettings, HttpStatusCode.BadRequest, "InvalidRequestContent");
        using var badProvider = await Client.PutAsync("_emulator/providers/Microsoft.Network", new StringContent("{}"));
        await AssertArmError(badProvider, HttpStatusCode.BadRequest, "InvalidRequestContent");
    }
}
