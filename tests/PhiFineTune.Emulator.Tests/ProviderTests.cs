using System.Net;

namespace PhiFineTune.Emulator.Tests;

public sealed class ProviderTests : EmulatorTestBase
{
    private static readonly string[] SeededNamespaces =
    {
        "Microsoft.Network", "Microsoft.MachineLearningServices", "Microsoft.Storage", "Microsoft.CognitiveServices",
        "Microsoft.Resources", "Microsoft.Compute", "Microsoft.KeyVault", "Microsoft.ContainerRegistry",
        "Microsoft.Insights", "Microsoft.OperationalInsights", "Microsoft.Authorization",
    };

    public ProviderTests(EmulatorFixture fixture) : base(fixture) { }

    [Fact]
    public async Task List_pages_follow_absolute_nextLink_and_yield_every_provider_once()
    {
        var seen = new List<string>();
        string? next = $"subscriptions/{Sub}/providers?{ProvidersApi}";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJson(next);
            pages++;
            var value = page["value"]!.AsArray();
            Assert.InRange(value.Count, 1, 4);
            seen.AddRange(value.Select(p => (string)p!["namespace"]!));
            next = (string?)page["nextLink"];
            if (next is not null)
            {
                Assert.StartsWith($"{Emulator.Endpoint}subscriptions/{Sub}/providers?api-version=2022-09-01&%24skiptoken=", next);
                Assert.True(Uri.IsWellFormedUriString(next, UriKind.Absolute));
            }
            Assert.True(pages < 10, "nextLink never ended");
        }
        Assert.Equal(3, pages); // 10 providers, --page-size default 4
        Assert.Equal(SeededNamespaces, seen);
    }

    [Fact]
    public async Task List_honours_top_and_page_size_setting()
    {
        await PutJson("_emulator/settings", "{\"pageSize\":2}");
        var seen = new List<string>();
        string? next = $"subscriptions/{Sub}/providers?{ProvidersApi}&$top=5";
        while (next is not null)
        {
            var page = await GetJson(next);
            seen.AddRange(page["value"]!.AsArray().Select(p => (string)p!["namespace"]!));
            next = (string?)page["nextLink"];
        }
        Assert.Equal(SeededNamespaces.Take(5), seen);
    }

    [Fact]
    public async Task Seeded_states_match_the_brief()
    {
        var expected = new Dictionary<string, string>
        {
            ["Microsoft.Network"] = "NotRegistered",
            ["Microsoft.MachineLearningServices"] = "Registered",
            ["Microsoft.CognitiveServices"] = "NotRegistered",
            ["Microsoft.Insights"] = "NotRegistered",
            ["Microsoft.Resources"] = "Registered",
        };
        foreach (var (ns, state) in expected)
        {
            Assert.Equal(state, await ProviderState(ns));
        }
        var resources = await GetJson(ProviderPath("Microsoft.Resources"));
        Assert.Equal("RegistrationFree", (string)resources["registrationPolicy"]!);
        var ml = await GetJson(ProviderPath("Microsoft.MachineLearningServices"));
        var types = ml["resourceTypes"]!.AsArray().ToDictionary(t => (string)t!["resourceType"]!, t => t!);
        Assert.Contains("2025-01-01-preview", types["workspaces"]["apiVersions"]!.AsArray().Select(v => (string)v!));
        foreach (var t in new[] { "workspaces/jobs", "workspaces/serverlessEndpoints", "workspaces/models" })
        {
            Assert.True(types.ContainsKey(t), t);
        }
    }

    [Fact]
    public async Task Get_matches_namespace_case_insensitively_and_echoes_canonical_casing()
    {
        var p = await GetJson($"subscriptions/{Sub.ToUpperInvariant()}/providers/microsoft.network?{ProvidersApi}");
        Assert.Equal("Microsoft.Network", (string)p["namespace"]!);
        Assert.Equal($"/subscriptions/{Sub}/providers/Microsoft.Network", (string)p["id"]!);
    }

    [Theory]
    [InlineData("2022-09-01")]
    [InlineData("2025-04-01")]
    [InlineData("2021-04-01")]
    public async Task Get_accepts_the_providers_api_versions(string apiVersion)
    {
        var p = await GetJson(ProviderPath("Microsoft.Storage", "api-version=" + apiVersion));
        Assert.Equal("Registered", (string)p["registrationState"]!);
    }

    [Fact]
    public async Task Register_goes_Registering_then_Registered_after_the_delay()
    {
        await PutJson("_emulator/settings", "{\"registrationDelayMs\":1000}");
        Assert.Equal("NotRegistered", await ProviderState("Microsoft.Network"));

        // No body (as the .NET client sends it) ...
        var registered = await PostJson(ProviderPath("Microsoft.Network/register"));
        Assert.Equal("Registering", (string)registered["registrationState"]!);
        Assert.Equal("Microsoft.Network", (string)registered["namespace"]!);
        Assert.Equal("Registering", await ProviderState("Microsoft.Network"));

        await Task.Delay(1200);
        Assert.Equal("Registered", await ProviderState("Microsoft.Network"));

        // ... and a ProviderRegistrationRequest body; Registered stays Registered.
        var again = await PostJson(ProviderPath("Microsoft.Network/register"), "{\"thirdPartyProviderConsent\":{\"consentToAuthorization\":true}}");
        Assert.Equal("Registered", (string)again["registrationState"]!);
    }

    [Fact]
    public async Task Unregister_goes_Unregistering_then_NotRegistered()
    {
        await PutJson("_emulator/settings", "{\"registrationDelayMs\":1000}");
        var result = await PostJson(ProviderPath("Microsoft.Storage/unregister"));
        Assert.Equal("Unregistering", (string)result["registrationState"]!);
        await Task.Delay(1200);
        Assert.Equal("NotRegistered", await ProviderState("Microsoft.Storage"));

        // Register during Unregistering flips back to Registering.
        await PostJson(ProviderPath("Microsoft.Storage/unregister"));
        await PostJson(ProviderPath("Microsoft.Storage/register"));
        Assert.Equal("Registering", await ProviderState("Microsoft.Storage"));
    }

    [Fact]
    public async Task Admin_sets_a_provider_state()
    {
        var p = await PutJson("_emulator/providers/microsoft.machinelearningservices", "{\"registrationState\":\"NotRegistered\"}");
        Assert.Equal("NotRegistered", (string)p["registrationState"]!);
        Assert.Equal("NotRegistered", await ProviderState("Microsoft.MachineLearningServices"));

        using var unknown = await Client.PutAsync("_emulator/providers/Microsoft.Nope",
            new StringContent("{\"registrationState\":\"Registered\"}"));
        await AssertArmError(unknown, HttpStatusCode.NotFound, "InvalidResourceNamespace");
    }

    [Fact]
    public async Task Discovery_returns_the_api_base_url()
    {
        var doc = await GetJson("discovery");
        Assert.Equal(Emulator.Endpoint.ToString().TrimEnd('/'), (string)doc["api"]!);
    }
}
