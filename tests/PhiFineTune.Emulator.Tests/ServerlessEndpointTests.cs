using System.Net;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Serverless endpoints: the create and delete LROs, get/list, names, bodies, keys, B.9 rules, faults, reset.</summary>
public sealed class ServerlessEndpointTests : EndpointTestBase
{
    public ServerlessEndpointTests(EmulatorFixture fixture) : base(fixture) { }

    [Fact]
    public async Task Create_is_201_with_Azure_AsyncOperation_then_Creating_to_Succeeded_Online()
    {
        var modelId = await RegisteredModel("phi-lro-model");
        await SetTimings(deploymentStepMs: 1000, retryAfter: 1);
        var body = EndpointBody(modelId, contentSafety: null, authMode: null);
        using var created = await Put("phi-lro", body);
        var endpoint = await ReadJson(created, HttpStatusCode.Created);
        Assert.Equal("PT1H", created.Headers.GetValues("x-ms-async-operation-timeout").Single());
        var operation = new Uri(created.Headers.GetValues("Azure-AsyncOperation").Single());
        Assert.True(operation.IsAbsoluteUri);
        Assert.StartsWith(Emulator.Endpoint.ToString(), operation.ToString());
        Assert.Contains("api-version=2025-01-01-preview", operation.Query);

        Assert.Equal($"{WorkspaceId(Project)}/serverlessEndpoints/phi-lro", (string)endpoint["id"]!);
        Assert.Equal("phi-lro", (string)endpoint["name"]!);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", (string)endpoint["type"]!);
        Assert.Equal(Location, (string)endpoint["location"]!);
        Assert.Equal("Consumption", (string)endpoint["sku"]!["name"]!);
        var p = endpoint["properties"]!;
        Assert.Equal("Creating", (string)p["provisioningState"]!);
        Assert.Equal("Creating", (string)p["endpointState"]!);
        Assert.Equal("Key", (string)p["authMode"]!); // missing authMode → Key
        Assert.Equal("Enabled", (string)p["contentSafety"]!["contentSafetyStatus"]!); // missing contentSafety → Enabled
        Assert.Equal(modelId, (string)p["modelSettings"]!["modelId"]!);
        Assert.Equal($"{Emulator.Endpoint}inference/{Project}/phi-lro", (string)p["inferenceEndpoint"]!["uri"]!);

        // The operation resource: always 200; InProgress (with Retry-After) then Succeeded.
        var seen = new List<string>();
        JsonNode status;
        while (true)
        {
            using var poll = await Client.GetAsync(operation);
            status = await ReadJson(poll, HttpStatusCode.OK);
            var s = (string)status["status"]!;
            if (seen.Count == 0 || seen[^1] != s)
            {
                seen.Add(s);
            }
            if (s == "InProgress")
            {
                Assert.Equal(TimeSpan.FromSeconds(1), poll.Headers.RetryAfter?.Delta);
                var mid = (await GetJson(EndpointPath("phi-lro")))["properties"]!;
                Assert.True((string)mid["provisioningState"]! is "Creating" or "Succeeded");
                await Task.Delay(20);
                continue;
            }
            break;
        }
        Assert.Equal(new[] { "InProgress", "Succeeded" }, seen);
        Assert.Equal(operation.AbsolutePath, (string)status["id"]!);
        Assert.Equal(100, (int)status["percentComplete"]!);
        Assert.NotNull(status["endTime"]);

        var done = (await GetJson(EndpointPath("phi-lro")))["properties"]!;
        Assert.Equal("Succeeded", (string)done["provisioningState"]!);
        Assert.Equal("Online", (string)done["endpointState"]!);

        // A second PUT updates in place: 200, no new operation.
        body["tags"] = new JsonObject { ["team"] = "ops" };
        using var again = await Put("phi-lro", body);
        var updated = await ReadJson(again, HttpStatusCode.OK);
        Assert.False(again.Headers.Contains("Azure-AsyncOperation"));
        Assert.Equal("ops", (string)updated["tags"]!["team"]!);
        Assert.Equal("Succeeded", (string)updated["properties"]!["provisioningState"]!);
    }

    [Fact]
    public async Task Get_has_the_shape_of_the_ServerlessEndpoint_get_example()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ContractExamples", "ServerlessEndpoint get.json")))!
            ["responses"]!["200"]!["body"]!;
        var actual = await Deploy("ep-shape", EndpointBody(await RegisteredModel("phi-shape-model")));
        void Same(JsonNode e, JsonNode a, string where, params string[] skip)
        {
            foreach (var (key, value) in e.AsObject().Where(p => !skip.Contains(p.Key)))
            {
                Assert.True(a.AsObject().ContainsKey(key), $"{where}: emulator response lacks '{key}'");
                Assert.True(value!.GetValueKind() == a[key]!.GetValueKind(), $"{where}.{key}: {value.GetValueKind()} vs {a[key]!.GetValueKind()}");
            }
        }
        // kind and identity are echoed only when sent; Phi has no marketplace subscription (B.7).
        Same(example, actual, "endpoint", "kind", "identity");
        Same(example["properties"]!, actual["properties"]!, "properties", "marketplaceSubscriptionId");
        Same(example["properties"]!["inferenceEndpoint"]!, actual["properties"]!["inferenceEndpoint"]!, "inferenceEndpoint");
        Same(example["systemData"]!, actual["systemData"]!, "systemData");
        Same(example["sku"]!, actual["sku"]!, "sku", "tier", "size", "family", "capacity");
    }

    [Fact]
    public async Task Get_list_and_paging_with_absolute_nextLink()
    {
        await PutJson("_emulator/settings", "{\"pageSize\":2}");
        var names = new[] { "ep-a", "ep-b", "ep-c" };
        foreach (var n in names)
        {
            await Deploy(n, EndpointBody(await RegisteredModel("model-" + n)));
        }
        var seen = new List<string>();
        string? next = $"{WsBase()}/serverlessEndpoints?{MlApi}";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJson(next);
            pages++;
            seen.AddRange(page["value"]!.AsArray().Select(e => (string)e!["name"]!));
            next = (string?)page["nextLink"];
            Assert.True(next is null || new Uri(next).IsAbsoluteUri);
        }
        Assert.Equal(2, pages);
        Assert.Equal(new[] { "ep-c", "ep-b", "ep-a" }, seen); // newest first

        using var missing = await Client.GetAsync(EndpointPath("nope"));
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");
        using var otherWs = await Client.GetAsync(EndpointPath("ep-a", ws: Hub));
        await AssertArmError(otherWs, HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal("ep-a", (string)(await GetJson(EndpointPath("EP-A")))["name"]!); // case-insensitive names
    }

    [Theory]
    [InlineData("1starts-with-digit")]
    [InlineData("has_underscore")]
    [InlineData("a23456789012345678901234567890123456789012345678901234")] // 53 characters
    public async Task A_name_breaking_the_PUT_pattern_is_400_naming_it(string name)
    {
        using var response = await Put(name, EndpointBody(ModelId("whatever")));
        var message = await AssertArmError(response, HttpStatusCode.BadRequest, "InvalidResourceName");
        Assert.Contains("^[a-zA-Z][a-zA-Z0-9-]{0,51}$", message);
        Assert.Contains(name, message);
    }

    [Fact]
    public async Task Delete_and_listKeys_use_the_generic_name_pattern()
    {
        using (var ok = await Client.DeleteAsync(EndpointPath("has_underscore")))
        {
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        }
        using var bad = await Client.DeleteAsync(EndpointPath("-bad"));
        await AssertArmError(bad, HttpStatusCode.BadRequest, "InvalidResourceName");
    }

    [Fact]
    public async Task Bodies_and_model_ids_are_checked()
    {
        var modelId = await RegisteredModel("phi-check-model");
        async Task<string> Bad(JsonObject body, string target)
        {
            using var response = await Put("ep-check", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            var error = JsonNode.Parse(text)!["error"]!;
            Assert.Equal("ValidationError", (string)error["code"]!);
            Assert.Equal(target, (string)error["target"]!);
            return (string)error["message"]!;
        }

        var noLocation = EndpointBody(modelId);
        noLocation.Remove("location");
        await Bad(noLocation, "location");
        var noProperties = EndpointBody(modelId);
        noProperties.Remove("properties");
        await Bad(noProperties, "properties");
        await Bad(EndpointBody(modelId, authMode: "Password"), "properties.authMode");
        await Bad(EndpointBody(modelId, contentSafety: "On"), "properties.contentSafety.contentSafetyStatus");
        var noSkuName = EndpointBody(modelId);
        noSkuName["sku"] = new JsonObject { ["tier"] = "Standard" };
        await Bad(noSkuName, "sku.name");
        var noModel = EndpointBody(modelId);
        noModel["properties"]!.AsObject().Remove("modelSettings");
        await Bad(noModel, "properties.modelSettings");

        const string target = "properties.modelSettings.modelId";
        Assert.Contains("does not exist", await Bad(EndpointBody(ModelId("no-such-model")), target));
        Assert.Contains("does not exist", await Bad(EndpointBody(ModelId("phi-check-model", version: "2")), target));
        Assert.Contains("workspaceId", await Bad(EndpointBody(ModelId("phi-check-model", workspaceId: Project)), target));
        Assert.Contains("location", await Bad(EndpointBody(ModelId("phi-check-model", location: "westus")), target));
        Assert.Contains("without a version", await Bad(EndpointBody("azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3"), target));
        Assert.Contains("Phi-4-mini-instruct", await Bad(EndpointBody("azureml://registries/azureml/models/gpt-4o"), target));
        Assert.Contains("no model", await Bad(EndpointBody("azureml://registries/other/models/Phi-4-mini-instruct"), target));
        Assert.Contains("not a model version id", await Bad(EndpointBody("phi-check-model"), target));

        // Nothing was created.
        Assert.Empty((await GetJson($"{WsBase()}/serverlessEndpoints?{MlApi}"))["value"]!.AsArray());
    }

    [Fact]
    public async Task A_registry_base_model_is_deployed_by_its_id_without_a_version_and_may_have_many()
    {
        // Contract B.8: a registry base model is deployed by its id without a version; B.9's one-deployment rule is
        // for custom models.
        const string baseModel = "azureml://registries/azureml/models/phi-4-MINI-instruct";
        var first = await Deploy("ep-base-a", EndpointBody(baseModel));
        Assert.Equal("Succeeded", (string)first["properties"]!["provisioningState"]!);
        Assert.Equal(baseModel, (string)first["properties"]!["modelSettings"]!["modelId"]!);
        var second = await Deploy("ep-base-b", EndpointBody(baseModel));
        Assert.Equal("Succeeded", (string)second["properties"]!["provisioningState"]!);

        var (key, _) = await Keys("ep-base-a");
        using var reply = await Chat((string)first["properties"]!["inferenceEndpoint"]!["uri"]! + "/v1/chat/completions",
            """{"messages":[{"role":"user","content":"hello there"}]}""", ("Authorization", key));
        var answer = await ReadJson(reply, HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string)answer["choices"]![0]!["message"]!["content"]!));
    }

    [Fact]
    public async Task One_deployment_per_model_is_409()
    {
        var modelId = await RegisteredModel("phi-once-model");
        await Deploy("ep-first", EndpointBody(modelId));
        using var second = await Put("ep-second", EndpointBody(modelId));
        var message = await ReadJson(second, HttpStatusCode.Conflict);
        Assert.Equal("ModelAlreadyDeployed", (string)message["error"]!["code"]!);
        Assert.Contains("ep-first", (string)message["error"]!["message"]!);
        // Also from another workspace (the model id names the project's model).
        using var content = new StringContent(EndpointBody(modelId).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var fromHub = await Client.PutAsync(EndpointPath("ep-hub", ws: Hub), content);
        Assert.Equal(HttpStatusCode.Conflict, fromHub.StatusCode);
    }

    [Fact]
    public async Task ListKeys_gives_two_random_keys_and_regenerateKeys_replaces_one()
    {
        var a = await RegisteredModel("phi-keys-a");
        var b = await RegisteredModel("phi-keys-b");
        await Deploy("ep-keys-a", EndpointBody(a));
        await Deploy("ep-keys-b", EndpointBody(b));
        var (primary, secondary) = await Keys("ep-keys-a");
        var (otherPrimary, _) = await Keys("ep-keys-b");
        Assert.True(primary.Length >= 32);
        Assert.NotEqual(primary, secondary);
        Assert.NotEqual(primary, otherPrimary);
        Assert.Equal((primary, secondary), await Keys("ep-keys-a")); // stable

        var regenerated = await PostJson($"{WsBase()}/serverlessEndpoints/ep-keys-a/regenerateKeys?{MlApi}",
            $"{{\"keyType\":\"Primary\",\"keyValue\":\"{primary}\"}}");
        Assert.NotEqual(primary, (string)regenerated["primaryKey"]!);
        Assert.Equal(secondary, (string)regenerated["secondaryKey"]!);
        Assert.Equal(((string)regenerated["primaryKey"]!, secondary), await Keys("ep-keys-a"));

        using var badType = await Client.PostAsync($"{WsBase()}/serverlessEndpoints/ep-keys-a/regenerateKeys?{MlApi}",
            new StringContent("{\"keyType\":\"Tertiary\"}"));
        await AssertArmError(badType, HttpStatusCode.BadRequest, "ValidationError");
        using var missing = await Client.PostAsync($"{WsBase()}/serverlessEndpoints/nope/listKeys?{MlApi}", null);
        await AssertArmError(missing, HttpStatusCode.NotFound, "ResourceNotFound");

        // Keys never reach the request log.
        var log = (await RequestLog()).ToJsonString();
        Assert.DoesNotContain(primary, log);
        Assert.DoesNotContain(secondary, log);
    }

    [Fact]
    public async Task A_deployed_model_cannot_be_deleted_until_its_endpoint_is_deleted_by_the_delete_LRO()
    {
        var modelId = await RegisteredModel("phi-busy-model");
        await Deploy("ep-busy", EndpointBody(modelId));

        using (var container = await Client.DeleteAsync($"{WsBase()}/models/phi-busy-model?{MlApi}"))
        {
            var message = await AssertArmError(container, HttpStatusCode.Conflict, "Conflict");
            Assert.Contains("ep-busy", message);
        }
        using (var version = await Client.DeleteAsync($"{WsBase()}/models/phi-busy-model/versions/1?{MlApi}"))
        {
            Assert.Contains("ep-busy", await AssertArmError(version, HttpStatusCode.Conflict, "Conflict"));
        }
        await GetJson($"{WsBase()}/models/phi-busy-model/versions/1?{MlApi}"); // still there

        await SetTimings(deploymentStepMs: 1000, retryAfter: 2);
        using var delete = await Client.DeleteAsync(EndpointPath("ep-busy"));
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), delete.Headers.RetryAfter?.Delta);
        Assert.Equal("PT1H", delete.Headers.GetValues("x-ms-async-operation-timeout").Single());
        var location = delete.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.True(new Uri(delete.Headers.GetValues("Azure-AsyncOperation").Single()).IsAbsoluteUri);

        var deleting = (await GetJson(EndpointPath("ep-busy")))["properties"]!;
        Assert.Equal("Deleting", (string)deleting["provisioningState"]!);
        Assert.Equal("Deleting", (string)deleting["endpointState"]!);
        using (var busy = await Client.DeleteAsync($"{WsBase()}/models/phi-busy-model?{MlApi}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode); // still there while Deleting
        }
        using (var poll = await Client.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            Assert.Equal(location, poll.Headers.Location);
            Assert.Equal(0, poll.Content.Headers.ContentLength ?? 0);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var poll = await Client.GetAsync(location);
            if (poll.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }
            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }
        var status = await GetJson(delete.Headers.GetValues("Azure-AsyncOperation").Single());
        Assert.Equal("Succeeded", (string)status["status"]!);
        using (var gone = await Client.GetAsync(EndpointPath("ep-busy")))
        {
            await AssertArmError(gone, HttpStatusCode.NotFound, "ResourceNotFound");
        }
        using (var again = await Client.DeleteAsync(EndpointPath("ep-busy")))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }
        using (var model = await Client.DeleteAsync($"{WsBase()}/models/phi-busy-model?{MlApi}"))
        {
            Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        }
    }

    [Fact]
    public async Task Deleting_while_Creating_cancels_the_create_and_the_failure_marker_fails_it()
    {
        await SetTimings(deploymentStepMs: 2000, retryAfter: 1);
        var a = await RegisteredModel("phi-cancel-model");
        using var created = await Put("ep-cancel", EndpointBody(a));
        var operation = created.Headers.GetValues("Azure-AsyncOperation").Single();
        await SetTimings(deploymentStepMs: 50, retryAfter: 1);
        using (var delete = await Client.DeleteAsync(EndpointPath("ep-cancel")))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }
        var canceled = await GetJson(operation);
        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)canceled["error"]!["code"]));

        var b = await RegisteredModel("phi-fail-model");
        using var failing = await Put("ep-emulator-fail", EndpointBody(b));
        var failOperation = failing.Headers.GetValues("Azure-AsyncOperation").Single();
        var endpoint = await WaitProvisioned("ep-emulator-fail");
        Assert.Equal("Failed", (string)endpoint["properties"]!["provisioningState"]!);
        Assert.Equal("CreationFailed", (string)endpoint["properties"]!["endpointState"]!);
        var failed = await GetJson(failOperation);
        Assert.Equal("Failed", (string)failed["status"]!);
        Assert.Contains("emulator-fail", (string)failed["error"]!["message"]!);

        using var unknown = await Client.GetAsync(
            $"subscriptions/{Sub}/providers/Microsoft.MachineLearningServices/locations/{Location}/operationsStatuses/{Guid.NewGuid()}?{MlApi}");
        await AssertArmError(unknown, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Faults_name_endpoint_operations()
    {
        await AddFaults("""
            [{"operation":"ServerlessEndpoints_Get","kind":"Throttle","count":1,"retryAfterSeconds":3},
             {"operation":"ServerlessEndpoints_CreateOrUpdate","kind":"Forbidden","count":1},
             {"operation":"ServerlessEndpoints_ListKeys","kind":"ServiceUnavailable","count":1}]
            """);
        using (var throttled = await Client.GetAsync(EndpointPath("any")))
        {
            await AssertArmError(throttled, HttpStatusCode.TooManyRequests, "TooManyRequests");
            Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        }
        using (var forbidden = await Put("any", EndpointBody(ModelId("x"))))
        {
            var message = await AssertArmError(forbidden, HttpStatusCode.Forbidden, "AuthorizationFailed");
            Assert.Contains("Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write", message);
            Assert.Contains($"{WorkspaceId(Project)}/serverlessEndpoints/any", message);
        }
        using (var unavailable = await Client.PostAsync($"{WsBase()}/serverlessEndpoints/any/listKeys?{MlApi}", null))
        {
            await AssertArmError(unavailable, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        }
        var log = await RequestLog();
        Assert.Contains(log, e => (string?)e!["operation"] == "ServerlessEndpoints_ListKeys" && (string?)e["fault"] == "ServiceUnavailable");
    }

    [Fact]
    public async Task Reset_removes_endpoints_and_restores_the_timings()
    {
        await Deploy("ep-reset", EndpointBody(await RegisteredModel("phi-reset-model")));
        using (var reset = await Client.PostAsync("_emulator/reset", null))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }
        using var gone = await Client.GetAsync(EndpointPath("ep-reset"));
        await AssertArmError(gone, HttpStatusCode.NotFound, "ResourceNotFound");
        var settings = await GetJson("_emulator/settings");
        Assert.Equal(5000, (int)settings["deploymentStepMs"]!);
        Assert.Equal(10, (int)settings["lroRetryAfterSeconds"]!);
    }
}
