using Azure;
using Azure.Core;
using Azure.ResourceManager.Resources;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Issue 10: the official Azure.ResourceManager client creates, reads, lists and deletes resource groups on the emulator, unmodified (contract J).</summary>
public sealed class ResourceGroupClientTests : EndpointTestBase
{
    public ResourceGroupClientTests(EmulatorFixture fixture) : base(fixture) { }

    private SubscriptionResource Subscription() =>
        OfficialArmClient.Create(Emulator, Sub).GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(Sub));

    [Fact]
    public async Task CreateOrUpdate_Get_Exists_and_Delete_until_completed_work_through_the_official_client()
    {
        var groups = Subscription().GetResourceGroups();
        var data = new ResourceGroupData(AzureLocation.WestUS2);
        data.Tags["owner"] = "tests";

        var created = await groups.CreateOrUpdateAsync(WaitUntil.Completed, "rg-official", data);
        Assert.True(created.HasCompleted);
        Assert.Equal("rg-official", created.Value.Data.Name);
        Assert.Equal(AzureLocation.WestUS2, created.Value.Data.Location);
        Assert.Equal("Succeeded", created.Value.Data.ResourceGroupProvisioningState);
        Assert.Equal("tests", created.Value.Data.Tags["owner"]);
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/rg-official", created.Value.Id.ToString());
        Assert.Equal("Microsoft.Resources/resourceGroups", created.Value.Data.ResourceType.ToString());

        ResourceGroupResource got = await groups.GetAsync("RG-OFFICIAL");
        Assert.Equal("rg-official", got.Data.Name);
        Assert.True((await groups.ExistsAsync("rg-official")).Value);
        Assert.False((await groups.ExistsAsync("rg-never-made")).Value);

        var names = new List<string>();
        await foreach (var group in groups.GetAllAsync())
        {
            names.Add(group.Data.Name);
        }
        Assert.Equal(new[] { Rg, "rg-official" }, names);

        var deleted = await got.DeleteAsync(WaitUntil.Completed);
        Assert.True(deleted.HasCompleted);
        Assert.Equal(200, deleted.GetRawResponse().Status);
        Assert.False((await groups.ExistsAsync("rg-official")).Value);

        // The client polled the delete's Location (the emulator-defined operation result route) until it answered 200.
        var log = await RequestLog();
        var polls = log.Where(e => (string?)e!["operation"] == "ResourceGroups_DeleteOperationResult").Select(e => (int)e!["status"]!).ToList();
        Assert.NotEmpty(polls);
        Assert.Equal(200, polls[^1]);
        var deleteCall = log.Last(e => (string?)e!["operation"] == "ResourceGroups_Delete")!;
        Assert.Equal(202, (int)deleteCall["status"]!);
    }

    [Fact]
    public async Task A_missing_group_is_a_404_RequestFailedException_with_the_ARM_code()
    {
        var groups = Subscription().GetResourceGroups();
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => groups.GetAsync("rg-not-there"));
        Assert.Equal(404, e.Status);
        Assert.Equal("ResourceGroupNotFound", e.ErrorCode);
    }
}
