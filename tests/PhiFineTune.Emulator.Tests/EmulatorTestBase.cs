using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Shared helpers; resets the shared emulator before each test.</summary>
[Collection("Emulator")]
public abstract class EmulatorTestBase : IAsyncLifetime
{
    public const string Sub = "5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b21";
    public const string Rg = "rg-phi-finetune";
    public const string Hub = "phi-hub";
    public const string Project = "phi-project";
    public const string ProvidersApi = "api-version=2022-09-01";
    public const string MlApi = "api-version=2025-01-01-preview";

    public static readonly string[] RegistrationStates = { "NotRegistered", "Registering", "Registered", "Unregistering" };

    protected EmulatorTestBase(EmulatorFixture fixture)
    {
        Fixture = fixture;
    }

    protected EmulatorFixture Fixture { get; }
    protected EmulatorProcess Emulator => Fixture.Emulator;
    protected HttpClient Client => Fixture.Client;

    public virtual async Task InitializeAsync()
    {
        using var response = await Client.PostAsync("_emulator/reset", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static string ProviderPath(string ns, string query = ProvidersApi) => $"subscriptions/{Sub}/providers/{ns}?{query}";

    protected static string WorkspacePath(string ws, string sub = Sub, string rg = Rg, string query = MlApi) =>
        $"subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}?{query}";

    protected static string WorkspaceId(string ws) =>
        $"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    /// <summary>A storage account and a key vault in the group, which a hub needs (contract L.1); returns their ARM ids.</summary>
    protected async Task<(string Storage, string KeyVault)> HubDependencies(string rg, string storage, string vault)
    {
        var group = $"/subscriptions/{Sub}/resourceGroups/{rg}";
        var storageId = $"{group}/providers/Microsoft.Storage/storageAccounts/{storage}";
        var vaultId = $"{group}/providers/Microsoft.KeyVault/vaults/{vault}";
        await PutJson($"{storageId[1..]}?api-version=2024-01-01",
            """{"location":"eastus2","kind":"StorageV2","sku":{"name":"Standard_LRS"}}""");
        await PutJson($"{vaultId[1..]}?api-version=2023-07-01",
            """{"location":"eastus2","properties":{"tenantId":"00000000-0000-0000-0000-000000000000","sku":{"family":"A","name":"standard"}}}""",
            HttpStatusCode.Created);
        return (storageId, vaultId);
    }

    protected async Task<JsonNode> GetJson(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(path);
        return await ReadJson(response, expected);
    }

    protected async Task<JsonNode> PostJson(string path, string? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content);
        return await ReadJson(response, expected);
    }

    protected async Task<JsonNode> PutJson(string path, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PutAsync(path, content);
        return await ReadJson(response, expected);
    }

    protected static async Task<JsonNode> ReadJson(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an ARM error body {"error":{"code","message"}} and returns the message.</summary>
    protected static async Task<string> AssertArmError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadJson(response, status);
        var error = body["error"]!.AsObject();
        Assert.Equal(code, (string)error["code"]!);
        var message = (string)error["message"]!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Single(body.AsObject()); // nothing but "error"
        return message;
    }

    protected async Task AddFaults(string json)
    {
        var added = await PostJson("_emulator/faults", json, HttpStatusCode.Created);
        Assert.All(added.AsArray(), r => Assert.False(string.IsNullOrEmpty((string?)r!["id"])));
    }

    protected async Task<string> ProviderState(string ns) =>
        (string)(await GetJson(ProviderPath(ns)))["registrationState"]!;

    protected async Task<JsonArray> RequestLog() => (await GetJson("_emulator/requests")).AsArray();
}
