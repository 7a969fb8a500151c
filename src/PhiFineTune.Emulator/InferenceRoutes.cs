using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Chat completions on a serverless endpoint's inference URL (contract H), served by the emulator itself at
/// <c>/inference/{workspace}/{endpoint}</c> (<see cref="EndpointStore.InferenceUri"/>). Key auth (H.2), the H.3 body
/// checks, a deterministic reply (H.4) and the H.5 error body. Nothing from the body or the key is logged or echoed.
/// </summary>
public static partial class InferenceRoutes
{
    public const string BasePattern = "/inference/{ws}/{name}";

    /// <summary>
    /// Emulator choice (H.5): a user message containing this text (case-insensitive) is refused with the content_filter
    /// error, when the endpoint's contentSafety is Enabled. With Disabled it is answered normally.
    /// </summary>
    public const string ContentFilterMarker = "emulator-content-filter";

    /// <summary>Emulator choice (H.4): every reply starts with this.</summary>
    public const string ReplyPrefix = "Emulated reply";

    /// <summary>Emulator choice: how many words of the last user (system) message the reply repeats.</summary>
    public const int UserWords = 40;
    public const int SystemWords = 8;

    private static readonly string[] Roles = { "system", "user", "assistant", "tool" };
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "messages", "max_tokens", "temperature", "top_p", "frequency_penalty", "presence_penalty", "stop", "stream", "seed",
        "response_format", "tools", "tool_choice", "model",
    };

    /// <summary>Emulator choice (usage counts): a token is a run of letters or digits, or any other single non-space character.</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+|[^\s\p{L}\p{N}]")]
    private static partial Regex TokenPattern();

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        // Emulator choice (H.1): both route styles, with or without api-version (any value is accepted).
        app.MapArm("Inference_GetChatCompletions", "POST", BasePattern + "/v1/chat/completions", Inference(ctx => Chat(ctx, state)));
        app.MapArm("Inference_GetChatCompletions", "POST", BasePattern + "/chat/completions", Inference(ctx => Chat(ctx, state)));

        // H.1: GET {uri}/info. Emulator choice: model_name is the fine-tuned model's name, model_type "chat-completion",
        // model_provider_name "Microsoft".
        app.MapArm("Inference_GetModelInfo", "GET", BasePattern + "/info", Inference(async ctx =>
        {
            var endpoint = Authorize(ctx, state);
            await ArmJson.Write(ctx, 200, new JsonObject
            {
                ["model_name"] = endpoint.ModelName,
                ["model_type"] = "chat-completion",
                ["model_provider_name"] = "Microsoft",
            });
        }));
    }

    private static async Task Chat(HttpContext ctx, EmulatorState state)
    {
        var endpoint = Authorize(ctx, state);
        var body = await ReadBody(ctx);
        var messages = Validate(body, ctx.Request.Headers["extra-parameters"].ToString());

        if (endpoint.ContentSafetyEnabled
            && messages.Any(m => m.Role == "user" && m.Text.Contains(ContentFilterMarker, StringComparison.OrdinalIgnoreCase)))
        {
            // H.5 Emulator choice: the combined shape the spec, the Python sample and the C# check all read.
            throw new ArmException(400, "content_filter",
                "The response was filtered due to the prompt triggering content management policy.") { Target = "messages" };
        }

        var (content, finishReason) = Reply(messages, body, endpoint.Memory);
        var prompt = messages.Sum(m => Tokens(m.Text));
        var completion = Tokens(content);
        await ArmJson.Write(ctx, 200, new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = state.Now.ToUnixTimeSeconds(),
            ["model"] = endpoint.ModelName,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["finish_reason"] = finishReason,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = prompt,
                ["completion_tokens"] = completion,
                ["total_tokens"] = prompt + completion,
            },
        });
    }

    // ---- the endpoint and its key (H.2) ----

    /// <summary>404 for an unknown workspace or endpoint, 401 for a missing or wrong key, 404 while it is not Succeeded/Online.</summary>
    private static EndpointView Authorize(HttpContext ctx, EmulatorState state)
    {
        var ws = state.Workspaces.FindByName(ctx.Route("ws"));
        var endpoint = ws is null ? null : state.Endpoints.Find(ws.Name, ctx.Route("name"));
        if (endpoint is null)
        {
            // Emulator choice: 404 "NotFound" (H.5 lists NotFoundError; the body was not captured).
            throw new ArmException(404, "NotFound", $"No serverless endpoint '{ctx.Route("name")}' exists in workspace '{ctx.Route("ws")}'.");
        }
        if (!KeyMatches(ctx, endpoint))
        {
            // H.2 Emulator choice: 401 "Unauthorized". The message never repeats what was sent.
            throw new ArmException(401, "Unauthorized",
                "Access denied: send the endpoint's primary or secondary key as 'Authorization: <key>', 'Authorization: Bearer <key>' or 'api-key: <key>'.");
        }
        if (endpoint.ProvisioningState != "Succeeded" || endpoint.EndpointState != "Online")
        {
            // Emulator choice: an endpoint that is not Succeeded/Online does not answer: 404 naming its states.
            throw new ArmException(404, "NotFound",
                $"The serverless endpoint '{endpoint.Name}' is not online (provisioningState {endpoint.ProvisioningState}, endpointState {endpoint.EndpointState}).");
        }
        return endpoint;
    }

    // Emulator choice (H.2): any of the three key forms, primary or secondary key, whatever the endpoint's authMode;
    // Entra ID tokens are not accepted. Compared in constant time.
    private static bool KeyMatches(HttpContext ctx, EndpointView endpoint)
    {
        var candidates = new List<string>();
        var authorization = ctx.Request.Headers.Authorization.ToString().Trim();
        if (authorization.Length > 0)
        {
            candidates.Add(authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization);
        }
        var apiKey = ctx.Request.Headers["api-key"].ToString().Trim();
        if (apiKey.Length > 0)
        {
            candidates.Add(apiKey);
        }
        return candidates.Any(c => Same(c, endpoint.PrimaryKey) || Same(c, endpoint.SecondaryKey));
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    // ---- the body (H.3) ----

    private sealed record Message(string Role, string Text);

    private static async Task<JsonObject> ReadBody(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw Invalid(null, "The request body must be a JSON object with \"messages\".");
        }
        catch (JsonException)
        {
            throw Invalid(null, "The request body is not valid JSON.");
        }
    }

    // Emulator choice: a body that breaks the H.3 schema is a 400 "invalid_request" whose param names the field; a field
    // the emulated model does not support (stream: true, tools, response_format other than text) is a 422
    // "parameter_not_supported" ([DOC-MI]'s 422); unknown fields are a 422 "extra_parameters_not_allowed" unless the
    // extra-parameters header is drop or pass-through (then they are ignored).
    private static List<Message> Validate(JsonObject body, string extraParameters)
    {
        if (extraParameters.Length > 0 && extraParameters is not ("error" or "drop" or "pass-through"))
        {
            throw Invalid("extra-parameters", "The extra-parameters header must be error, drop or pass-through.");
        }
        var extra = body.Select(p => p.Key).Where(k => !KnownFields.Contains(k)).ToList();
        if (extra.Count > 0 && extraParameters is "" or "error")
        {
            throw new ArmException(422, "extra_parameters_not_allowed",
                $"Extra parameters [{string.Join(", ", extra)}] are not allowed when the extra-parameters header is missing or 'error'.") { Target = extra[0] };
        }

        if (body["messages"] is not JsonArray array || array.Count == 0)
        {
            throw Invalid("messages", "'messages' is required: an array of at least one message.");
        }
        var messages = new List<Message>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"messages[{i}]";
            if (array[i] is not JsonObject m)
            {
                throw Invalid(at, $"'{at}' must be an object with 'role' and 'content'.");
            }
            var role = m["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
            if (role is null || !Roles.Contains(role, StringComparer.Ordinal))
            {
                throw Invalid(at + ".role", $"'{at}.role' must be one of: {string.Join(", ", Roles)}.");
            }
            var content = m["content"];
            if (content is null && !(role == "assistant" && m["tool_calls"] is JsonArray))
            {
                throw Invalid(at + ".content", $"'{at}.content' is required.");
            }
            if (role == "tool" && (m["tool_call_id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String))
            {
                throw Invalid(at + ".tool_call_id", $"'{at}.tool_call_id' is required for a tool message.");
            }
            messages.Add(new Message(role, Text(content, at + ".content")));
        }

        Number(body, "max_tokens", integer: true, min: 0, max: int.MaxValue);
        Number(body, "temperature", integer: false, min: 0, max: 1);
        Number(body, "top_p", integer: false, min: 0, max: 1);
        Number(body, "frequency_penalty", integer: false, min: -2, max: 2);
        Number(body, "presence_penalty", integer: false, min: -2, max: 2);
        Number(body, "seed", integer: true, min: long.MinValue, max: long.MaxValue);
        if (body["stop"] is { } stop && (stop is not JsonArray stops || stops.Count == 0 || stops.Any(s => s?.GetValueKind() != JsonValueKind.String)))
        {
            throw Invalid("stop", "'stop' must be an array of at least one string.");
        }
        if (body["model"] is { } model && model.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid("model", "'model' must be a string.");
        }
        if (body["stream"] is { } stream)
        {
            if (stream.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Invalid("stream", "'stream' must be a boolean.");
            }
            if (stream.GetValue<bool>())
            {
                throw NotSupported("stream", "Streaming (stream: true) is not supported by the emulator.");
            }
        }
        if (body["response_format"] is { } format)
        {
            var type = format is JsonObject f && f["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            if (type is null)
            {
                throw Invalid("response_format", "'response_format' must be an object with a string 'type'.");
            }
            if (type != "text")
            {
                throw NotSupported("response_format", $"response_format type '{type}' is not supported by this model; only 'text' is.");
            }
        }
        if (body["tools"] is { } tools)
        {
            if (tools is not JsonArray list || list.Count == 0)
            {
                throw Invalid("tools", "'tools' must be an array of at least one tool.");
            }
            throw NotSupported("tools", "Tools are not supported by this model.");
        }
        return messages;
    }

    /// <summary>The text of a content: a string, or the "text" of the text items of an array (H.3); null is "".</summary>
    private static string Text(JsonNode? content, string at)
    {
        switch (content)
        {
            case null:
                return "";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonArray items:
                var parts = new List<string>();
                foreach (var item in items)
                {
                    if (item is not JsonObject o || o["type"] is not JsonValue t || t.GetValueKind() != JsonValueKind.String)
                    {
                        throw Invalid(at, $"'{at}' items must be objects with a string 'type'.");
                    }
                    if (t.GetValue<string>() == "text")
                    {
                        parts.Add(o["text"] is JsonValue x && x.GetValueKind() == JsonValueKind.String
                            ? x.GetValue<string>()
                            : throw Invalid(at, $"'{at}' text items need a string 'text'."));
                    }
                }
                return string.Join(" ", parts);
            default:
                throw Invalid(at, $"'{at}' must be a string or an array of content items.");
        }
    }

    private static double? Number(JsonObject body, string name, bool integer, double min, double max)
    {
        if (body[name] is not { } node)
        {
            return null;
        }
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            throw Invalid(name, $"'{name}' must be a number.");
        }
        var value = node.GetValue<double>();
        if (integer && (value != Math.Floor(value) || !long.TryParse(node.ToJsonString(), out _)))
        {
            throw Invalid(name, $"'{name}' must be an integer.");
        }
        if (value < min || value > max)
        {
            throw Invalid(name, integer && max == int.MaxValue ? $"'{name}' must be at least {min}." : $"'{name}' must be between {min} and {max}.");
        }
        return value;
    }

    private static ArmException Invalid(string? param, string message) => new(400, "invalid_request", message) { Target = param };

    private static ArmException NotSupported(string param, string message) => new(422, "parameter_not_supported", message) { Target = param };

    // ---- the reply (H.4) ----

    /// <summary>
    /// Emulator choice: a model trained on data answers the last user message from what it learned
    /// (<see cref="FineTunedReply"/>). Otherwise, and when no training example shares a word with the message (the
    /// degraded echo): "Emulated reply" + " (system: {first 8 words of the first system message})" when there is one
    /// + ": " + the first 40 words of the last user message (whitespace collapsed, " …" when cut), or "(no user message)".
    /// Then the first stop sequence (if any) cuts it (finish_reason stop); then max_tokens cuts it to that many tokens
    /// (finish_reason length). temperature, top_p, seed and the penalties change nothing.
    /// </summary>
    private static (string Content, string FinishReason) Reply(List<Message> messages, JsonObject body, ModelMemory? memory)
    {
        var system = messages.FirstOrDefault(m => m.Role == "system");
        var user = messages.LastOrDefault(m => m.Role == "user");
        var reply = (memory is null || user is null ? null : FineTunedReply.Answer(memory, user.Text))
            ?? ReplyPrefix
            + (system is null ? "" : $" (system: {Summary(system.Text, SystemWords)})")
            + ": " + (user is null ? "(no user message)" : Summary(user.Text, UserWords));

        if (body["stop"] is JsonArray stops)
        {
            var cut = stops.Select(s => s!.GetValue<string>()).Where(s => s.Length > 0)
                .Select(s => reply.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (cut >= 0)
            {
                reply = reply[..cut];
            }
        }
        if (body["max_tokens"] is { } max)
        {
            var limit = (int)max.GetValue<double>();
            var tokens = TokenPattern().Matches(reply);
            if (tokens.Count > limit)
            {
                return (limit == 0 ? "" : reply[..(tokens[limit - 1].Index + tokens[limit - 1].Length)], "length");
            }
        }
        return (reply, "stop");
    }

    private static string Summary(string text, int words)
    {
        var all = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return all.Length <= words ? string.Join(" ", all) : string.Join(" ", all.Take(words)) + " …";
    }

    /// <summary>The emulator's token count (see <see cref="TokenPattern"/>).</summary>
    public static int Tokens(string text) => TokenPattern().Matches(text).Count;

    // ---- errors (H.5) ----

    /// <summary>
    /// H.5 Emulator choice: errors are <c>{"error":{"code","message","param"?,"status"}}</c> with <c>x-ms-error-code</c>.
    /// (Injected faults and a missing route keep the pipeline's ARM body.)
    /// </summary>
    private static RequestDelegate Inference(RequestDelegate handler) => async ctx =>
    {
        try
        {
            await handler(ctx);
        }
        catch (ArmException e) when (!ctx.Response.HasStarted)
        {
            var error = new JsonObject { ["code"] = e.Code, ["message"] = e.Message };
            if (e.Target is not null)
            {
                error["param"] = e.Target;
            }
            error["status"] = e.Status;
            ctx.Response.Headers["x-ms-error-code"] = e.Code;
            await ArmJson.Write(ctx, e.Status, new JsonObject { ["error"] = error });
        }
    };
}
