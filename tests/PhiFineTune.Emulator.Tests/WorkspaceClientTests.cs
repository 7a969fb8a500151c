using Azure;
using Azure.Core;
using Azure.ResourceManager.Models;
using Azure.ResourceManager.Resources;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Issue 10: the official Azure.ResourceManager client creates and deletes a workspace hub on the emulator through GenericResource, unmodified (contract L).</summary>
public sealed class WorkspaceClientTests : EndpointTestBase
{
    public WorkspaceClientTests(EmulatorFixture fixture) : base(fixture) { }

    [Fact]
    public async Task GenericResource_creates_reads_and_deletes_a_hub_until_completed()
    {
        var (storage, keyVault) = await HubDependencies(Rg, "stofficial", "kv-official");
        var client = OfficialArmClient.Create(Emulator, Sub);
        var id = new ResourceIdentifier($"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/hub-official");
        var data = new GenericResourceData(AzureLocation.EastUS2)
        {
            Kind = "Hub",
            Identity = new ManagedServiceIdentity(ManagedServiceIdentityType.SystemAssigned),
            Properties = BinaryData.FromObjectAsJson(new
            {
                friendlyName = "Official hub",
                storageAccount = storage,
                keyVault,
            }),
        };

        var created = await client.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, id, data);
        Assert.True(created.HasCompleted);
        Assert.Equal("hub-official", created.Value.Data.Name);
        Assert.Equal("Hub", created.Value.Data.Kind);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces", created.Value.Data.ResourceType.ToString());
        Assert.Equal(ManagedServiceIdentityType.SystemAssigned, created.Value.Data.Identity.ManagedServiceIdentityType);
        Assert.NotNull(created.Value.Data.Identity.PrincipalId);
        var properties = created.Value.Data.Properties.ToObjectFromJson<Dictionary<string, object>>()!;
        Assert.Equal("Official hub", properties["friendlyName"]!.ToString());
        Assert.True(Guid.TryParse(properties["workspaceId"]!.ToString(), out _));

        GenericResource got = await client.GetGenericResource(id).GetAsync();
        Assert.Equal(created.Value.Data.Id, got.Data.Id);

        var deleted = await got.DeleteAsync(WaitUntil.Completed);
        Assert.True(deleted.HasCompleted);
        Assert.Equal(200, deleted.GetRawResponse().Status);
        Assert.False((await client.GetGenericResources().ExistsAsync(id)).Value);
    }
}
