using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PhiFineTune.Engine.Arm;

/// <summary>
/// ARM calls that the SDK has no typed client for, sent through the connection's Azure.Core pipeline
/// (bearer auth, retries with Retry-After, request ids). Only the payloads are ours.
/// </summary>
internal static class ArmCalls
{
    public static async Task<JsonDocument> GetAsync(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion,
        CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(pipeline, RequestMethod.Get, Address(endpoint, path, apiVersion), null,
            cancellationToken).ConfigureAwait(false);
        return answer.TakeBody();
    }

    /// <summary>A POST action with a JSON body (for example listSecrets).</summary>
    public static async Task<JsonDocument> PostAsync(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion,
        object body, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(pipeline, RequestMethod.Post, Address(endpoint, path, apiVersion),
            JsonSerializer.SerializeToNode(body), cancellationToken).ConfigureAwait(false);
        return answer.TakeBody();
    }

    /// <summary>endpoint + path + ?api-version=…; the path is already escaped.</summary>
    public static Uri Address(Uri endpoint, string path, string apiVersion, params (string Name, string? Value)[] query)
    {
        var uri = new RequestUriBuilder();
        uri.Reset(endpoint);
        uri.AppendPath(path, escape: false);
        uri.AppendQuery("api-version", apiVersion);
        foreach (var (name, value) in query)
        {
            if (value is not null) uri.AppendQuery(name, value);
        }
        return uri.ToUri();
    }

    /// <summary>Sends one request; a status outside 2xx throws RequestFailedException, as the SDK's clients do.</summary>
    public static async Task<ArmAnswer> SendAsync(HttpPipeline pipeline, RequestMethod method, Uri address, JsonNode? body,
        CancellationToken cancellationToken, bool allowNotFound = false)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(address);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        }
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (allowNotFound && response.Status == 404) return new ArmAnswer(404, null, null);
        if (response.Status is < 200 or > 299) throw new RequestFailedException(response);
        var document = response.ContentStream is { } stream && (response.Headers.ContentLength ?? 1) > 0
            ? await ParseOrNull(stream, cancellationToken).ConfigureAwait(false)
            : null;
        return new ArmAnswer(response.Status, document, RetryAfter(response))
        {
            AsyncOperation = AbsoluteUri(response, "Azure-AsyncOperation"),
            Location = AbsoluteUri(response, "Location"),
        };
    }

    static Uri? AbsoluteUri(Response response, string header) =>
        response.Headers.TryGetValue(header, out var value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;

    static async Task<JsonDocument?> ParseOrNull(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length == 0 ? null : JsonDocument.Parse(buffer.ToArray());
    }

    /// <summary>Retry-After in seconds (the ML spec's form) or as an HTTP date.</summary>
    static TimeSpan? RetryAfter(Response response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
        return DateTimeOffset.TryParse(value, out var at) ? at - DateTimeOffset.UtcNow : null;
    }
}

/// <summary>A response: its status, its JSON body (null when empty or 404 was allowed) and any Retry-After.</summary>
internal sealed class ArmAnswer(int status, JsonDocument? body, TimeSpan? retryAfter) : IDisposable
{
    JsonDocument? _body = body;

    public int Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>The operation resource of a long-running PUT (contract C.5).</summary>
    public Uri? AsyncOperation { get; init; }
    /// <summary>Where a long-running DELETE or POST is polled (contract C.5).</summary>
    public Uri? Location { get; init; }
    public JsonElement? Body => _body?.RootElement;

    /// <summary>The body, now owned by the caller.</summary>
    public JsonDocument TakeBody()
    {
        var body = _body ?? JsonDocument.Parse("{}");
        _body = null;
        return body;
    }

    public void Dispose() => _body?.Dispose();
}
