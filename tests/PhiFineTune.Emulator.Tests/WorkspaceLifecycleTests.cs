using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// Issue 10: workspace hubs and projects with connections (docs/contracts/workspace-lifecycle.md, contract L) through
/// the real emulator process with Azurite behind it: create and read against the copied examples, the rest of the flow
/// (datastore, job, model, serverless endpoint) in a created project, the delete rules and the errors.
/// </summary>
public sealed class WorkspaceLifecycleTests(AzuriteEmulatorFixture fixture) : IClassFixture<AzuriteEmulatorFixture>, IAsyncLifetime
{
    const string Sub = EmulatorTestBase.Sub;
    const string Api = "api-version=2025-01-01-preview";
    const string GroupApi = "api-version=2025-04-01";
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    HttpClient Client => fixture.Client;

    public async Task InitializeAsync() => (await Client.PostAsync("_emulator/reset", null)).EnsureSuccessStatusCode();

    public Task DisposeAsync() => Task.CompletedTask;

    static string WsId(string rg, string ws) => $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

    static string WsPath(string rg, string ws, string query = Api) => $"{WsId(rg, ws)[1..]}?{query}";

    static string Child(string rg, string ws, string child, string query = Api) => $"{WsId(rg, ws)[1..]}/{child}?{query}";

    static JsonNode Example(string file, string status) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", file)))!["responses"]![status]!;

    static JsonObject HubBody(string rg, string location = "eastus2") => new()
    {
        ["kind"] = "Hub",
        ["location"] = location,
        ["identity"] = new JsonObject { ["type"] = "SystemAssigned" },
        ["tags"] = new JsonObject { ["createdBy"] = "PhiFineTune" },
        ["properties"] = new JsonObject
        {
            ["friendlyName"] = "Life hub",
            ["storageAccount"] = $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{StorageName(rg)}",
            ["keyVault"] = $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/kv-{rg}",
        },
    };

    /// <summary>The storage account Group() creates for a hub in <paramref name="rg"/> (names are global).</summary>
    static string StorageName(string rg) => "st" + rg.Replace("-", "");

    static JsonObject ProjectBody(string hubId) => new()
    {
        ["kind"] = "Project",
        ["location"] = "eastus2",
        ["identity"] = new JsonObject { ["type"] = "SystemAssigned" },
        ["properties"] = new JsonObject { ["friendlyName"] = "Life project", ["hubResourceId"] = hubId },
    };

    async Task<HttpResponseMessage> Send(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await Client.SendAsync(request);
    }

    async Task<JsonNode> Json(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var response = await Send(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>L.2: a new workspace is the example's 202 with a Location (and Retry-After) that answers the workspace.</summary>
    async Task<JsonNode> Create(string path, JsonNode body)
    {
        Uri location;
        using (var put = await Send(HttpMethod.Put, path, body))
        {
            Assert.True(put.StatusCode == HttpStatusCode.Accepted, $"PUT {path}: expected 202, got {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            Assert.Empty(await put.Content.ReadAsByteArrayAsync());
            Assert.NotNull(put.Headers.RetryAfter);
            location = put.Headers.Location!;
        }
        var created = await Json(HttpMethod.Get, location.PathAndQuery.TrimStart('/'), null, HttpStatusCode.OK);
        Assert.Equal("Succeeded", (string)created["properties"]!["provisioningState"]!);
        return created;
    }

    async Task<JsonObject> Error(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected, string code)
    {
        var error = (await Json(method, path, body, expected))["error"]!.AsObject();
        Assert.Equal(code, (string)error["code"]!);
        return error;
    }

    /// <summary>A group with the storage account and key vault that HubBody names.</summary>
    async Task Group(string rg)
    {
        await Json(HttpMethod.Put, $"subscriptions/{Sub}/resourcegroups/{rg}?{GroupApi}", new JsonObject { ["location"] = "eastus2" }, HttpStatusCode.Created);
        var group = $"subscriptions/{Sub}/resourceGroups/{rg}/providers";
        // K.1: a new storage account is a 202 whose Location answers the account.
        using (var created = await Send(HttpMethod.Put, $"{group}/Microsoft.Storage/storageAccounts/{StorageName(rg)}?api-version=2024-01-01",
            JsonNode.Parse("""{"location":"eastus2","kind":"StorageV2","sku":{"name":"Standard_LRS"}}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            await Json(HttpMethod.Get, created.Headers.Location!.ToString(), null, HttpStatusCode.OK);
        }
        await Json(HttpMethod.Put, $"{group}/Microsoft.KeyVault/vaults/kv-{rg}?api-version=2023-07-01",
            JsonNode.Parse("""{"location":"eastus2","properties":{"tenantId":"00000000-0000-0000-0000-000000000000","sku":{"family":"A","name":"standard"}}}"""),
            HttpStatusCode.Created);
    }

    /// <summary>A group with a hub and a project; returns the project's workspaceId.</summary>
    async Task<string> HubAndProject(string rg, string hub, string project)
    {
        await Group(rg);
        await Create(WsPath(rg, hub), HubBody(rg));
        var created = await Create(WsPath(rg, project), ProjectBody(WsId(rg, hub)));
        return (string)created["properties"]!["workspaceId"]!;
    }

    static void AssertKeysOf(JsonNode example, JsonNode actual, string where, params string[] keys)
    {
        foreach (var key in keys)
        {
            Assert.True(example.AsObject().ContainsKey(key), $"{where}: the example lacks '{key}' (test bug)");
            Assert.True(actual.AsObject().ContainsKey(key), $"{where}: the answer lacks '{key}'");
            Assert.Equal(example[key]!.GetValueKind(), actual[key]!.GetValueKind());
        }
    }

    [Fact]
    public async Task A_hub_and_a_project_are_created_read_and_listed_in_the_examples_shapes_the_project_taking_the_hubs_location_and_storage()
    {
        await Group("rg-life-a");
        var hub = await Create(WsPath("rg-life-a", "hub-life-a"), HubBody("rg-life-a"));
        var example = Example("Workspace create.json", "200")["body"]!;
        AssertKeysOf(example, hub, "hub", "id", "name", "type", "location", "identity", "properties");
        AssertKeysOf(example["properties"]!, hub["properties"]!, "hub.properties", "storageAccount", "keyVault", "discoveryUrl", "friendlyName", "publicNetworkAccess");
        Assert.Equal(WsId("rg-life-a", "hub-life-a"), (string)hub["id"]!);
        Assert.Equal("Hub", (string)hub["kind"]!);
        Assert.Equal("eastus2", (string)hub["location"]!);
        Assert.Equal("Succeeded", (string)hub["properties"]!["provisioningState"]!);
        Assert.Equal("PhiFineTune", (string)hub["tags"]!["createdBy"]!);
        Assert.EndsWith("/storageAccounts/strglifea", (string)hub["properties"]!["storageAccount"]!);
        var hubId = (string)hub["properties"]!["workspaceId"]!;
        Assert.True(Guid.TryParse(hubId, out _));
        Assert.True(Guid.TryParse((string)hub["identity"]!["principalId"]!, out _));

        var project = await Create(WsPath("rg-life-a", "proj-life-a"), ProjectBody(WsId("rg-life-a", "HUB-LIFE-A")));
        Assert.Equal("Project", (string)project["kind"]!);
        Assert.Equal(WsId("rg-life-a", "hub-life-a"), (string)project["properties"]!["hubResourceId"]!);
        Assert.Equal((string)hub["properties"]!["storageAccount"]!, (string)project["properties"]!["storageAccount"]!);
        Assert.Equal("eastus2", (string)project["location"]!);
        Assert.NotEqual(hubId, (string)project["properties"]!["workspaceId"]!);

        // A second PUT updates (200) and keeps the workspaceId.
        var again = await Json(HttpMethod.Put, WsPath("rg-life-a", "proj-life-a"), ProjectBody(WsId("rg-life-a", "hub-life-a")), HttpStatusCode.OK);
        Assert.Equal((string)project["properties"]!["workspaceId"]!, (string)again["properties"]!["workspaceId"]!);

        var got = await Json(HttpMethod.Get, WsPath("rg-life-a", "PROJ-LIFE-A"), null, HttpStatusCode.OK);
        Assert.Equal("proj-life-a", (string)got["name"]!);
        AssertKeysOf(Example("Workspace get.json", "200")["body"]!, got, "GET", "id", "name", "type", "location", "properties");

        var list = await Json(HttpMethod.Get, $"subscriptions/{Sub}/resourceGroups/rg-life-a/providers/Microsoft.MachineLearningServices/workspaces?{Api}", null, HttpStatusCode.OK);
        Assert.Equal(new[] { "hub-life-a", "proj-life-a" }, list["value"]!.AsArray().Select(w => (string)w!["name"]!));
        var projects = await Json(HttpMethod.Get, $"subscriptions/{Sub}/resourceGroups/rg-life-a/providers/Microsoft.MachineLearningServices/workspaces?{Api}&kind=Project", null, HttpStatusCode.OK);
        Assert.Equal(new[] { "proj-life-a" }, projects["value"]!.AsArray().Select(w => (string)w!["name"]!));
    }

    [Fact]
    public async Task An_AIServices_connection_is_created_read_listed_and_deleted_and_its_key_is_never_echoed()
    {
        await HubAndProject("rg-life-c", "hub-life-c", "proj-life-c");
        const string secret = "not-a-real-key-0123456789";
        var account = $"/subscriptions/{Sub}/resourceGroups/rg-life-c/providers/Microsoft.CognitiveServices/accounts/ais-life-c";
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["category"] = "AIServices",
                ["target"] = "https://ais-life-c.cognitiveservices.azure.com/",
                ["authType"] = "ApiKey",
                ["isSharedToAll"] = true,
                ["credentials"] = new JsonObject { ["key"] = secret },
                ["metadata"] = new JsonObject { ["ApiType"] = "Azure", ["ResourceId"] = account },
            },
        };
        var path = Child("rg-life-c", "hub-life-c", "connections/ais-life-c");
        using (var put = await Send(HttpMethod.Put, path, body))
        {
            var text = await put.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            var created = JsonNode.Parse(text)!;
            var example = Example("WorkspaceConnection create.json", "200")["body"]!;
            AssertKeysOf(example, created, "PUT", "id", "name", "type", "properties");
            AssertKeysOf(example["properties"]!, created["properties"]!, "PUT properties", "category", "target", "authType");
            Assert.Equal(WsId("rg-life-c", "hub-life-c") + "/connections/ais-life-c", (string)created["id"]!);
            Assert.Equal("Microsoft.MachineLearningServices/workspaces/connections", (string)created["type"]!);
            Assert.Equal(account, (string)created["properties"]!["metadata"]!["ResourceId"]!);
        }

        var got = await Json(HttpMethod.Get, path, null, HttpStatusCode.OK);
        Assert.Equal("AIServices", (string)got["properties"]!["category"]!);
        Assert.False(got["properties"]!.AsObject().ContainsKey("credentials"));
        var list = await Json(HttpMethod.Get, Child("rg-life-c", "hub-life-c", "connections", Api + "&category=AIServices"), null, HttpStatusCode.OK);
        Assert.Equal("ais-life-c", (string)list["value"]!.AsArray().Single()!["name"]!);
        var none = await Json(HttpMethod.Get, Child("rg-life-c", "hub-life-c", "connections", Api + "&category=CognitiveSearch"), null, HttpStatusCode.OK);
        Assert.Empty(none["value"]!.AsArray());

        using (var delete = await Send(HttpMethod.Delete, path))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        using (var again = await Send(HttpMethod.Delete, path))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }
        await Error(HttpMethod.Get, path, null, HttpStatusCode.NotFound, "ResourceNotFound");
        await Error(HttpMethod.Put, path, new JsonObject { ["properties"] = new JsonObject { ["category"] = "AIServices", ["authType"] = "Password" } },
            HttpStatusCode.BadRequest, "ValidationError");
        await Error(HttpMethod.Put, Child("rg-life-c", "hub-life-c", "connections/a.b"), body, HttpStatusCode.BadRequest, "InvalidResourceName");
    }

    [Fact]
    public async Task A_created_project_runs_a_job_on_its_own_Azurite_container_deploys_its_model_and_its_delete_removes_them()
    {
        var workspaceId = await HubAndProject("rg-life-j", "hub-life-j", "proj-life-j");
        (await Client.PutAsync("_emulator/settings", new StringContent("{\"jobStepMs\":5,\"deploymentStepMs\":5}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var datastore = await Json(HttpMethod.Get, Child("rg-life-j", "proj-life-j", "datastores/workspaceblobstore"), null, HttpStatusCode.OK);
        var container = (string)datastore["properties"]!["containerName"]!;
        Assert.Equal($"{workspaceId}-azureml-blobstore", container);
        Assert.Equal("rg-life-j", (string)datastore["properties"]!["resourceGroup"]!);

        // The container exists on Azurite from the project's creation: upload the job's data into it.
        var ready = fixture.Emulator.Ready;
        var blob = new BlobStorage(new Uri((string)ready["blobEndpoint"]!), (string)ready["storageAccountName"]!, AccountKey, container, fixture.Emulator.Thumbprint);
        var line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}\n";
        var data = BinaryData.FromString(string.Concat(Enumerable.Repeat(line, 10)));
        await blob.Container().GetBlobClient("life/train.jsonl").UploadAsync(data, overwrite: true);

        var job = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["jobType"] = "FineTuning",
                ["fineTuningDetails"] = new JsonObject
                {
                    ["modelProvider"] = "Custom",
                    ["taskType"] = "ChatCompletion",
                    ["model"] = new JsonObject { ["jobInputType"] = "mlflow_model", ["uri"] = "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3" },
                    ["trainingData"] = new JsonObject { ["jobInputType"] = "uri_file", ["uri"] = "azureml://datastores/workspaceblobstore/paths/life/train.jsonl" },
                    ["hyperParameters"] = new JsonObject { ["num_train_epochs"] = "1" },
                },
                ["outputs"] = new JsonObject { ["registered_model"] = new JsonObject { ["jobOutputType"] = "mlflow_model", ["assetName"] = "life-model" } },
            },
        };
        var jobPath = Child("rg-life-j", "proj-life-j", "jobs/ft-life");
        var createdJob = await Json(HttpMethod.Put, jobPath, job, HttpStatusCode.Created);
        Assert.Equal(WsId("rg-life-j", "proj-life-j") + "/jobs/ft-life", (string)createdJob["id"]!);
        var status = "";
        for (var i = 0; i < 400 && status is not ("Completed" or "Failed" or "Canceled"); i++)
        {
            await Task.Delay(25);
            status = (string)(await Json(HttpMethod.Get, jobPath, null, HttpStatusCode.OK))["properties"]!["status"]!;
        }
        Assert.Equal("Completed", status);

        var model = await Json(HttpMethod.Get, Child("rg-life-j", "proj-life-j", "models/life-model/versions/1"), null, HttpStatusCode.OK);
        Assert.Equal(WsId("rg-life-j", "proj-life-j") + "/models/life-model/versions/1", (string)model["id"]!);
        var endpoint = new JsonObject
        {
            ["location"] = "eastus2",
            ["sku"] = new JsonObject { ["name"] = "Consumption" },
            ["properties"] = new JsonObject
            {
                ["authMode"] = "Key",
                ["modelSettings"] = new JsonObject { ["modelId"] = $"azureml://locations/eastus2/workspaces/{workspaceId}/models/life-model/versions/1" },
            },
        };
        var endpointPath = Child("rg-life-j", "proj-life-j", "serverlessEndpoints/life-chat");
        var createdEndpoint = await Json(HttpMethod.Put, endpointPath, endpoint, HttpStatusCode.Created);
        Assert.Equal(WsId("rg-life-j", "proj-life-j") + "/serverlessEndpoints/life-chat", (string)createdEndpoint["id"]!);

        // A hub with a project is not deleted; the project's delete removes its job, model and endpoint.
        await Error(HttpMethod.Delete, WsPath("rg-life-j", "hub-life-j"), null, HttpStatusCode.Conflict, "Conflict");
        using (var delete = await Send(HttpMethod.Delete, WsPath("rg-life-j", "proj-life-j", Api + "&forceToPurge=true")))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        await Error(HttpMethod.Get, WsPath("rg-life-j", "proj-life-j"), null, HttpStatusCode.NotFound, "ResourceNotFound");
        await Create(WsPath("rg-life-j", "proj-life-j"), ProjectBody(WsId("rg-life-j", "hub-life-j")));
        Assert.Empty((await Json(HttpMethod.Get, Child("rg-life-j", "proj-life-j", "jobs"), null, HttpStatusCode.OK))["value"]!.AsArray());
        Assert.Empty((await Json(HttpMethod.Get, Child("rg-life-j", "proj-life-j", "models"), null, HttpStatusCode.OK))["value"]!.AsArray());
        Assert.Empty((await Json(HttpMethod.Get, Child("rg-life-j", "proj-life-j", "serverlessEndpoints"), null, HttpStatusCode.OK))["value"]!.AsArray());

        using (var deleteProject = await Send(HttpMethod.Delete, WsPath("rg-life-j", "proj-life-j")))
        {
            Assert.Equal(HttpStatusCode.OK, deleteProject.StatusCode);
        }
        using (var deleteHub = await Send(HttpMethod.Delete, WsPath("rg-life-j", "hub-life-j")))
        {
            Assert.Equal(HttpStatusCode.OK, deleteHub.StatusCode);
        }
        using (var absent = await Send(HttpMethod.Delete, WsPath("rg-life-j", "hub-life-j")))
        {
            Assert.Equal(HttpStatusCode.NoContent, absent.StatusCode);
        }
    }

    [Fact]
    public async Task A_group_delete_removes_its_workspaces()
    {
        await HubAndProject("rg-life-g", "hub-life-g", "proj-life-g");
        using (var delete = await Send(HttpMethod.Delete, $"subscriptions/{Sub}/resourcegroups/rg-life-g?{GroupApi}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }
        for (var i = 0; i < 400; i++)
        {
            using var head = await Send(HttpMethod.Head, $"subscriptions/{Sub}/resourcegroups/rg-life-g?{GroupApi}");
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }
            await Task.Delay(25);
        }
        await Group("rg-life-g");
        await Error(HttpMethod.Get, WsPath("rg-life-g", "hub-life-g"), null, HttpStatusCode.NotFound, "ResourceNotFound");
        await Error(HttpMethod.Get, WsPath("rg-life-g", "proj-life-g"), null, HttpStatusCode.NotFound, "ResourceNotFound");
        var list = await Json(HttpMethod.Get, $"subscriptions/{Sub}/resourceGroups/rg-life-g/providers/Microsoft.MachineLearningServices/workspaces?{Api}", null, HttpStatusCode.OK);
        Assert.Empty(list["value"]!.AsArray());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-abc")]
    [InlineData("a.bc")]
    [InlineData("a234567890123456789012345678901234")]
    public async Task A_workspace_name_that_breaks_the_specs_pattern_is_a_400(string name)
    {
        await Group("rg-life-n");
        var error = await Error(HttpMethod.Put, WsPath("rg-life-n", name), HubBody("rg-life-n"), HttpStatusCode.BadRequest, "InvalidResourceName");
        Assert.Contains(name, (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_hub_reference_a_bad_dependency_id_a_missing_kind_and_a_bad_location_are_400s()
    {
        await Group("rg-life-e");
        var missing = await Error(HttpMethod.Put, WsPath("rg-life-e", "proj-life-e"), ProjectBody(WsId("rg-life-e", "no-such-hub")), HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("properties.hubResourceId", (string)missing["target"]!);
        // A project is not a hub: a project naming one is refused too.
        await Create(WsPath("rg-life-e", "hub-life-e"), HubBody("rg-life-e"));
        await Create(WsPath("rg-life-e", "proj-life-e"), ProjectBody(WsId("rg-life-e", "hub-life-e")));
        await Error(HttpMethod.Put, WsPath("rg-life-e", "proj2-life-e"), ProjectBody(WsId("rg-life-e", "proj-life-e")), HttpStatusCode.BadRequest, "ValidationError");

        var badStorage = HubBody("rg-life-e");
        badStorage["properties"]!["storageAccount"] = "stlifehub";
        var storage = await Error(HttpMethod.Put, WsPath("rg-life-e", "hub2-life-e"), badStorage, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("properties.storageAccount", (string)storage["target"]!);

        // L.1: the hub's storage account and key vault must exist.
        var missingStorage = HubBody("rg-life-e");
        missingStorage["properties"]!["storageAccount"] = $"/subscriptions/{Sub}/resourceGroups/rg-life-e/providers/Microsoft.Storage/storageAccounts/stnosuch";
        storage = await Error(HttpMethod.Put, WsPath("rg-life-e", "hub2-life-e"), missingStorage, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("properties.storageAccount", (string)storage["target"]!);
        var missingVault = HubBody("rg-life-e");
        missingVault["properties"]!["keyVault"] = $"/subscriptions/{Sub}/resourceGroups/rg-life-e/providers/Microsoft.KeyVault/vaults/kv-no-such";
        Assert.Equal("properties.keyVault", (string)(await Error(HttpMethod.Put, WsPath("rg-life-e", "hub2-life-e"), missingVault, HttpStatusCode.BadRequest, "ValidationError"))["target"]!);

        var noKind = HubBody("rg-life-e");
        noKind.Remove("kind");
        await Error(HttpMethod.Put, WsPath("rg-life-e", "hub3-life-e"), noKind, HttpStatusCode.BadRequest, "ValidationError");
        await Error(HttpMethod.Put, WsPath("rg-life-e", "hub4-life-e"), HubBody("rg-life-e", "moon"), HttpStatusCode.BadRequest, "LocationNotAvailableForResourceType");
        // L.5: names are unique in the subscription.
        await Group("rg-life-e2");
        await Error(HttpMethod.Put, WsPath("rg-life-e2", "hub-life-e"), HubBody("rg-life-e2"), HttpStatusCode.Conflict, "Conflict");
    }
}
