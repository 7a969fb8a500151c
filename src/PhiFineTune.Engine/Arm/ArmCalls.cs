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
    public static async Task<JsonDocument> GetAsync(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion,
        CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Get;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Uri.AppendQuery("api-version", apiVersion);
        request.Headers.Add("Accept", "application/json");
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is < 200 or > 299) throw new RequestFailedException(response);
        return await JsonDocument.ParseAsync(response.ContentStream ?? Stream.Null, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }
}
