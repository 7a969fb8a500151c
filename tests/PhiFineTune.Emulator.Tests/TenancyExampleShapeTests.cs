using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Contract K against the spec's own x-ms-examples (docs/contracts/examples/{storage,keyvault,cognitiveservices,authorization}):
/// every key path named here must be in the example's response and in the emulator's answer, with the same JSON kind.
/// </summary>
public sealed class TenancyExampleShapeTests : EndpointTestBase
{
    private const string Principal = "0f6b2c4e-8a1d-4e3f-9b5c-7d2e4f6a8b1c";

    private static readonly string[] StorageKeys =
    [
        "id", "name", "type", "location", "kind", "sku.name", "sku.tier", "tags", "properties.provisioningState",
        "properties.creationTime", "properties.primaryLocation", "properties.statusOfPrimary",
        "properties.primaryEndpoints.blob", "properties.primaryEndpoints.dfs", "properties.primaryEndpoints.file",
        "properties.primaryEndpoints.queue", "properties.primaryEndpoints.table", "properties.primaryEndpoints.web",
    ];

    private static readonly string[] VaultKeys =
    [
        "id", "name", "type", "location", "tags", "properties.tenantId", "properties.sku.family", "properties.sku.name",
        "properties.accessPolicies", "properties.vaultUri", "properties.provisioningState",
    ];

    private static readonly string[] AccountKeys =
    [
        "id", "name", "type", "location", "kind", "sku.name", "properties.endpoint", "properties.provisioningState",
    ];

    private static readonly string[] AssignmentKeys =
    [
        "id", "name", "type", "properties.roleDefinitionId", "properties.principalId", "properties.principalType", "properties.scope",
    ];

    private static readonly string[] RoleDefinitionKeys =
    [
        "id", "name", "type", "properties.roleName", "properties.type", "properties.description", "properties.assignableScopes",
        "properties.permissions",
    ];

    public TenancyExampleShapeTests(EmulatorFixture fixture) : base(fixture) { }

    private static JsonObject Response(string file, string status) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]![status]!.AsObject();

    private static JsonObject Body(string file, string status = "200") => Response(file, status)["body"]!.AsObject();

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        }
        return node;
    }

    /// <summary>Each path is in the example (so the list is the example's) and in the emulator's answer, of the same kind.</summary>
    private static void AssertShape(JsonNode example, JsonNode actual, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var expected = At(example, path);
            Assert.True(expected is not null, $"the example has no '{path}'");
            var got = At(actual, path);
            Assert.True(got is not null, $"the emulator's answer has no '{path}': {actual.ToJsonString()}");
            Assert.Equal(expected!.GetValueKind(), got!.GetValueKind());
        }
    }

    private async Task<JsonNode> Send(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await Client.SendAsync(request);
        return await ReadJson(response, expected);
    }

    private async Task<HttpStatusCode> Status(HttpMethod method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(method, path));
        return response.StatusCode;
    }

    private static string Group => $"subscriptions/{Sub}/resourceGroups/{Rg}";

    [Fact]
    public async Task Storage_accounts_answer_with_the_keys_of_the_spec_examples()
    {
        var path = $"{Group}/providers/Microsoft.Storage/storageAccounts/phishape1?{TenancyResourceTests.StorageApi}";
        var body = new JsonObject
        {
            ["location"] = "eastus", ["kind"] = "Storage", ["sku"] = new JsonObject { ["name"] = "Standard_GRS" },
            ["tags"] = new JsonObject { ["key1"] = "value1" },
        };
        Assert.Empty(Response("StorageAccountCreate.json", "202"));
        await PutAccepted(path, body.ToJsonString());
        var created = await Send(HttpMethod.Put, path, body, HttpStatusCode.OK);
        AssertShape(Body("StorageAccountCreate.json"), created, StorageKeys);
        AssertShape(Body("StorageAccountGetProperties.json"), await GetJson(path), StorageKeys);

        var list = await GetJson($"{Group}/providers/Microsoft.Storage/storageAccounts?{TenancyResourceTests.StorageApi}");
        var listed = list["value"]!.AsArray().Single(a => (string)a!["name"]! == "phishape1")!;
        AssertShape(Body("StorageAccountListByResourceGroup.json")["value"]![0]!, listed, StorageKeys);

        // The delete example has a 200 and a 204, both without a body.
        var delete = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", "StorageAccountDelete.json")))!["responses"]!.AsObject();
        Assert.Equal(["200", "204"], delete.Select(r => r.Key));
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Delete, path));
        Assert.Equal(HttpStatusCode.NoContent, await Status(HttpMethod.Delete, path));
    }

    [Fact]
    public async Task Key_vaults_answer_with_the_keys_of_the_spec_examples()
    {
        var check = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", "checkVaultNameAvailability.json")))!;
        var checkBody = check["parameters"]!["vaultName"]!.DeepClone();
        checkBody["name"] = "phishapevault";
        var available = await Send(HttpMethod.Post, $"subscriptions/{Sub}/providers/Microsoft.KeyVault/checkNameAvailability?{TenancyResourceTests.VaultApi}", checkBody, HttpStatusCode.OK);
        AssertShape(Body("checkVaultNameAvailability.json"), available, ["nameAvailable"]);

        // The create example's own request body, under another name.
        var path = $"{Group}/providers/Microsoft.KeyVault/vaults/phishapevault?{TenancyResourceTests.VaultApi}";
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", "createVault.json")))!["parameters"]!["parameters"]!.DeepClone();
        body["tags"] = new JsonObject();
        AssertShape(Body("createVault.json", "201"), await Send(HttpMethod.Put, path, body, HttpStatusCode.Created), VaultKeys);
        AssertShape(Body("createVault.json", "200"), await Send(HttpMethod.Put, path, body, HttpStatusCode.OK), VaultKeys);
        AssertShape(Body("getVault.json"), await GetJson(path), VaultKeys);

        var list = await GetJson($"{Group}/providers/Microsoft.KeyVault/vaults?{TenancyResourceTests.VaultApi}");
        AssertShape(Body("listVaultByResourceGroup.json")["value"]![0]!, list["value"]!.AsArray().Single(v => (string)v!["name"]! == "phishapevault")!, VaultKeys);

        // The delete example has a 200 and a 204, both without a body.
        Assert.All(new[] { "200", "204" }, status => Assert.Null(Response("deleteVault.json", status)["body"]));
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Delete, path));
        Assert.Equal(HttpStatusCode.NoContent, await Status(HttpMethod.Delete, path));
    }

    [Fact]
    public async Task Cognitive_services_accounts_answer_with_the_keys_of_the_spec_examples()
    {
        var path = $"{Group}/providers/Microsoft.CognitiveServices/accounts/phishapeai?{TenancyResourceTests.AccountsApi}";
        var body = new JsonObject
        {
            ["location"] = "westus", ["kind"] = "AIServices", ["sku"] = new JsonObject { ["name"] = "S0" },
            ["properties"] = new JsonObject { ["customSubDomainName"] = "phishapeai" },
        };
        AssertShape(Body("CreateAccountMin.json", "201"), await Send(HttpMethod.Put, path, body, HttpStatusCode.Created), AccountKeys);
        AssertShape(Body("CreateAccountMin.json", "200"), await Send(HttpMethod.Put, path, body, HttpStatusCode.OK), AccountKeys);
        AssertShape(Body("CreateAccountMin.json", "200"), await GetJson(path), AccountKeys);

        var list = await GetJson($"{Group}/providers/Microsoft.CognitiveServices/accounts?{TenancyResourceTests.AccountsApi}");
        AssertShape(Body("CreateAccountMin.json", "200"), list["value"]!.AsArray().Single(a => (string)a!["name"]! == "phishapeai")!, AccountKeys);

        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Delete, path));
        Assert.Equal(HttpStatusCode.NoContent, await Status(HttpMethod.Delete, path));
        Assert.Empty(Response("DeleteAccount.json", "200"));
        Assert.Empty(Response("DeleteAccount.json", "204"));
    }

    [Fact]
    public async Task Role_assignments_answer_with_the_keys_of_the_spec_examples()
    {
        var scope = $"subscriptions/{Sub}";
        var name = "3c9e5a7b-1d2f-4a6c-8e0b-5f7a9c1e3d24";
        var path = $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?{TenancyResourceTests.AuthApi}";
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"/subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{TenancyResourceTests.Reader}",
                ["principalId"] = Principal,
                ["principalType"] = "User",
            },
        };
        await Send(HttpMethod.Put, path, body, HttpStatusCode.Created);
        AssertShape(Body("RoleAssignments_Get.json"), await GetJson(path), AssignmentKeys);

        var list = await GetJson($"{scope}/providers/Microsoft.Authorization/roleAssignments?{TenancyResourceTests.AuthApi}&$filter=" + Uri.EscapeDataString($"principalId eq '{Principal}'"));
        AssertShape(Body("RoleAssignments_ListForScope.json")["value"]![0]!, Assert.Single(list["value"]!.AsArray())!, AssignmentKeys);

        AssertShape(Body("RoleAssignments_Delete.json"), await Send(HttpMethod.Delete, path, null, HttpStatusCode.OK), AssignmentKeys);
        Assert.Equal(HttpStatusCode.NoContent, await Status(HttpMethod.Delete, path));
    }

    [Fact]
    public async Task Role_definitions_answer_with_the_keys_of_the_spec_examples()
    {
        var role = TenancyResourceTests.AiDeveloper;
        var byName = await GetJson($"subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{role}?{TenancyResourceTests.AuthApi}");
        AssertShape(Body("GetRoleDefinitionByName.json"), byName, RoleDefinitionKeys);
        var byId = await GetJson($"providers/Microsoft.Authorization/roleDefinitions/{role}?{TenancyResourceTests.AuthApi}");
        AssertShape(Body("GetRoleDefinitionById.json"), byId, RoleDefinitionKeys);

        var permission = Body("GetRoleDefinitionById.json")["properties"]!["permissions"]![0]!;
        AssertShape(permission, byName["properties"]!["permissions"]![0]!, ["actions", "notActions", "dataActions", "notDataActions"]);

        var list = await GetJson($"{Group}/providers/Microsoft.Authorization/roleDefinitions?{TenancyResourceTests.AuthApi}");
        Assert.All(list["value"]!.AsArray(), d => AssertShape(Body("GetRoleDefinitionById.json"), d!, RoleDefinitionKeys));
    }
}
