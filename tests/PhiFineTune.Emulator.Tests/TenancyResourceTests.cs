using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Issue 10: storage accounts, key vaults, AI Services accounts, role assignments and built-in role definitions
/// (docs/contracts/tenancy-resources.md, contract K) through the real emulator process.
/// </summary>
public sealed class TenancyResourceTests : EndpointTestBase
{
    public const string StorageApi = "api-version=2025-01-01";
    public const string VaultApi = "api-version=2023-07-01";
    public const string AccountsApi = "api-version=2025-06-01";
    public const string AuthApi = "api-version=2022-04-01";
    public const string AiDeveloper = "64702f94-c441-49e6-a78b-ef80e0188fee";
    public const string Reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    public const string User = "e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13";

    public TenancyResourceTests(EmulatorFixture fixture) : base(fixture) { }

    private static string RgPath(string rg = Rg) => $"subscriptions/{Sub}/resourceGroups/{rg}";

    private static string StoragePath(string name, string rg = Rg, string query = StorageApi) =>
        $"{RgPath(rg)}/providers/Microsoft.Storage/storageAccounts/{name}?{query}";

    private static string VaultPath(string name, string rg = Rg, string query = VaultApi) =>
        $"{RgPath(rg)}/providers/Microsoft.KeyVault/vaults/{name}?{query}";

    private static string AccountPath(string name, string rg = Rg, string query = AccountsApi) =>
        $"{RgPath(rg)}/providers/Microsoft.CognitiveServices/accounts/{name}?{query}";

    private static string AssignmentsPath(string scope, string? filter = null) =>
        $"{scope}/providers/Microsoft.Authorization/roleAssignments?{AuthApi}" + (filter is null ? "" : "&$filter=" + Uri.EscapeDataString(filter));

    private static string AssignmentPath(string scope, string name) => $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?{AuthApi}";

    private static JsonNode Example(string file, string status) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]![status]!["body"]!;

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await Client.SendAsync(request);
    }

    private async Task<JsonNode> Send(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var response = await Send(method, path, body);
        return await ReadJson(response, expected);
    }

    private static JsonObject StorageBody() => new() { ["location"] = "eastus2", ["kind"] = "StorageV2", ["sku"] = new JsonObject { ["name"] = "Standard_LRS" } };

    private static JsonObject VaultBody() => new()
    {
        ["location"] = "eastus2",
        ["properties"] = new JsonObject { ["tenantId"] = "b4f1e8a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b", ["sku"] = new JsonObject { ["family"] = "A", ["name"] = "standard" } },
    };

    private static JsonObject AccountBody(string subdomain) => new()
    {
        ["location"] = "eastus2",
        ["kind"] = "AIServices",
        ["sku"] = new JsonObject { ["name"] = "S0" },
        ["properties"] = new JsonObject { ["customSubDomainName"] = subdomain },
    };

    private static JsonObject AssignmentBody(string role, string principal = User) => new()
    {
        ["properties"] = new JsonObject
        {
            ["roleDefinitionId"] = $"/subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{role}",
            ["principalId"] = principal,
            ["principalType"] = "User",
        },
    };

    private Task<JsonNode> CheckName(string ns, string type, string name) =>
        Send(HttpMethod.Post, $"subscriptions/{Sub}/providers/{ns}/checkNameAvailability?{(ns == "Microsoft.Storage" ? StorageApi : VaultApi)}",
            new JsonObject { ["name"] = name, ["type"] = type }, HttpStatusCode.OK);

    [Fact]
    public async Task Storage_account_names_follow_the_spec_rule_and_are_globally_unique()
    {
        const string type = "Microsoft.Storage/storageAccounts";
        var free = await CheckName("Microsoft.Storage", type, "sto3363");
        Assert.True(JsonNode.DeepEquals(Example("StorageAccountCheckNameAvailability.json", "200"), free));

        foreach (var bad in new[] { "ab", "UpperCase1", "has-hyphen", new string('a', 25) })
        {
            var invalid = await CheckName("Microsoft.Storage", type, bad);
            Assert.False((bool)invalid["nameAvailable"]!);
            Assert.Equal("AccountNameInvalid", (string)invalid["reason"]!);
            Assert.Contains("between 3 and 24 characters", (string)invalid["message"]!);
        }
        foreach (var taken in new[] { "devstoreaccount1", "phitakenstorage" })
        {
            var answer = await CheckName("Microsoft.Storage", type, taken);
            Assert.False((bool)answer["nameAvailable"]!);
            Assert.Equal("AlreadyExists", (string)answer["reason"]!);
            using var put = await Send(HttpMethod.Put, StoragePath(taken), StorageBody());
            await AssertArmError(put, HttpStatusCode.Conflict, "StorageAccountAlreadyTaken");
        }
        using var badPut = await Send(HttpMethod.Put, StoragePath("Bad-Name"), StorageBody());
        await AssertArmError(badPut, HttpStatusCode.BadRequest, "AccountNameInvalid");

        await Send(HttpMethod.Put, StoragePath("phistore1"), StorageBody(), HttpStatusCode.OK);
        Assert.Equal("AlreadyExists", (string)(await CheckName("Microsoft.Storage", type, "phistore1"))["reason"]!);
        await Send(HttpMethod.Put, $"subscriptions/{Sub}/resourcegroups/rg-other?api-version=2022-09-01", new JsonObject { ["location"] = "eastus" }, HttpStatusCode.Created);
        using var elsewhere = await Send(HttpMethod.Put, StoragePath("phistore1", "rg-other"), StorageBody());
        await AssertArmError(elsewhere, HttpStatusCode.Conflict, "StorageAccountAlreadyTaken");
    }

    [Fact]
    public async Task A_storage_account_is_created_read_listed_and_deleted()
    {
        var created = await Send(HttpMethod.Put, StoragePath("phistore2"), StorageBody(), HttpStatusCode.OK);
        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.Storage/storageAccounts/phistore2", (string)created["id"]!);
        Assert.Equal("Microsoft.Storage/storageAccounts", (string)created["type"]!);
        Assert.Equal("StorageV2", (string)created["kind"]!);
        Assert.Equal("Standard", (string)created["sku"]!["tier"]!);
        Assert.Equal("Succeeded", (string)created["properties"]!["provisioningState"]!);
        Assert.Equal("https://phistore2.blob.core.windows.net/", (string)created["properties"]!["primaryEndpoints"]!["blob"]!);

        var got = await GetJson(StoragePath("PHISTORE2"));
        Assert.Equal("phistore2", (string)got["name"]!);
        var list = await GetJson($"{RgPath()}/providers/Microsoft.Storage/storageAccounts?{StorageApi}");
        Assert.Equal(new[] { "phistore2" }, list["value"]!.AsArray().Select(a => (string)a!["name"]!));

        using (var deleted = await Send(HttpMethod.Delete, StoragePath("phistore2")))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
        using (var again = await Send(HttpMethod.Delete, StoragePath("phistore2")))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }
        using var missing = await Client.GetAsync(StoragePath("phistore2"));
        var message = await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Contains("Microsoft.Storage/storageAccounts/phistore2", message);
        using var noGroup = await Client.GetAsync(StoragePath("phistore2", "rg-none"));
        await AssertArmError(noGroup, HttpStatusCode.NotFound, "ResourceGroupNotFound");
        using var noSku = await Send(HttpMethod.Put, StoragePath("phistore3"), new JsonObject { ["location"] = "eastus2", ["kind"] = "StorageV2" });
        await AssertArmError(noSku, HttpStatusCode.BadRequest, "ValidationError");
    }

    [Fact]
    public async Task Key_vault_names_follow_the_spec_rule_and_a_vault_is_created_read_and_deleted()
    {
        const string type = "Microsoft.KeyVault/vaults";
        Assert.True((bool)(await CheckName("Microsoft.KeyVault", type, "phi-vault-1"))["nameAvailable"]!);
        foreach (var bad in new[] { "ab", "1starts-with-digit", "double--hyphen", "ends-with-", "under_score", new string('a', 25) })
        {
            var invalid = await CheckName("Microsoft.KeyVault", type, bad);
            Assert.False((bool)invalid["nameAvailable"]!);
            Assert.Equal("AccountNameInvalid", (string)invalid["reason"]!);
        }
        Assert.Equal("AlreadyExists", (string)(await CheckName("Microsoft.KeyVault", type, "phi-taken-vault"))["reason"]!);

        var created = await Send(HttpMethod.Put, VaultPath("phi-vault-1"), VaultBody(), HttpStatusCode.Created);
        Assert.Equal("https://phi-vault-1.vault.azure.net/", (string)created["properties"]!["vaultUri"]!);
        Assert.Equal("Succeeded", (string)created["properties"]!["provisioningState"]!);
        await Send(HttpMethod.Put, VaultPath("phi-vault-1"), VaultBody(), HttpStatusCode.OK);
        Assert.Equal("AlreadyExists", (string)(await CheckName("Microsoft.KeyVault", type, "phi-vault-1"))["reason"]!);
        Assert.Equal("phi-vault-1", (string)(await GetJson(VaultPath("phi-vault-1")))["name"]!);
        Assert.Single((await GetJson($"{RgPath()}/providers/Microsoft.KeyVault/vaults?{VaultApi}"))["value"]!.AsArray());

        using var badName = await Send(HttpMethod.Put, VaultPath("double--hyphen"), VaultBody());
        await AssertArmError(badName, HttpStatusCode.BadRequest, "VaultNameNotValid");
        using var noTenant = await Send(HttpMethod.Put, VaultPath("phi-vault-2"), new JsonObject { ["location"] = "eastus2", ["properties"] = new JsonObject() });
        await AssertArmError(noTenant, HttpStatusCode.BadRequest, "ValidationError");

        using (var deleted = await Send(HttpMethod.Delete, VaultPath("phi-vault-1")))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
        // No soft delete (Emulator choice, K.2): the name is free again.
        Assert.True((bool)(await CheckName("Microsoft.KeyVault", type, "phi-vault-1"))["nameAvailable"]!);
        using var missing = await Client.GetAsync(VaultPath("phi-vault-1"));
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task An_AI_Services_account_points_at_the_emulator_and_its_subdomain_is_unique()
    {
        var created = await Send(HttpMethod.Put, AccountPath("phi-ai"), AccountBody("phi-ai-sub"), HttpStatusCode.Created);
        Assert.Equal("AIServices", (string)created["kind"]!);
        Assert.Equal("S0", (string)created["sku"]!["name"]!);
        Assert.Equal("phi-ai-sub", (string)created["properties"]!["customSubDomainName"]!);
        Assert.Equal(Emulator.Endpoint.ToString().TrimEnd('/') + "/", (string)created["properties"]!["endpoint"]!);
        Assert.Equal("Succeeded", (string)created["properties"]!["provisioningState"]!);
        Assert.Equal("phi-ai", (string)(await GetJson(AccountPath("phi-ai")))["name"]!);
        Assert.Single((await GetJson($"{RgPath()}/providers/Microsoft.CognitiveServices/accounts?{AccountsApi}"))["value"]!.AsArray());

        using var sameSubdomain = await Send(HttpMethod.Put, AccountPath("phi-ai-2"), AccountBody("phi-ai-sub"));
        await AssertArmError(sameSubdomain, HttpStatusCode.Conflict, "CustomDomainInUse");
        using var taken = await Send(HttpMethod.Put, AccountPath("phi-ai-3"), AccountBody("phi-taken-ai"));
        await AssertArmError(taken, HttpStatusCode.Conflict, "CustomDomainInUse");
        using var badKind = await Send(HttpMethod.Put, AccountPath("phi-ai-4"), new JsonObject { ["location"] = "eastus2", ["kind"] = "Nope", ["sku"] = new JsonObject { ["name"] = "S0" } });
        await AssertArmError(badKind, HttpStatusCode.BadRequest, "ValidationError");

        using var deleted = await Send(HttpMethod.Delete, AccountPath("phi-ai"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var missing = await Client.GetAsync(AccountPath("phi-ai"));
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task A_group_delete_removes_the_resources_and_role_assignments_in_it()
    {
        await Send(HttpMethod.Put, StoragePath("phistore4"), StorageBody(), HttpStatusCode.OK);
        await Send(HttpMethod.Put, VaultPath("phi-vault-4"), VaultBody(), HttpStatusCode.Created);
        await Send(HttpMethod.Put, AccountPath("phi-ai-4"), AccountBody("phi-ai-4"), HttpStatusCode.Created);
        var assignment = Guid.NewGuid().ToString();
        await Send(HttpMethod.Put, AssignmentPath("/" + RgPath(), assignment), AssignmentBody(Reader), HttpStatusCode.Created);
        var subAssignment = Guid.NewGuid().ToString();
        await Send(HttpMethod.Put, AssignmentPath($"/subscriptions/{Sub}", subAssignment), AssignmentBody(Reader), HttpStatusCode.Created);

        using (var delete = await Send(HttpMethod.Delete, $"subscriptions/{Sub}/resourcegroups/{Rg}?api-version=2022-09-01"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }
        Assert.True((bool)(await CheckName("Microsoft.Storage", "Microsoft.Storage/storageAccounts", "phistore4"))["nameAvailable"]!);
        Assert.True((bool)(await CheckName("Microsoft.KeyVault", "Microsoft.KeyVault/vaults", "phi-vault-4"))["nameAvailable"]!);
        // The subscription-scope assignment stays; the group's went with the group.
        var left = await GetJson(AssignmentsPath($"/subscriptions/{Sub}"));
        Assert.Equal(new[] { subAssignment }, left["value"]!.AsArray().Select(a => (string)a!["name"]!));
        // A new group of the same name starts empty.
        await WaitGroupGone(Rg);
        await Send(HttpMethod.Put, $"subscriptions/{Sub}/resourcegroups/{Rg}?api-version=2022-09-01", new JsonObject { ["location"] = "eastus2" }, HttpStatusCode.Created);
        Assert.Empty((await GetJson($"{RgPath()}/providers/Microsoft.CognitiveServices/accounts?{AccountsApi}"))["value"]!.AsArray());
    }

    private async Task WaitGroupGone(string rg)
    {
        for (var i = 0; i < 200; i++)
        {
            using var head = await Send(HttpMethod.Head, $"subscriptions/{Sub}/resourcegroups/{rg}?api-version=2022-09-01");
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"The group '{rg}' was not deleted in time.");
    }

    [Fact]
    public async Task Role_assignments_are_created_listed_with_the_spec_filters_and_deleted()
    {
        var rgScope = "/" + RgPath();
        var subScope = $"/subscriptions/{Sub}";
        var resourceScope = $"{rgScope}/providers/Microsoft.MachineLearningServices/workspaces/{Project}";
        // Emulator choice (K.4): the caller holds no role at start.
        Assert.Empty((await GetJson(AssignmentsPath(rgScope, $"assignedTo('{User}')")))["value"]!.AsArray());

        var name = Guid.NewGuid().ToString();
        var created = await Send(HttpMethod.Put, AssignmentPath(rgScope, name), AssignmentBody(AiDeveloper), HttpStatusCode.Created);
        var example = Example("RoleAssignments_CreateForResourceGroup.json", "201");
        foreach (var (key, _) in example.AsObject())
        {
            Assert.True(created.AsObject().ContainsKey(key), key);
        }
        foreach (var (key, _) in example["properties"]!.AsObject())
        {
            Assert.True(created["properties"]!.AsObject().ContainsKey(key), "properties." + key);
        }
        Assert.Equal($"{rgScope}/providers/Microsoft.Authorization/roleAssignments/{name}", (string)created["id"]!);
        Assert.Equal(rgScope, (string)created["properties"]!["scope"]!);
        Assert.EndsWith(AiDeveloper, (string)created["properties"]!["roleDefinitionId"]!);
        await Send(HttpMethod.Put, AssignmentPath(rgScope, name), AssignmentBody(AiDeveloper), HttpStatusCode.OK);
        using (var duplicate = await Send(HttpMethod.Put, AssignmentPath(rgScope, Guid.NewGuid().ToString()), AssignmentBody(AiDeveloper)))
        {
            await AssertArmError(duplicate, HttpStatusCode.Conflict, "RoleAssignmentExists");
        }
        var subName = Guid.NewGuid().ToString();
        await Send(HttpMethod.Put, AssignmentPath(subScope, subName), AssignmentBody(Reader), HttpStatusCode.Created);
        var other = Guid.NewGuid().ToString();
        await Send(HttpMethod.Put, AssignmentPath(resourceScope, other), AssignmentBody(Reader, Guid.NewGuid().ToString()), HttpStatusCode.Created);

        async Task<string[]> Names(string scope, string? filter) =>
            (await GetJson(AssignmentsPath(scope, filter)))["value"]!.AsArray().Select(a => (string)a!["name"]!).ToArray();

        // At the group: at, above and below it without a filter; at or above with atScope(); one principal's.
        Assert.Equal(new[] { name, subName, other }, await Names(rgScope, null));
        Assert.Equal(new[] { name, subName }, await Names(rgScope, "atScope()"));
        Assert.Equal(new[] { name, subName }, await Names(rgScope, $"principalId eq '{User}'"));
        Assert.Equal(new[] { name, subName }, await Names(resourceScope, $"atScope() and assignedTo('{User}')"));
        Assert.Equal(new[] { subName }, await Names(subScope, "atScope()"));
        using (var badFilter = await Client.GetAsync(AssignmentsPath(rgScope, "roleName eq 'x'")))
        {
            await AssertArmError(badFilter, HttpStatusCode.BadRequest, "InvalidQueryParameterValue");
        }
        using (var badRole = await Send(HttpMethod.Put, AssignmentPath(rgScope, Guid.NewGuid().ToString()), AssignmentBody(Guid.NewGuid().ToString())))
        {
            await AssertArmError(badRole, HttpStatusCode.BadRequest, "RoleDefinitionDoesNotExist");
        }
        using (var badName = await Send(HttpMethod.Put, AssignmentPath(rgScope, "not-a-guid"), AssignmentBody(Reader)))
        {
            await AssertArmError(badName, HttpStatusCode.BadRequest, "InvalidRoleAssignmentId");
        }

        Assert.Equal(name, (string)(await GetJson(AssignmentPath(rgScope, name)))["name"]!);
        var deleted = await Send(HttpMethod.Delete, AssignmentPath(rgScope, name), null, HttpStatusCode.OK);
        Assert.Equal(name, (string)deleted["name"]!);
        using (var gone = await Send(HttpMethod.Delete, AssignmentPath(rgScope, name)))
        {
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        }
        using var missing = await Client.GetAsync(AssignmentPath(rgScope, name));
        await AssertArmError(missing, HttpStatusCode.NotFound, "RoleAssignmentNotFound");
    }

    [Fact]
    public async Task The_built_in_role_definitions_are_served_with_their_permissions()
    {
        var developer = await GetJson($"subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{AiDeveloper}?{AuthApi}");
        Assert.Equal("Azure AI Developer", (string)developer["properties"]!["roleName"]!);
        Assert.Equal("BuiltInRole", (string)developer["properties"]!["type"]!);
        var permissions = developer["properties"]!["permissions"]![0]!;
        Assert.Contains("Microsoft.MachineLearningServices/workspaces/*/write", permissions["actions"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("Microsoft.MachineLearningServices/workspaces/write", permissions["notActions"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("Microsoft.CognitiveServices/accounts/OpenAI/*", permissions["dataActions"]!.AsArray().Select(a => (string)a!));
        Assert.Equal($"/subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{AiDeveloper}", (string)developer["id"]!);

        var all = await GetJson($"{RgPath()}/providers/Microsoft.Authorization/roleDefinitions?{AuthApi}");
        Assert.Equal(new[] { "Owner", "Contributor", "Reader", "Azure AI Developer" }, all["value"]!.AsArray().Select(r => (string)r!["properties"]!["roleName"]!));
        var byName = await GetJson($"{RgPath()}/providers/Microsoft.Authorization/roleDefinitions?{AuthApi}&$filter={Uri.EscapeDataString("roleName eq 'Azure AI Developer'")}");
        Assert.Equal(AiDeveloper, (string)byName["value"]![0]!["name"]!);
        Assert.Single(byName["value"]!.AsArray());
        var root = await GetJson($"providers/Microsoft.Authorization/roleDefinitions/{Reader}?{AuthApi}");
        Assert.Equal($"/providers/Microsoft.Authorization/roleDefinitions/{Reader}", (string)root["id"]!);
        using var missing = await Client.GetAsync($"subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/{Guid.NewGuid()}?{AuthApi}");
        await AssertArmError(missing, HttpStatusCode.NotFound, "RoleDefinitionDoesNotExist");
    }
}
