using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Issue 9: Azure.ResourceManager reads the providers' resource types and picks its api-versions from them.</summary>
public sealed class ApiVersionClientTests : EmulatorTestBase
{
    public ApiVersionClientTests(EmulatorFixture fixture) : base(fixture) { }

    private ArmClient CreateArmClient() => OfficialArmClient.Create(Emulator, Sub);

    [Fact]
    public async Task ResourceProvider_data_has_the_resource_types_with_their_api_versions_and_locations()
    {
        var subscription = CreateArmClient().GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(Sub));
        ResourceProviderResource provider = await subscription.GetResourceProviderAsync("Microsoft.MachineLearningServices");
        var types = provider.Data.ResourceTypes.ToDictionary(t => t.ResourceType);
        foreach (var (type, (oldest, newest)) in ApiVersionTests.Versions.Where(v => v.Key.StartsWith("Microsoft.MachineLearningServices/", StringComparison.Ordinal)))
        {
            var t = types[type["Microsoft.MachineLearningServices/".Length..]];
            Assert.Equal(newest, t.ApiVersions[0]);
            Assert.Equal(oldest, t.ApiVersions[^1]);
            Assert.Contains(t.Locations, l => l == "East US 2");
        }
    }

    [Fact]
    public async Task GenericResource_picks_its_api_version_from_the_provider_and_gets_the_workspace()
    {
        var client = CreateArmClient();
        var id = new ResourceIdentifier(WorkspaceId(Project));
        GenericResource workspace = await client.GetGenericResource(id).GetAsync();
        Assert.Equal(Project, workspace.Data.Name);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces", workspace.Data.ResourceType.ToString());

        // The request went out with an api-version of the workspaces type that the provider lists.
        var log = await RequestLog();
        var get = log.Last(e => (string?)e!["operation"] == "Workspaces_Get")!;
        var providerTypes = (await GetJson(ProviderPath("Microsoft.MachineLearningServices")))["resourceTypes"]!.AsArray();
        var workspaceVersions = providerTypes.Single(t => (string)t!["resourceType"]! == "workspaces")!["apiVersions"]!.AsArray().Select(v => (string)v!);
        Assert.Contains((string)get["apiVersion"]!, workspaceVersions);
    }
}
