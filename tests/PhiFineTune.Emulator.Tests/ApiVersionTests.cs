using System.Net;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// A client that takes its api-version from the provider (Providers_Get resourceTypes, contract A.2) is answered with
/// the oldest and the newest version listed for each resource type; a version that exists nowhere is refused with the
/// ARM error that lists the supported ones (docs/contracts/api-versions.md). Datastores, which need Azurite behind them,
/// are in DatastoreTests.
/// </summary>
public sealed class ApiVersionTests : JobTestBase
{
    public ApiVersionTests(EmulatorFixture fixture) : base(fixture) { }

    public static TheoryData<string, string> ReadOperations() => new()
    {
        { "workspaces", WsBase() },
        { "workspaces/jobs", WsBase() + "/jobs" },
        { "workspaces/models", WsBase() + "/models" },
        { "workspaces/serverlessEndpoints", WsBase() + "/serverlessEndpoints" },
    };

    [Theory]
    [MemberData(nameof(ReadOperations))]
    public async Task Oldest_and_newest_version_of_the_provider_list_answer(string resourceType, string path)
    {
        var versions = await ProviderVersions("Microsoft.MachineLearningServices", resourceType);
        Assert.True(versions.Count > 1, $"{resourceType} lists {versions.Count} api-versions");
        foreach (var version in new[] { versions[^1], versions[0] })
        {
            using var response = await Client.GetAsync($"{path}?api-version={version}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} at {version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("2015-11-01")]
    [InlineData("2025-04-01")]
    public async Task Providers_get_answers_the_oldest_and_newest_resources_version(string version)
    {
        var provider = await GetJson(ProviderPath("Microsoft.MachineLearningServices", "api-version=" + version));
        Assert.Equal("Microsoft.MachineLearningServices", (string?)provider["namespace"]);
    }

    [Fact]
    public async Task A_job_is_created_at_the_oldest_serverless_era_version_and_read_at_the_newest()
    {
        var versions = await ProviderVersions("Microsoft.MachineLearningServices", "workspaces/jobs");
        var name = "api-version-job-" + Guid.NewGuid().ToString("N")[..8];
        await PutJson(JobPath(name, query: "api-version=2024-01-01-preview"), JobBody().ToJsonString(), HttpStatusCode.Created);
        var job = await GetJson(JobPath(name, query: "api-version=" + versions[0]));
        Assert.Equal("FineTuning", (string?)job["properties"]!["jobType"]);
    }

    [Fact]
    public async Task A_version_that_does_not_exist_is_refused_with_the_supported_list()
    {
        var versions = await ProviderVersions("Microsoft.MachineLearningServices", "workspaces");
        using var response = await Client.GetAsync($"{WsBase()}?api-version=2019-13-01");
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.Contains("2019-13-01", message);
        Assert.Contains(versions[0], message);
        Assert.Contains(versions[^1], message);
    }

    [Fact]
    public async Task Provider_resource_types_carry_versions_and_locations()
    {
        var provider = await GetJson(ProviderPath("Microsoft.MachineLearningServices"));
        var types = provider["resourceTypes"]!.AsArray();
        foreach (var type in new[] { "workspaces", "workspaces/jobs", "workspaces/serverlessEndpoints" })
        {
            var row = types.Single(t => string.Equals((string?)t!["resourceType"], type, StringComparison.OrdinalIgnoreCase))!;
            Assert.NotEmpty(row["apiVersions"]!.AsArray());
            Assert.Contains(row["locations"]!.AsArray(), l => (string?)l == "East US 2");
        }
    }

    async Task<List<string>> ProviderVersions(string ns, string resourceType)
    {
        var provider = await GetJson(ProviderPath(ns));
        var row = provider["resourceTypes"]!.AsArray()
            .Single(t => string.Equals((string?)t!["resourceType"], resourceType, StringComparison.OrdinalIgnoreCase))!;
        return row["apiVersions"]!.AsArray().Select(v => (string)v!).ToList();
    }
}
