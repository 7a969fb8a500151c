using Azure;
using Azure.Core;
using Azure.ResourceManager.Resources;
using Azure.ResourceManager.Resources.Models;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Issue 10: the official Azure.ResourceManager client's GenericResource (api-version resolved from Providers_Get) creates,
/// reads and deletes each contract K type on the emulator, unmodified.
/// </summary>
public sealed class TenancyClientTests : EndpointTestBase
{
    public TenancyClientTests(EmulatorFixture fixture) : base(fixture) { }

    private static string Group => $"/subscriptions/{Sub}/resourceGroups/{Rg}";

    private async Task CreateGetDelete(string id, GenericResourceData data, Action<GenericResourceData> check)
    {
        var resources = OfficialArmClient.Create(Emulator, Sub).GetGenericResources();
        var identifier = new ResourceIdentifier(id);
        var created = await resources.CreateOrUpdateAsync(WaitUntil.Completed, identifier, data);
        Assert.True(created.HasCompleted);
        check(created.Value.Data);

        GenericResource got = await resources.GetAsync(identifier);
        Assert.Equal(id, got.Id.ToString(), StringComparer.OrdinalIgnoreCase);
        check(got.Data);

        var deleted = await got.DeleteAsync(WaitUntil.Completed);
        Assert.True(deleted.HasCompleted);
        Assert.False((await resources.ExistsAsync(identifier)).Value);
    }

    [Fact]
    public async Task A_storage_account_is_created_read_and_deleted_through_GenericResource()
    {
        var data = new GenericResourceData(AzureLocation.EastUS2)
        {
            Kind = "StorageV2",
            Sku = new ResourcesSku { Name = "Standard_LRS" },
            Properties = BinaryData.FromString("{}"),
        };
        await CreateGetDelete($"{Group}/providers/Microsoft.Storage/storageAccounts/phiclientstore", data, d =>
        {
            Assert.Equal("Microsoft.Storage/storageAccounts", d.ResourceType.ToString());
            Assert.Equal("StorageV2", d.Kind);
            Assert.Contains("\"provisioningState\":\"Succeeded\"", d.Properties.ToString());
        });
    }

    [Fact]
    public async Task A_key_vault_is_created_read_and_deleted_through_GenericResource()
    {
        var data = new GenericResourceData(AzureLocation.EastUS2)
        {
            Properties = BinaryData.FromString("""{"tenantId":"b4f1e8a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b","sku":{"family":"A","name":"standard"}}"""),
        };
        await CreateGetDelete($"{Group}/providers/Microsoft.KeyVault/vaults/phi-client-vault", data, d =>
            Assert.Contains("\"vaultUri\":\"https://phi-client-vault.vault.azure.net/\"", d.Properties.ToString()));
    }

    [Fact]
    public async Task An_AI_Services_account_is_created_read_and_deleted_through_GenericResource()
    {
        var data = new GenericResourceData(AzureLocation.EastUS2)
        {
            Kind = "AIServices",
            Sku = new ResourcesSku { Name = "S0" },
            Properties = BinaryData.FromString("""{"customSubDomainName":"phi-client-ai"}"""),
        };
        await CreateGetDelete($"{Group}/providers/Microsoft.CognitiveServices/accounts/phi-client-ai", data, d =>
        {
            Assert.Equal("AIServices", d.Kind);
            Assert.Contains("\"customSubDomainName\":\"phi-client-ai\"", d.Properties.ToString());
        });
    }

    [Fact]
    public async Task A_role_assignment_is_created_read_and_deleted_through_GenericResource()
    {
        var data = new GenericResourceData(AzureLocation.EastUS2)
        {
            Properties = BinaryData.FromString(
                $$"""{"roleDefinitionId":"/subscriptions/{{Sub}}/providers/Microsoft.Authorization/roleDefinitions/64702f94-c441-49e6-a78b-ef80e0188fee","principalId":"e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13"}"""),
        };
        await CreateGetDelete($"{Group}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}", data, d =>
            Assert.Contains("64702f94-c441-49e6-a78b-ef80e0188fee", d.Properties.ToString()));
    }
}
