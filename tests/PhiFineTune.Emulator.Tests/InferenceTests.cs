using System.Net;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Chat completions on a deployed endpoint (contract H): auth forms, the reply rule, usage, errors, content filter.</summary>
public sealed class InferenceTests : EndpointTestBase
{
    public InferenceTests(EmulatorFixture fixture) : base(fixture) { }

    private const string PirateChat = """
        {"messages":[{"role":"system","content":"You are a terse pirate assistant."},
                     {"role":"user","content":"Hello   there, how are you?"}]}
        """;

    private const string PirateReply = "Emulated reply (system: You are a terse pirate assistant.): Hello there, how are you?";

    /// <summary>Deploys a fresh model; returns the endpoint's inference uri and keys.</summary>
    private async Task<(string Uri, string Primary, string Secondary)> Online(string name, string contentSafety = "Enabled")
    {
        var endpoint = await Deploy(name, EndpointBody(await RegisteredModel("model-" + name), contentSafety));
        Assert.Equal("Online", (string)endpoint["properties"]!["endpointState"]!);
        var (primary, secondary) = await Keys(name);
        return ((string)endpoint["properties"]!["inferenceEndpoint"]!["uri"]!, primary, secondary);
    }

    [Fact]
    public async Task Every_key_form_and_both_routes_get_the_deterministic_reply()
    {
        var (uri, primary, secondary) = await Online("ep-chat");
        var attempts = new (string Url, (string, string)[] Headers)[]
        {
            (uri + "/v1/chat/completions", new[] { ("Authorization", primary) }),                // the notebook's raw key
            (uri + "/chat/completions?api-version=2024-05-01-preview", new[] { ("Authorization", "Bearer " + primary) }),
            (uri + "/chat/completions", new[] { ("api-key", primary) }),
            (uri + "/v1/chat/completions", new[] { ("Authorization", "Bearer " + secondary), ("api-key", secondary) }),
        };
        foreach (var (url, headers) in attempts)
        {
            using var response = await Chat(url, PirateChat, headers);
            var body = await ReadJson(response, HttpStatusCode.OK);
            Assert.Equal("chat.completion", (string)body["object"]!);
            Assert.StartsWith("chatcmpl-", (string)body["id"]!);
            Assert.Equal("model-ep-chat", (string)body["model"]!);
            Assert.InRange((long)body["created"]!, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
            var choice = body["choices"]!.AsArray().Single()!;
            Assert.Equal(0, (int)choice["index"]!);
            Assert.Equal("stop", (string)choice["finish_reason"]!);
            Assert.Equal("assistant", (string)choice["message"]!["role"]!);
            Assert.Equal(PirateReply, (string)choice["message"]!["content"]!);
            // Tokens: runs of letters/digits, or single other characters. 7 + 7 in the prompt, 21 in the reply.
            Assert.Equal(14, (int)body["usage"]!["prompt_tokens"]!);
            Assert.Equal(21, (int)body["usage"]!["completion_tokens"]!);
            Assert.Equal(35, (int)body["usage"]!["total_tokens"]!);
        }

        var info = await ReadJson(await KeylessClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri + "/info?api-version=2024-05-01-preview")
        {
            Headers = { { "api-key", primary } },
        }), HttpStatusCode.OK);
        Assert.Equal("model-ep-chat", (string)info["model_name"]!);
        Assert.Equal("chat-completion", (string)info["model_type"]!);

        // Neither the keys nor the messages reach the request log.
        var log = (await RequestLog()).ToJsonString();
        Assert.DoesNotContain(primary, log);
        Assert.DoesNotContain(secondary, log);
        Assert.DoesNotContain("pirate", log);
        Assert.Contains("Inference_GetChatCompletions", log);
    }

    [Fact]
    public async Task Wrong_or_missing_key_is_401_and_unknown_endpoints_404()
    {
        var (uri, primary, _) = await Online("ep-auth");
        foreach (var headers in new[] { Array.Empty<(string, string)>(), new[] { ("Authorization", "Bearer nope") }, new[] { ("api-key", primary + "x") } })
        {
            using var response = await Chat(uri + "/v1/chat/completions", PirateChat, headers);
            var error = await AssertInferenceError(response, HttpStatusCode.Unauthorized, "Unauthorized");
            Assert.DoesNotContain(primary, error.ToJsonString());
        }
        using (var unknown = await Chat(uri.Replace("ep-auth", "ep-nope") + "/v1/chat/completions", PirateChat, ("Authorization", primary)))
        {
            await AssertInferenceError(unknown, HttpStatusCode.NotFound, "NotFound");
        }
        using (var otherWs = await Chat(uri.Replace(Project, Hub) + "/v1/chat/completions", PirateChat, ("Authorization", primary)))
        {
            await AssertInferenceError(otherWs, HttpStatusCode.NotFound, "NotFound");
        }
    }

    [Fact]
    public async Task An_endpoint_answers_only_when_Succeeded_and_Online()
    {
        await SetTimings(deploymentStepMs: 5000, retryAfter: 1);
        var modelId = await RegisteredModel("model-ep-slow");
        using var created = await Put("ep-slow", EndpointBody(modelId));
        var endpoint = await ReadJson(created, HttpStatusCode.Created);
        var (primary, _) = await Keys("ep-slow");
        using var response = await Chat((string)endpoint["properties"]!["inferenceEndpoint"]!["uri"]! + "/v1/chat/completions", PirateChat, ("Authorization", primary));
        var error = await AssertInferenceError(response, HttpStatusCode.NotFound, "NotFound");
        Assert.Contains("Creating", (string)error["message"]!);
    }

    [Fact]
    public async Task Max_tokens_cuts_the_reply_with_finish_reason_length_and_stop_cuts_it_with_stop()
    {
        var (uri, primary, _) = await Online("ep-length");
        using (var cut = await Chat(uri + "/v1/chat/completions", """{"max_tokens":3,"messages":[{"role":"user","content":"Hello there"}]}""", ("Authorization", primary)))
        {
            var body = await ReadJson(cut, HttpStatusCode.OK);
            Assert.Equal("length", (string)body["choices"]![0]!["finish_reason"]!);
            Assert.Equal("Emulated reply:", (string)body["choices"]![0]!["message"]!["content"]!);
            Assert.Equal(3, (int)body["usage"]!["completion_tokens"]!);
            Assert.Equal(2, (int)body["usage"]!["prompt_tokens"]!);
        }
        using (var enough = await Chat(uri + "/v1/chat/completions", """{"max_tokens":1024,"messages":[{"role":"user","content":"Hello there"}]}""", ("Authorization", primary)))
        {
            var body = await ReadJson(enough, HttpStatusCode.OK);
            Assert.Equal("stop", (string)body["choices"]![0]!["finish_reason"]!);
            Assert.Equal("Emulated reply: Hello there", (string)body["choices"]![0]!["message"]!["content"]!);
        }
        using (var stop = await Chat(uri + "/v1/chat/completions", """{"stop":["there"],"messages":[{"role":"user","content":[{"type":"text","text":"Hello there"}]}]}""", ("Authorization", primary)))
        {
            var body = await ReadJson(stop, HttpStatusCode.OK);
            Assert.Equal("stop", (string)body["choices"]![0]!["finish_reason"]!);
            Assert.Equal("Emulated reply: Hello ", (string)body["choices"]![0]!["message"]!["content"]!);
        }
    }

    [Fact]
    public async Task The_content_filter_marker_is_refused_only_when_content_safety_is_Enabled()
    {
        const string marked = """{"messages":[{"role":"user","content":"Please say EMULATOR-CONTENT-FILTER now"}]}""";
        var (onUri, onKey, _) = await Online("ep-safe");
        using (var refused = await Chat(onUri + "/chat/completions?api-version=2024-05-01-preview", marked, ("api-key", onKey)))
        {
            var error = await AssertInferenceError(refused, HttpStatusCode.BadRequest, "content_filter");
            Assert.Equal("messages", (string)error["param"]!);
            Assert.Equal("The response was filtered due to the prompt triggering content management policy.", (string)error["message"]!);
        }
        var (offUri, offKey, _) = await Online("ep-unsafe", contentSafety: "Disabled");
        using var answered = await Chat(offUri + "/chat/completions", marked, ("api-key", offKey));
        var body = await ReadJson(answered, HttpStatusCode.OK);
        Assert.Equal("Emulated reply: Please say EMULATOR-CONTENT-FILTER now", (string)body["choices"]![0]!["message"]!["content"]!);
    }

    /// <summary>(body, status, code, param) — one deployment for all of them keeps the test short.</summary>
    private static readonly (string Body, int Status, string Code, string? Param)[] BadBodies =
    {
        ("""{}""", 400, "invalid_request", "messages"),
        ("""{"messages":[]}""", 400, "invalid_request", "messages"),
        ("""{"messages":[{"role":"robot","content":"x"}]}""", 400, "invalid_request", "messages[0].role"),
        ("""{"messages":[{"role":"user"}]}""", 400, "invalid_request", "messages[0].content"),
        ("""{"messages":[{"role":"tool","content":"x"}]}""", 400, "invalid_request", "messages[0].tool_call_id"),
        ("""{"max_tokens":-1,"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "max_tokens"),
        ("""{"max_tokens":1.5,"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "max_tokens"),
        ("""{"temperature":1.5,"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "temperature"),
        ("""{"top_p":-0.1,"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "top_p"),
        ("""{"presence_penalty":3,"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "presence_penalty"),
        ("""{"stop":[],"messages":[{"role":"user","content":"x"}]}""", 400, "invalid_request", "stop"),
        ("""not json""", 400, "invalid_request", null),
        ("""{"stream":true,"messages":[{"role":"user","content":"x"}]}""", 422, "parameter_not_supported", "stream"),
        ("""{"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"x"}]}""", 422, "parameter_not_supported", "response_format"),
        ("""{"tools":[{"type":"function"}],"messages":[{"role":"user","content":"x"}]}""", 422, "parameter_not_supported", "tools"),
        ("""{"logit_bias":{},"messages":[{"role":"user","content":"x"}]}""", 422, "extra_parameters_not_allowed", "logit_bias"),
    };

    [Fact]
    public async Task Bad_bodies_get_the_H5_error_body()
    {
        var (uri, primary, _) = await Online("ep-bad");
        foreach (var (body, status, code, param) in BadBodies)
        {
            using var response = await Chat(uri + "/v1/chat/completions", body, ("Authorization", primary));
            var error = await AssertInferenceError(response, (HttpStatusCode)status, code);
            Assert.True(param == (string?)error["param"], $"{body}: param {(string?)error["param"]}, expected {param}");
        }
    }

    [Fact]
    public async Task Extra_parameters_drop_ignores_unknown_fields_and_temperature_changes_nothing()
    {
        var (uri, primary, _) = await Online("ep-extra");
        using var response = await Chat(uri + "/v1/chat/completions",
            """{"logit_bias":{},"temperature":0.9,"seed":7,"messages":[{"role":"user","content":"Hi"}]}""",
            ("Authorization", primary), ("extra-parameters", "drop"));
        var body = await ReadJson(response, HttpStatusCode.OK);
        Assert.Equal("Emulated reply: Hi", (string)body["choices"]![0]!["message"]!["content"]!);
    }

    [Fact]
    public async Task Faults_name_the_inference_operation_and_star_does_not_match_it()
    {
        var (uri, primary, _) = await Online("ep-fault");
        await AddFaults("""
            [{"operation":"*","kind":"ServiceUnavailable"},
             {"operation":"Inference_GetChatCompletions","kind":"Throttle","count":1,"retryAfterSeconds":2}]
            """);
        using (var throttled = await Chat(uri + "/v1/chat/completions", PirateChat, ("Authorization", primary)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
        }
        using var ok = await Chat(uri + "/v1/chat/completions", PirateChat, ("Authorization", primary));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_key_sent_in_the_query_string_is_not_logged()
    {
        var (uri, primary, _) = await Online("ep-query");
        using var response = await Chat($"{uri}/chat/completions?api-version=2024-05-01-preview&api-key={primary}", PirateChat);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // keys are read from headers only
        var log = await RequestLog();
        Assert.DoesNotContain(primary, log.ToJsonString());
        Assert.Contains(log, e => ((string)e!["query"]!).Contains("api-key=REDACTED"));
    }
}
