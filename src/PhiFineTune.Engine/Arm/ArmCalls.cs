using System.Text.Json;
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
    public static Task<JsonDocument> GetAsync(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion,
        CancellationToken cancellationToken) =>
        SendAsync(pipeline, RequestMethod.Get, endpoint, path, apiVersion, null, cancellationToken);

    /// <summary>A POST action with a JSON body (for example listSecrets).</summary>
    public static Task<JsonDocument> PostAsync(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion,
        object body, CancellationToken cancellationToken) =>
        SendAsync(pipeline, RequestMethod.Post, endpoint, path, apiVersion, body, cancellationToken);

    static async Task<JsonDocument> SendAsync(HttpPipeline pipeline, RequestMethod method, Uri endpoint, string path,
        string apiVersion, object? body, CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Uri.AppendQuery("api-version", apiVersion);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body));
        }
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is < 200 or > 299) throw new RequestFailedException(response);
        return await JsonDocument.ParseAsync(response.ContentStream ?? Stream.Null, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }
}
