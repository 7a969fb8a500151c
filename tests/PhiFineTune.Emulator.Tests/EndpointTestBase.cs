using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Helpers for the serverless endpoint and inference tests (B.8, B.9, C.5, H).</summary>
public abstract class EndpointTestBase : JobTestBase
{
    public const string ProjectWorkspaceId = "9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02";
    public const string Location = "eastus2";

    protected EndpointTestBase(EmulatorFixture fixture) : base(fixture) { }

    /// <summary>A client that sends no Authorization header by default (inference takes keys, not tokens).</summary>
    protected HttpClient KeylessClient { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        KeylessClient = Emulator.CreateClient(bearer: null);
        await SetTimings(deploymentStepMs: 30, retryAfter: 1);
    }

    public override Task DisposeAsync()
    {
        KeylessClient?.Dispose();
        return base.DisposeAsync();
    }

    protected Task<JsonNode> SetTimings(int deploymentStepMs, int retryAfter) =>
        PutJson("_emulator/settings", $"{{\"deploymentStepMs\":{deploymentStepMs},\"lroRetryAfterSeconds\":{retryAfter}}}");

    protected static string EndpointPath(string name, string ws = Project, string query = MlApi) =>
        $"{WsBase(ws)}/serverlessEndpoints/{name}?{query}";

    protected static string ModelId(string asset, string version = "1", string workspaceId = ProjectWorkspaceId, string location = Location) =>
        $"azureml://locations/{location}/workspaces/{workspaceId}/models/{asset}/versions/{version}";

    /// <summary>Fine-tunes quickly (5 ms job steps) until the model is registered; returns its B.6 model id.</summary>
    protected async Task<string> RegisteredModel(string asset)
    {
        await SetJobStep(5);
        await CreateJob("job-" + asset, JobBody(asset: asset));
        Assert.Equal("Completed", (await WaitTerminal("job-" + asset, pollMs: 5))[^1]);
        return ModelId(asset);
    }

    /// <summary>The B.8 request body.</summary>
    protected static JsonObject EndpointBody(string modelId, string? contentSafety = "Enabled", string? authMode = "Key")
    {
        var properties = new JsonObject { ["modelSettings"] = new JsonObject { ["modelId"] = modelId } };
        if (authMode is not null)
        {
            properties["authMode"] = authMode;
        }
        if (contentSafety is not null)
        {
            properties["contentSafety"] = new JsonObject { ["contentSafetyStatus"] = contentSafety };
        }
        return new JsonObject
        {
            ["location"] = Location,
            ["tags"] = new JsonObject(),
            ["sku"] = new JsonObject { ["name"] = "Consumption" },
            ["properties"] = properties,
        };
    }

    protected async Task<HttpResponseMessage> Put(string name, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await Client.PutAsync(EndpointPath(name), content);
    }

    /// <summary>PUT, then poll GET until provisioningState is terminal; returns the endpoint.</summary>
    protected async Task<JsonNode> Deploy(string name, JsonObject body)
    {
        using (var created = await Put(name, body))
        {
            await ReadJson(created, HttpStatusCode.Created);
        }
        return await WaitProvisioned(name);
    }

    protected async Task<JsonNode> WaitProvisioned(string name, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var endpoint = await GetJson(EndpointPath(name));
            if ((string)endpoint["properties"]!["provisioningState"]! is "Succeeded" or "Failed" or "Canceled")
            {
                return endpoint;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Endpoint {name} still {(string)endpoint["properties"]!["provisioningState"]!}");
            await Task.Delay(10);
        }
    }

    protected async Task<(string Primary, string Secondary)> Keys(string name)
    {
        var keys = await PostJson($"{WsBase()}/serverlessEndpoints/{name}/listKeys?{MlApi}");
        return ((string)keys["primaryKey"]!, (string)keys["secondaryKey"]!);
    }

    /// <summary>POST a chat request to an inference URL with the given headers (no Authorization unless given).</summary>
    protected async Task<HttpResponseMessage> Chat(string url, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (n, v) in headers)
        {
            request.Headers.TryAddWithoutValidation(n, v);
        }
        return await KeylessClient.SendAsync(request);
    }

    /// <summary>Asserts the H.5 inference error body and x-ms-error-code; returns the error object.</summary>
    protected static async Task<JsonNode> AssertInferenceError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadJson(response, status);
        Assert.Equal(code, (string)body["error"]!["code"]!);
        Assert.Equal((int)status, (int)body["error"]!["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]));
        Assert.Equal(code, response.Headers.GetValues("x-ms-error-code").Single());
        return body["error"]!;
    }
}
