using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

/// <summary>Serverless endpoint bodies, model ids, chat bodies and inference errors: no service needed.</summary>
public sealed class DeploymentTests
{
    const string WorkspaceId = "9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02";

    static readonly FineTuneConnection Connection = new(new object())
    {
        ConnectionId = Guid.NewGuid(), SubscriptionId = "s", ResourceGroupName = "rg", WorkspaceName = "ws",
        WorkspaceKind = "Project", Location = "eastus2", WorkspaceId = WorkspaceId, ResourceId = "/x", Environment = "AzureCloud",
        ArmEndpoint = new Uri("https://management.azure.com"), AuthenticationMethod = AuthenticationMethod.DefaultCredential,
        ConnectedAt = DateTimeOffset.UtcNow,
    };

    static string ModelId(string name = "faq", string version = "1") =>
        $"azureml://locations/eastus2/workspaces/{WorkspaceId}/models/{name}/versions/{version}";

    [Fact]
    public void The_endpoint_body_is_the_contracts_B8_body()
    {
        using var body = JsonDocument.Parse(ServerlessEndpoints.Body("eastus2", ModelId(), contentSafety: true).ToJsonString());
        var root = body.RootElement;
        Assert.Equal("eastus2", root.GetProperty("location").GetString());
        Assert.Equal("Consumption", root.GetProperty("sku").GetProperty("name").GetString());
        var properties = root.GetProperty("properties");
        Assert.Equal("Key", properties.GetProperty("authMode").GetString());
        Assert.Equal(ModelId(), properties.GetProperty("modelSettings").GetProperty("modelId").GetString());
        Assert.Equal("Enabled", properties.GetProperty("contentSafety").GetProperty("contentSafetyStatus").GetString());

        using var off = JsonDocument.Parse(ServerlessEndpoints.Body("eastus2", ModelId(), contentSafety: false).ToJsonString());
        Assert.Equal("Disabled", off.RootElement.GetProperty("properties").GetProperty("contentSafety").GetProperty("contentSafetyStatus").GetString());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("faq-chat-1")]
    [InlineData("Abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")] // 52 characters
    public void Names_of_the_PUT_pattern_pass(string name) => Assert.Equal(name, ServerlessEndpoints.CheckName(name));

    [Theory]
    [InlineData("")]
    [InlineData("1faq")]
    [InlineData("-faq")]
    [InlineData("faq_chat")]
    [InlineData("faq.chat")]
    [InlineData("Abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")] // 53 characters
    public void Other_names_are_refused(string name)
    {
        var e = Assert.Throws<FineTuneException>(() => ServerlessEndpoints.CheckName(name));
        Assert.Equal("InvalidDeploymentName", e.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void A_model_id_is_built_from_the_workspace_location_and_id_and_read_back()
    {
        Assert.Equal(ModelId("faq", "2"), ModelIds.Build(Connection, "faq", "2"));
        Assert.Equal((WorkspaceId, "faq", "2"), ModelIds.Parse(ModelId("faq", "2")));
        Assert.Null(ModelIds.Parse("azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3"));
        Assert.True(ModelIds.Refers(ModelId("FAQ", "1"), Connection, "faq", "1"));
        Assert.True(ModelIds.Refers(ModelId("faq", "3"), Connection, "faq", null));
        Assert.False(ModelIds.Refers(ModelId("faq", "1"), Connection, "faq", "2"));
        Assert.False(ModelIds.Refers(ModelId("faq-2", "1"), Connection, "faq", "1"));
        Assert.False(ModelIds.Refers(ModelId().Replace(WorkspaceId, Guid.Empty.ToString()), Connection, "faq", "1"));
    }

    [Fact]
    public void An_endpoint_reads_as_a_deployment_and_a_missing_provisioningState_is_Succeeded()
    {
        var json = """
            {"id":"/x/serverlessEndpoints/faq-chat","name":"faq-chat","location":"eastus2",
             "properties":{"authMode":"Key","endpointState":"Online","modelSettings":{"modelId":"MODEL_ID"},
               "contentSafety":{"contentSafetyStatus":"Enabled"},"inferenceEndpoint":{"uri":"https://faq-chat.eastus2.models.ai.azure.com"}}}
            """.Replace("MODEL_ID", ModelId());
        using var doc = JsonDocument.Parse(json);
        var deployment = ServerlessEndpoints.Read(Connection, doc.RootElement);
        Assert.Equal("faq-chat", deployment.Name);
        Assert.Equal("Succeeded", deployment.ProvisioningState);
        Assert.Equal("Online", deployment.EndpointState);
        Assert.Equal("faq", deployment.ModelName);
        Assert.Equal("1", deployment.ModelVersion);
        Assert.Equal("Enabled", deployment.ContentSafety);
        Assert.Equal(new Uri("https://faq-chat.eastus2.models.ai.azure.com"), deployment.ScoringUri);
        Assert.Equal(200_000, deployment.TokensPerMinuteLimit);
        Assert.Equal(1_000, deployment.RequestsPerMinuteLimit);
        Assert.Null(deployment.PrimaryKey);
    }

    [Fact]
    public void The_chat_route_is_appended_to_the_scoring_uri()
    {
        Assert.Equal("https://e.models.ai.azure.com/v1/chat/completions",
            FineTunedModelChat.Endpoint(new Uri("https://e.models.ai.azure.com")).AbsoluteUri);
        Assert.Equal("https://127.0.0.1:5000/inference/ws/faq/v1/chat/completions",
            FineTunedModelChat.Endpoint(new Uri("https://127.0.0.1:5000/inference/ws/faq/")).AbsoluteUri);
    }

    [Fact]
    public void The_chat_body_has_the_messages_and_only_the_options_given()
    {
        var messages = new[] { new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi") };
        using var body = JsonDocument.Parse(FineTunedModelChat.Body(messages, new ChatOptions(100, 0.2)).ToJsonString());
        Assert.Equal("system", body.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Hi", body.RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Equal(100, body.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.2, body.RootElement.GetProperty("temperature").GetDouble());

        using var bare = JsonDocument.Parse(FineTunedModelChat.Body(messages, new ChatOptions(null, null)).ToJsonString());
        Assert.False(bare.RootElement.TryGetProperty("max_tokens", out _));
        Assert.False(bare.RootElement.TryGetProperty("temperature", out _));
    }

    [Fact]
    public void A_chat_completion_reads_as_a_reply()
    {
        using var doc = JsonDocument.Parse("""
            {"id":"c1","object":"chat.completion","created":1735689600,"model":"faq",
             "choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"Hello"}}],
             "usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}
            """);
        var reply = FineTunedModelChat.Read("faq-chat", doc.RootElement);
        Assert.Equal("Hello", reply.Content);
        Assert.Equal("length", reply.FinishReason);
        Assert.Equal((12, 30, 42), (reply.PromptTokens!.Value, reply.CompletionTokens!.Value, reply.TotalTokens!.Value));
        Assert.Equal("faq", reply.Model);
        Assert.Equal("faq-chat", reply.DeploymentName);
    }

    [Theory]
    [InlineData("""{"error":{"code":"content_filter","message":"The response was filtered","param":"messages","status":400}}""", null)]
    [InlineData("""{"status":400,"code":"content_filter","message":"The response was filtered","param":"messages","type":null}""", null)]
    [InlineData("""{"error":{"code":"BadRequest","message":"filtered"}}""", "content_filter")]
    public void Every_shape_of_a_content_filter_refusal_is_ContentFiltered(string body, string? headerCode)
    {
        var e = FineTunedModelChat.Failure("faq-chat", new FakeResponse(400, body, headerCode));
        Assert.Equal("ContentFiltered", e.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, e.Kind);
        Assert.Contains("faq-chat", e.Message);
    }

    [Fact]
    public void A_refused_key_and_throttling_have_their_own_errors()
    {
        var unauthorized = FineTunedModelChat.Failure("faq-chat",
            new FakeResponse(401, """{"error":{"code":"Unauthorized","message":"Key not valid."}}""", "Unauthorized"));
        Assert.Equal("InvokeFineTunedModelAuthentication", unauthorized.ErrorId);
        Assert.Equal(FailureKind.Authentication, unauthorized.Kind);
        Assert.Contains("Key not valid.", unauthorized.Message);

        var throttled = FineTunedModelChat.Failure("faq-chat", new FakeResponse(429, "", null));
        Assert.Equal("InvokeFineTunedModelThrottled", throttled.ErrorId);
        Assert.Contains("200,000", throttled.RecommendedAction);
    }

    sealed class FakeResponse(int status, string body, string? errorCode) : Response
    {
        readonly Dictionary<string, string> _headers = errorCode is null ? [] : new() { ["x-ms-error-code"] = errorCode };

        public override int Status => status;
        public override string ReasonPhrase => "";
        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(body));
        public override string ClientRequestId { get; set; } = "";
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);
        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));
        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);
        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var v) ? [v] : null;
            return values is not null;
        }
    }
}
