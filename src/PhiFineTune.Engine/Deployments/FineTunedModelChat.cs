using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Deployments;

/// <summary>
/// Chat completions on a deployment (contract H). Route: <c>POST {scoring uri}/v1/chat/completions</c>, the route the
/// Azure ML notebook uses on a fine-tuned Phi serverless endpoint (H.1); the Model Inference route needs an api-version
/// that no source shows a fine-tuned serverless endpoint serving. The key, fetched with listKeys for each call, goes
/// only into the Authorization header (H.2, <c>Bearer</c> form, as the inference docs and the .NET client send it):
/// the request log policy shows no header and Azure.Core's own logging redacts it.
/// </summary>
public static class FineTunedModelChat
{
    public const string Route = "v1/chat/completions";

    public static JsonObject Body(IReadOnlyList<ChatMessage> messages, ChatOptions options)
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject
            {
                ["role"] = m.Role,
                ["content"] = m.Content,
            }).ToArray()),
        };
        if (options.MaxTokens is { } max) body["max_tokens"] = max;
        if (options.Temperature is { } temperature) body["temperature"] = temperature;
        return body;
    }

    public static async Task<FineTunedModelReply> InvokeAsync(FineTunedModelDeployment deployment,
        IReadOnlyList<ChatMessage> messages, ChatOptions options, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var authorization = await AuthorizationAsync(deployment, cancellationToken).ConfigureAwait(false);
        var result = await SendAsync(deployment, authorization, messages, options, cancellationToken).ConfigureAwait(false);
        if (result.FinishReason == "content_filter")
            observer.Warning($"The deployment '{deployment.Name}' filtered its answer (finish reason content_filter); the content may be cut short.");
        return result;
    }

    /// <summary>
    /// The Authorization value for the deployment's chat calls, from its primary key (listKeys), after checking that it
    /// can answer. It holds the key: callers keep it in memory only, for the calls they make now.
    /// </summary>
    internal static async Task<string> AuthorizationAsync(FineTunedModelDeployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.ScoringUri is null || !deployment.IsTerminal ||
            !string.Equals(deployment.ProvisioningState, FineTunedModelDeploymentState.Succeeded, StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("DeploymentNotReady", FailureKind.InvalidOperation,
                $"The deployment '{deployment.Name}' is {deployment.ProvisioningState} and cannot answer yet.", deployment.Name,
                ActionTexts.WaitForDeployment);
        }
        using var keys = await ServerlessEndpoints.ListKeysAsync(deployment.Connection, deployment.Name, cancellationToken)
            .ConfigureAwait(false);
        return "Bearer " + JsonRead.String(keys.RootElement, "primaryKey");
    }

    /// <summary>One chat completion with an Authorization value from <see cref="AuthorizationAsync"/>.</summary>
    internal static async Task<FineTunedModelReply> SendAsync(FineTunedModelDeployment deployment, string authorization,
        IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var call = new ArmCall("InvokeFineTunedModel", deployment.Name)
        {
            OnFailure = failure => Failure(deployment.Name, failure.Response),
        };
        using var reply = await deployment.Connection.Clients().Inference.SendAsync(RequestMethod.Post,
            Endpoint(deployment.ScoringUri!), Body(messages, options), call, cancellationToken, authorization: authorization)
            .ConfigureAwait(false);
        if (reply.Body is not { } body)
        {
            throw new FineTuneException("InvokeFineTunedModelInvalidOperation", FailureKind.InvalidOperation,
                $"The deployment '{deployment.Name}' answered HTTP {reply.Status} with no body.", deployment.Name);
        }
        return Read(deployment.Name, body);
    }

    /// <summary>The scoring URI with the route appended, keeping any path the URI has.</summary>
    internal static Uri Endpoint(Uri scoringUri) =>
        new(scoringUri.AbsoluteUri.TrimEnd('/') + "/" + Route);

    /// <summary>A ChatCompletions body (contract H.4) as a reply.</summary>
    internal static FineTunedModelReply Read(string deploymentName, JsonElement body)
    {
        var choice = body.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array &&
                     choices.GetArrayLength() > 0 ? choices[0] : default;
        var usage = JsonRead.Object(body, "usage");
        return new FineTunedModelReply
        {
            Content = JsonRead.String(JsonRead.Object(choice, "message"), "content") ?? "",
            FinishReason = JsonRead.String(choice, "finish_reason"),
            PromptTokens = JsonRead.Int(usage, "prompt_tokens"),
            CompletionTokens = JsonRead.Int(usage, "completion_tokens"),
            TotalTokens = JsonRead.Int(usage, "total_tokens"),
            Model = JsonRead.String(body, "model"),
            DeploymentName = deploymentName,
            Id = JsonRead.String(body, "id"),
        };
    }

    /// <summary>
    /// An inference error (contract H.5). A blocked prompt is its own error, ContentFiltered, whichever shape says so:
    /// the x-ms-error-code header, <c>{"error":{"code":"content_filter"}}</c> or the flat <c>{"code":"content_filter"}</c>.
    /// </summary>
    internal static FineTuneException Failure(string deploymentName, Response response)
    {
        var (code, text) = ReadError(response);
        if (response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && headerCode is { Length: > 0 }) code ??= headerCode;
        var isFiltered = string.Equals(code, "content_filter", StringComparison.OrdinalIgnoreCase) ||
                         string.Equals(headerCode, "content_filter", StringComparison.OrdinalIgnoreCase);
        if (isFiltered)
        {
            return new FineTuneException("ContentFiltered", FailureKind.InvalidArgument,
                $"Azure AI Content Safety on the deployment '{deploymentName}' blocked the request (content_filter): {text ?? "the prompt was filtered"}",
                deploymentName, "Rephrase the messages. Content filtering is on by default; a deployment made with -DisableContentSafety has none.")
            { HttpStatus = response.Status, ServiceErrorCode = "content_filter" };
        }
        var kind = ErrorMapper.KindOf(response.Status);
        var detail = $"{text ?? response.ReasonPhrase} (HTTP {response.Status}{(code is null ? "" : " " + code)})";
        var (message, action) = response.Status switch
        {
            401 => ($"The deployment '{deploymentName}' refused its key: {detail}.",
                    "The keys may have been regenerated while the request was sent; run the command again. If it goes on, check the deployment's authMode."),
            429 => ($"The deployment '{deploymentName}' is throttling requests after retries: {detail}.",
                    $"Each deployment gets {FineTunedModelDeployment.DocumentedTokensPerMinute:N0} tokens and {FineTunedModelDeployment.DocumentedRequestsPerMinute:N0} requests a minute; wait a minute and send fewer or shorter requests."),
            _ => ($"The deployment '{deploymentName}' refused the request: {detail}.", ErrorMapper.RecommendedActionFor(kind)),
        };
        return new FineTuneException($"InvokeFineTunedModel{kind}", kind, message, deploymentName, action)
        { HttpStatus = response.Status, ServiceErrorCode = code };
    }

    static (string? Code, string? Message) ReadError(Response response)
    {
        if (response.Content is null) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            var root = doc.RootElement;
            var error = JsonRead.Object(root, "error");
            return error.ValueKind == JsonValueKind.Object
                ? (JsonRead.String(error, "code"), JsonRead.String(error, "message"))
                : (JsonRead.String(root, "code"), JsonRead.String(root, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
