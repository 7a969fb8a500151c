using Azure.Core;
using Azure.Core.Pipeline;

namespace PhiFineTune.Engine.Arm;

/// <summary>
/// One verbose line per HTTP attempt (retries included): method, path, api-version, status, request id.
/// The query string is left out apart from api-version, and no header value other than the request id is shown.
/// </summary>
internal sealed class RequestLogPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnReceivedResponse(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var apiVersion = query["api-version"];
        var response = message.Response;
        message.Response.Headers.TryGetValue("x-ms-request-id", out var requestId);
        var retryAfter = response.Headers.TryGetValue("Retry-After", out var ra) ? $", Retry-After {ra} s" : "";
        ObserverScope.Current.Verbose(
            $"{message.Request.Method} {uri.AbsolutePath}{(apiVersion is null ? "" : "?api-version=" + apiVersion)}" +
            $" -> {response.Status}{(requestId is null ? "" : " (request id " + requestId + ")")}{retryAfter}");
    }
}
