using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Issue 9: every served ARM operation answers the oldest and the newest api-version of its resource type
/// (src/PhiFineTune.Emulator/ApiVersions.json, docs/contracts/api-versions.md), versions that exist nowhere are refused
/// with the supported list, and answers take the shape of the requested version.
/// </summary>
public sealed class ApiVersionTests : EndpointTestBase
{
    public ApiVersionTests(EmulatorFixture fixture) : base(fixture) { }

    /// <summary>Oldest and newest api-version per resource type, as ApiVersions.json lists them.</summary>
    public static readonly Dictionary<string, (string Oldest, string Newest)> Versions = new()
    {
        ["Microsoft.Resources/subscriptions/providers"] = ("2015-11-01", "2025-04-01"),
        ["Microsoft.MachineLearningServices/workspaces"] = ("2018-03-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/datastores"] = ("2021-03-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/connections"] = ("2020-06-01", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/jobs"] = ("2020-09-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/models"] = ("2021-03-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/models/versions"] = ("2021-03-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/workspaces/serverlessEndpoints"] = ("2023-08-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/locations/mfeOperationsStatus"] = ("2021-03-01-preview", "2026-05-01"),
        ["Microsoft.MachineLearningServices/locations/mfeOperationResults"] = ("2021-03-01-preview", "2026-05-01"),
        ["Microsoft.Storage/storageAccounts"] = ("2015-05-01-preview", "2026-09-01"),
        ["Microsoft.KeyVault/vaults"] = ("2015-06-01", "2026-03-01-preview"),
        ["Microsoft.CognitiveServices/accounts"] = ("2016-02-01-preview", "2026-09-01"),
        ["Microsoft.Authorization/roleAssignments"] = ("2015-07-01", "2022-04-01"),
        ["Microsoft.Authorization/roleDefinitions"] = ("2015-07-01", "2022-05-01-preview"),
    };

    /// <summary>Issue 10, contract K: the operations of the tenancy resource types and their resource types.</summary>
    private static readonly Dictionary<string, string> TenancyOperations = new()
    {
        ["StorageAccounts_CheckNameAvailability"] = "Microsoft.Storage/storageAccounts",
        ["StorageAccounts_Create"] = "Microsoft.Storage/storageAccounts",
        ["StorageAccounts_GetProperties"] = "Microsoft.Storage/storageAccounts",
        ["StorageAccounts_ListByResourceGroup"] = "Microsoft.Storage/storageAccounts",
        ["StorageAccounts_Delete"] = "Microsoft.Storage/storageAccounts",
        ["Vaults_CheckNameAvailability"] = "Microsoft.KeyVault/vaults",
        ["Vaults_CreateOrUpdate"] = "Microsoft.KeyVault/vaults",
        ["Vaults_Get"] = "Microsoft.KeyVault/vaults",
        ["Vaults_ListByResourceGroup"] = "Microsoft.KeyVault/vaults",
        ["Vaults_Delete"] = "Microsoft.KeyVault/vaults",
        ["Accounts_Create"] = "Microsoft.CognitiveServices/accounts",
        ["Accounts_Get"] = "Microsoft.CognitiveServices/accounts",
        ["Accounts_ListByResourceGroup"] = "Microsoft.CognitiveServices/accounts",
        ["Accounts_Delete"] = "Microsoft.CognitiveServices/accounts",
        ["RoleAssignments_Create"] = "Microsoft.Authorization/roleAssignments",
        ["RoleAssignments_Get"] = "Microsoft.Authorization/roleAssignments",
        ["RoleAssignments_ListForScope"] = "Microsoft.Authorization/roleAssignments",
        ["RoleAssignments_Delete"] = "Microsoft.Authorization/roleAssignments",
        ["RoleDefinitions_Get"] = "Microsoft.Authorization/roleDefinitions",
        ["RoleDefinitions_List"] = "Microsoft.Authorization/roleDefinitions",
    };

    /// <summary>Every served ARM operation and its resource type (the datastores are in DatastoreTests: they need Azurite).</summary>
    private static readonly Dictionary<string, string> Operations = new()
    {
        ["Providers_List"] = "Microsoft.Resources/subscriptions/providers",
        ["Providers_Get"] = "Microsoft.Resources/subscriptions/providers",
        ["Providers_Register"] = "Microsoft.Resources/subscriptions/providers",
        ["Providers_Unregister"] = "Microsoft.Resources/subscriptions/providers",
        ["Workspaces_Get"] = "Microsoft.MachineLearningServices/workspaces",
        ["Workspaces_CreateOrUpdate"] = "Microsoft.MachineLearningServices/workspaces",
        ["Workspaces_ListByResourceGroup"] = "Microsoft.MachineLearningServices/workspaces",
        ["Workspaces_Delete"] = "Microsoft.MachineLearningServices/workspaces",
        ["WorkspaceConnections_Create"] = "Microsoft.MachineLearningServices/workspaces/connections",
        ["WorkspaceConnections_Get"] = "Microsoft.MachineLearningServices/workspaces/connections",
        ["WorkspaceConnections_List"] = "Microsoft.MachineLearningServices/workspaces/connections",
        ["WorkspaceConnections_Delete"] = "Microsoft.MachineLearningServices/workspaces/connections",
        ["Jobs_CreateOrUpdate"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["Jobs_Get"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["Jobs_List"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["Jobs_Cancel"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["Jobs_CancelOperationResult"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["Jobs_Delete"] = "Microsoft.MachineLearningServices/workspaces/jobs",
        ["ModelContainers_List"] = "Microsoft.MachineLearningServices/workspaces/models",
        ["ModelContainers_Get"] = "Microsoft.MachineLearningServices/workspaces/models",
        ["ModelContainers_Delete"] = "Microsoft.MachineLearningServices/workspaces/models",
        ["ModelVersions_List"] = "Microsoft.MachineLearningServices/workspaces/models/versions",
        ["ModelVersions_Get"] = "Microsoft.MachineLearningServices/workspaces/models/versions",
        ["ModelVersions_Delete"] = "Microsoft.MachineLearningServices/workspaces/models/versions",
        ["ServerlessEndpoints_CreateOrUpdate"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_Get"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_List"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_ListKeys"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_RegenerateKeys"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_Delete"] = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        ["ServerlessEndpoints_GetOperationStatus"] = "Microsoft.MachineLearningServices/locations/mfeOperationsStatus",
        ["ServerlessEndpoints_GetOperationResult"] = "Microsoft.MachineLearningServices/locations/mfeOperationResults",
    };

    private readonly HashSet<string> _called = new();
    private bool _newest;

    private string Version(string operationId)
    {
        var (oldest, newest) = Versions[Operations.TryGetValue(operationId, out var type) ? type : TenancyOperations[operationId]];
        return _newest ? newest : oldest;
    }

    /// <summary>Calls one operation at its type's oldest or newest version and asserts one of the expected statuses.</summary>
    private async Task<HttpResponseMessage> Call(string operationId, HttpMethod method, string path, JsonNode? body, params HttpStatusCode[] expected)
    {
        _called.Add(operationId);
        var version = Version(operationId);
        var url = WithApiVersion(path, version);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected.Contains(response.StatusCode),
            $"{operationId} at api-version {version}: expected {string.Join(" or ", expected.Select(s => (int)s))}, got {(int)response.StatusCode}: {text}");
        return response;
    }

    /// <summary>The URL with its api-version replaced (or added).</summary>
    private static string WithApiVersion(string url, string version)
    {
        var q = url.IndexOf('?');
        var path = q < 0 ? url : url[..q];
        var rest = q < 0 ? Array.Empty<string>() : url[(q + 1)..].Split('&').Where(p => !p.StartsWith("api-version=", StringComparison.Ordinal)).ToArray();
        return path + "?" + string.Join("&", rest.Prepend("api-version=" + version));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_served_operation_answers_its_oldest_and_newest_api_version(bool newest)
    {
        _newest = newest;
        var ok = HttpStatusCode.OK;
        var providers = $"subscriptions/{Sub}/providers";
        (await Call("Providers_List", HttpMethod.Get, providers, null, ok)).Dispose();
        (await Call("Providers_Get", HttpMethod.Get, providers + "/Microsoft.Storage", null, ok)).Dispose();
        (await Call("Providers_Register", HttpMethod.Post, providers + "/Microsoft.Network/register", null, ok)).Dispose();
        (await Call("Providers_Unregister", HttpMethod.Post, providers + "/Microsoft.Network/unregister", null, ok)).Dispose();
        (await Call("Workspaces_Get", HttpMethod.Get, WorkspacePath(Project), null, ok)).Dispose();

        // Issue 10 (contract L): a hub and a project created, listed, connected and deleted.
        var (storage, keyVault) = await HubDependencies(Rg, "stversions", "kv-versions");
        var hubBody = new JsonObject
        {
            ["kind"] = "Hub",
            ["location"] = "eastus2",
            ["properties"] = new JsonObject
            {
                ["storageAccount"] = storage,
                ["keyVault"] = keyVault,
            },
        };
        (await Call("Workspaces_CreateOrUpdate", HttpMethod.Put, WorkspacePath("hub-versions"), hubBody, HttpStatusCode.Accepted)).Dispose();
        var projectBody = new JsonObject
        {
            ["kind"] = "Project",
            ["properties"] = new JsonObject { ["hubResourceId"] = $"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/hub-versions" },
        };
        (await Call("Workspaces_CreateOrUpdate", HttpMethod.Put, WorkspacePath("proj-versions"), projectBody, HttpStatusCode.Accepted)).Dispose();
        (await Call("Workspaces_ListByResourceGroup", HttpMethod.Get, $"subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces", null, ok)).Dispose();
        var connection = $"{WsBase("hub-versions")}/connections/ais-versions";
        var connectionBody = new JsonObject
        {
            ["properties"] = new JsonObject { ["category"] = "AIServices", ["authType"] = "AAD", ["target"] = "https://ais-versions.cognitiveservices.azure.com/" },
        };
        (await Call("WorkspaceConnections_Create", HttpMethod.Put, connection, connectionBody, ok)).Dispose();
        (await Call("WorkspaceConnections_Get", HttpMethod.Get, connection, null, ok)).Dispose();
        (await Call("WorkspaceConnections_List", HttpMethod.Get, $"{WsBase("hub-versions")}/connections", null, ok)).Dispose();
        (await Call("WorkspaceConnections_Delete", HttpMethod.Delete, connection, null, ok)).Dispose();
        (await Call("Workspaces_Delete", HttpMethod.Delete, WorkspacePath("proj-versions"), null, ok)).Dispose();
        (await Call("Workspaces_Delete", HttpMethod.Delete, WorkspacePath("hub-versions"), null, ok)).Dispose();

        // A job that completes and registers a model, then one that is cancelled while it runs.
        await SetJobStep(5);
        const string asset = "phi-versions-model";
        (await Call("Jobs_CreateOrUpdate", HttpMethod.Put, JobPath("ft-versions"), JobBody(asset: asset), HttpStatusCode.Created)).Dispose();
        (await Call("Jobs_Get", HttpMethod.Get, JobPath("ft-versions"), null, ok)).Dispose();
        (await Call("Jobs_List", HttpMethod.Get, $"{WsBase()}/jobs", null, ok)).Dispose();
        Assert.Equal("Completed", (await WaitTerminal("ft-versions", pollMs: 5))[^1]);
        await SetJobStep(5000);
        await CreateJob("ft-versions-cancel");
        string cancelLocation;
        using (var cancel = await Call("Jobs_Cancel", HttpMethod.Post, $"{WsBase()}/jobs/ft-versions-cancel/cancel", null, HttpStatusCode.Accepted))
        {
            cancelLocation = cancel.Headers.Location!.ToString();
            Assert.Contains("api-version=" + Version("Jobs_Cancel"), cancelLocation);
        }
        (await Call("Jobs_CancelOperationResult", HttpMethod.Get, cancelLocation, null, HttpStatusCode.Accepted, ok)).Dispose();

        var model = $"{WsBase()}/models/{asset}";
        (await Call("ModelContainers_List", HttpMethod.Get, $"{WsBase()}/models", null, ok)).Dispose();
        (await Call("ModelContainers_Get", HttpMethod.Get, model, null, ok)).Dispose();
        (await Call("ModelVersions_List", HttpMethod.Get, model + "/versions", null, ok)).Dispose();
        (await Call("ModelVersions_Get", HttpMethod.Get, model + "/versions/1", null, ok)).Dispose();

        var endpoint = $"{WsBase()}/serverlessEndpoints/phi-versions";
        string status;
        using (var created = await Call("ServerlessEndpoints_CreateOrUpdate", HttpMethod.Put, endpoint, EndpointBody(ModelId(asset)), HttpStatusCode.Created))
        {
            status = created.Headers.GetValues("Azure-AsyncOperation").Single();
        }
        (await Call("ServerlessEndpoints_GetOperationStatus", HttpMethod.Get, status, null, ok)).Dispose();
        (await Call("ServerlessEndpoints_Get", HttpMethod.Get, endpoint, null, ok)).Dispose();
        (await Call("ServerlessEndpoints_List", HttpMethod.Get, $"{WsBase()}/serverlessEndpoints", null, ok)).Dispose();
        await WaitProvisioned("phi-versions");
        (await Call("ServerlessEndpoints_ListKeys", HttpMethod.Post, endpoint + "/listKeys", null, ok)).Dispose();
        (await Call("ServerlessEndpoints_RegenerateKeys", HttpMethod.Post, endpoint + "/regenerateKeys", new JsonObject { ["keyType"] = "Primary" }, ok)).Dispose();
        string result;
        using (var deleted = await Call("ServerlessEndpoints_Delete", HttpMethod.Delete, endpoint, null, HttpStatusCode.Accepted))
        {
            result = deleted.Headers.Location!.ToString();
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var poll = await Call("ServerlessEndpoints_GetOperationResult", HttpMethod.Get, result, null, HttpStatusCode.Accepted, HttpStatusCode.NoContent);
            if (poll.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the endpoint delete never finished");
            await Task.Delay(20);
        }

        (await Call("ModelVersions_Delete", HttpMethod.Delete, model + "/versions/1", null, ok)).Dispose();
        (await Call("ModelContainers_Delete", HttpMethod.Delete, model, null, ok)).Dispose();
        (await Call("Jobs_Delete", HttpMethod.Delete, JobPath("ft-versions"), null, ok)).Dispose();

        Assert.Equal(Operations.Keys.Order(), _called.Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_tenancy_operation_answers_its_oldest_and_newest_api_version(bool newest)
    {
        _newest = newest;
        var ok = HttpStatusCode.OK;
        var group = $"subscriptions/{Sub}/resourceGroups/{Rg}";
        var suffix = newest ? "new" : "old";

        var storage = $"{group}/providers/Microsoft.Storage/storageAccounts";
        var check = new JsonObject { ["name"] = "phiver" + suffix, ["type"] = "Microsoft.Storage/storageAccounts" };
        (await Call("StorageAccounts_CheckNameAvailability", HttpMethod.Post, $"subscriptions/{Sub}/providers/Microsoft.Storage/checkNameAvailability", check, ok)).Dispose();
        var account = new JsonObject { ["location"] = "eastus2", ["kind"] = "StorageV2", ["sku"] = new JsonObject { ["name"] = "Standard_LRS" } };
        (await Call("StorageAccounts_Create", HttpMethod.Put, $"{storage}/phiver{suffix}", account, HttpStatusCode.Accepted)).Dispose();
        (await Call("StorageAccounts_GetProperties", HttpMethod.Get, $"{storage}/phiver{suffix}", null, ok)).Dispose();
        (await Call("StorageAccounts_ListByResourceGroup", HttpMethod.Get, storage, null, ok)).Dispose();
        (await Call("StorageAccounts_Delete", HttpMethod.Delete, $"{storage}/phiver{suffix}", null, ok)).Dispose();

        var vaults = $"{group}/providers/Microsoft.KeyVault/vaults";
        var vaultCheck = new JsonObject { ["name"] = "phi-ver-" + suffix, ["type"] = "Microsoft.KeyVault/vaults" };
        (await Call("Vaults_CheckNameAvailability", HttpMethod.Post, $"subscriptions/{Sub}/providers/Microsoft.KeyVault/checkNameAvailability", vaultCheck, ok)).Dispose();
        var vault = new JsonObject
        {
            ["location"] = "eastus2",
            ["properties"] = new JsonObject { ["tenantId"] = "b4f1e8a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b", ["sku"] = new JsonObject { ["family"] = "A", ["name"] = "standard" } },
        };
        (await Call("Vaults_CreateOrUpdate", HttpMethod.Put, $"{vaults}/phi-ver-{suffix}", vault, HttpStatusCode.Created)).Dispose();
        (await Call("Vaults_Get", HttpMethod.Get, $"{vaults}/phi-ver-{suffix}", null, ok)).Dispose();
        (await Call("Vaults_ListByResourceGroup", HttpMethod.Get, vaults, null, ok)).Dispose();
        (await Call("Vaults_Delete", HttpMethod.Delete, $"{vaults}/phi-ver-{suffix}", null, ok)).Dispose();

        var accounts = $"{group}/providers/Microsoft.CognitiveServices/accounts";
        var ai = new JsonObject { ["location"] = "eastus2", ["kind"] = "AIServices", ["sku"] = new JsonObject { ["name"] = "S0" } };
        (await Call("Accounts_Create", HttpMethod.Put, $"{accounts}/phi-ver-{suffix}", ai, HttpStatusCode.Created)).Dispose();
        (await Call("Accounts_Get", HttpMethod.Get, $"{accounts}/phi-ver-{suffix}", null, ok)).Dispose();
        (await Call("Accounts_ListByResourceGroup", HttpMethod.Get, accounts, null, ok)).Dispose();
        (await Call("Accounts_Delete", HttpMethod.Delete, $"{accounts}/phi-ver-{suffix}", null, ok)).Dispose();

        var assignment = $"{group}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}";
        var grant = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"/subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
                ["principalId"] = "e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13",
            },
        };
        (await Call("RoleAssignments_Create", HttpMethod.Put, assignment, grant, HttpStatusCode.Created)).Dispose();
        (await Call("RoleAssignments_Get", HttpMethod.Get, assignment, null, ok)).Dispose();
        (await Call("RoleAssignments_ListForScope", HttpMethod.Get, $"{group}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()", null, ok)).Dispose();
        (await Call("RoleAssignments_Delete", HttpMethod.Delete, assignment, null, ok)).Dispose();
        var definitions = $"subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions";
        (await Call("RoleDefinitions_Get", HttpMethod.Get, definitions + "/acdd72a7-3385-48ef-bd42-f606fba81ae7", null, ok)).Dispose();
        (await Call("RoleDefinitions_List", HttpMethod.Get, definitions, null, ok)).Dispose();

        Assert.Equal(TenancyOperations.Keys.Order(), _called.Order());
    }

    [Fact]
    public async Task A_version_that_exists_nowhere_is_400_InvalidApiVersionParameter_listing_the_supported_ones()
    {
        using var response = await Client.GetAsync(WorkspacePath(Project, query: "api-version=2019-01-01-preview"));
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.StartsWith("The api-version '2019-01-01-preview' is invalid. The supported versions are '2026-05-01,", message);
        Assert.EndsWith(",2018-03-01-preview'.", message);
        Assert.Contains(",2024-10-01,", message);

        // A version of the workspace type that does not define serverless endpoints is not accepted for them.
        using var endpoints = await Client.GetAsync($"{WsBase()}/serverlessEndpoints?api-version=2023-10-01");
        var endpointsMessage = await AssertArmError(endpoints, HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.DoesNotContain("2023-10-01", endpointsMessage.Split('\'')[3].Split(','));
        Assert.Contains("2023-08-01-preview", endpointsMessage);
    }

    [Fact]
    public async Task Providers_Get_lists_each_served_type_with_the_versions_and_locations_of_the_data()
    {
        var ml = await GetJson(ProviderPath("Microsoft.MachineLearningServices"));
        var types = ml["resourceTypes"]!.AsArray().ToDictionary(t => "Microsoft.MachineLearningServices/" + (string)t!["resourceType"]!, t => t!);
        foreach (var (type, (oldest, newest)) in Versions.Where(v => v.Key.StartsWith("Microsoft.MachineLearningServices/", StringComparison.Ordinal)))
        {
            var versions = types[type]["apiVersions"]!.AsArray().Select(v => (string)v!).ToList();
            Assert.Equal(newest, versions[0]);
            Assert.Equal(oldest, versions[^1]);
            Assert.Equal(versions.OrderDescending(StringComparer.Ordinal), versions);
            var locations = types[type]["locations"]!.AsArray().Select(l => (string)l!).ToList();
            Assert.Contains("East US 2", locations);
            Assert.Contains("Sweden Central", locations);
        }
        Assert.Equal(50, types["Microsoft.MachineLearningServices/workspaces"]["apiVersions"]!.AsArray().Count);
        Assert.Equal(19, types["Microsoft.MachineLearningServices/workspaces/serverlessEndpoints"]["apiVersions"]!.AsArray().Count);

        var resources = await GetJson(ProviderPath("Microsoft.Resources"));
        var providersType = resources["resourceTypes"]!.AsArray().Single(t => (string)t!["resourceType"]! == "subscriptions/providers")!;
        var resourceVersions = providersType["apiVersions"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Equal(25, resourceVersions.Count);
        Assert.Contains("2022-09-01", resourceVersions);
        Assert.Equal(("2015-11-01", "2025-04-01"), (resourceVersions[^1], resourceVersions[0]));
    }

    [Fact]
    public async Task Providers_List_carries_the_same_resource_types_as_Providers_Get()
    {
        var page = await GetJson($"subscriptions/{Sub}/providers?{ProvidersApi}&%24top=4");
        foreach (var listed in page["value"]!.AsArray())
        {
            var got = await GetJson(ProviderPath((string)listed!["namespace"]!));
            Assert.Equal(got["resourceTypes"]!.ToJsonString(), listed["resourceTypes"]!.ToJsonString());
            Assert.All(listed["resourceTypes"]!.AsArray(), t => Assert.NotEmpty(t!["apiVersions"]!.AsArray()));
        }
    }

    [Theory]
    [InlineData("2023-10-01", false)]
    [InlineData("2021-07-01", false)]
    [InlineData("2023-08-01-preview", true)]
    [InlineData("2024-04-01", true)]
    [InlineData("2025-01-01-preview", true)]
    public async Task Workspaces_Get_has_hubResourceId_only_in_versions_that_define_it(string apiVersion, bool hasHub)
    {
        var project = await GetJson(WorkspacePath(Project, query: "api-version=" + apiVersion));
        Assert.Equal(hasHub, project["properties"]!.AsObject().ContainsKey("hubResourceId"));
        Assert.Equal("Project", (string)project["kind"]!);
        Assert.Equal("Phi Fine-Tune Project", (string)project["properties"]!["friendlyName"]!);
    }

    [Theory]
    [InlineData("2023-08-01-preview", false)]
    [InlineData("2024-01-01-preview", false)]
    [InlineData("2024-04-01", true)]
    [InlineData("2026-05-01", true)]
    public async Task Serverless_endpoints_have_contentSafety_only_in_versions_that_define_it(string apiVersion, bool hasContentSafety)
    {
        var modelId = await RegisteredModel("phi-shape-model");
        await Deploy("phi-shape", EndpointBody(modelId));
        var query = "api-version=" + apiVersion;
        var one = await GetJson(EndpointPath("phi-shape", query: query));
        Assert.Equal(hasContentSafety, one["properties"]!.AsObject().ContainsKey("contentSafety"));
        Assert.Equal(modelId, (string)one["properties"]!["modelSettings"]!["modelId"]!);
        var list = await GetJson($"{WsBase()}/serverlessEndpoints?{query}");
        Assert.All(list["value"]!.AsArray(), e => Assert.Equal(hasContentSafety, e!["properties"]!.AsObject().ContainsKey("contentSafety")));

        // The stored endpoint keeps it: the newest version still shows it.
        var newest = await GetJson(EndpointPath("phi-shape"));
        Assert.Equal("Enabled", (string)newest["properties"]!["contentSafety"]!["contentSafetyStatus"]!);
    }
}
