using System.Text.Json;
using Azure;
using Azure.Identity;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Diagnostics;

/// <summary>
/// The one place where SDK and HTTP failures become <see cref="FineTuneException"/>: HTTP status to
/// <see cref="FailureKind"/>, a stable error id (<c>{operation}{Kind}</c>, e.g. <c>GetWorkspaceNotFound</c>),
/// the ARM error code and message, and the request id to quote to Azure support.
/// </summary>
public static class ErrorMapper
{
    public static FailureKind KindOf(int status) => status switch
    {
        400 or 422 => FailureKind.InvalidArgument,
        401 => FailureKind.Authentication,
        403 => FailureKind.PermissionDenied,
        404 => FailureKind.NotFound,
        409 or 412 => FailureKind.Conflict,
        408 => FailureKind.Timeout,
        429 => FailureKind.Throttled,
        >= 500 => FailureKind.ServiceUnavailable,
        _ => FailureKind.InvalidOperation,
    };

    public static string RecommendedActionFor(FailureKind kind) => kind switch
    {
        FailureKind.Authentication =>
            "Sign in again (the token may have expired or be for another tenant or cloud).",
        FailureKind.PermissionDenied =>
            "Ask an owner of the subscription to grant your identity a role that includes the permission named in the message.",
        FailureKind.NotFound => "Check the subscription id, resource group and workspace names, and the connection's cloud.",
        FailureKind.Throttled => "Azure is throttling requests; wait a minute and run the command again.",
        FailureKind.ServiceUnavailable => "Azure reported a transient failure; run the command again later.",
        FailureKind.Timeout => "Run the command again, or raise -TimeoutSec.",
        FailureKind.ConnectionFailed => "Check the network path to the endpoint, proxies and firewalls.",
        _ => "Correct the request named in the message and run the command again.",
    };

    /// <summary>
    /// Maps any exception from an Azure call. Cancellation passes through unchanged. The SDK exception is not kept
    /// as the inner exception: no SDK type may reach PowerShell, so what matters of it is copied into the message.
    /// </summary>
    public static Exception Map(Exception exception, string operation, object? target)
    {
        switch (exception)
        {
            case FineTuneException or OperationCanceledException:
                return exception;
            // Azure.Core reports exhausted retries of failed connections as one AggregateException.
            case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                return Map(aggregate.InnerExceptions[^1], operation, target);
            case RequestFailedException rfe when rfe.Status == 0:
                return Connection(operation, target, rfe.InnerException ?? rfe);
            case RequestFailedException rfe:
                return FromResponse(rfe.GetRawResponse(), rfe.Status, rfe.ErrorCode, FirstLine(rfe.Message), operation, target);
            case AuthenticationFailedException or CredentialUnavailableException:
                return new FineTuneException($"{operation}{FailureKind.Authentication}", FailureKind.Authentication,
                    $"Could not get an access token: {FirstLine(exception.Message)}", target,
                    RecommendedActionFor(FailureKind.Authentication));
            case HttpRequestException or IOException:
                return Connection(operation, target, exception);
            default:
                return exception;
        }
    }

    static FineTuneException Connection(string operation, object? target, Exception inner) =>
        new($"{operation}{FailureKind.ConnectionFailed}", FailureKind.ConnectionFailed,
            $"The request could not reach Azure: {FirstLine(inner.Message)}", target,
            RecommendedActionFor(FailureKind.ConnectionFailed));

    /// <summary>A refusal worded by the caller (a service without ARM error bodies), with the id and kind of its status.</summary>
    internal static FineTuneException Refused(int status, string message, string operation, object? target)
    {
        var kind = KindOf(status);
        return new FineTuneException($"{operation}{kind}", kind, message, target, RecommendedActionFor(kind)) { HttpStatus = status };
    }

    /// <summary>An HTTP response outside 2xx (contract C.4), as the Azure.Core clients' RequestFailedException would read it.</summary>
    internal static FineTuneException FromResponse(Response response, string operation, object? target) =>
        FromResponse(response, response.Status,
            response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null, "Service request failed.", operation, target);

    static FineTuneException FromResponse(Response? response, int status, string? fallbackCode, string fallbackMessage,
        string operation, object? target)
    {
        var kind = KindOf(status);
        string? requestId = null;
        if (response is not null && response.Headers.TryGetValue("x-ms-request-id", out var id)) requestId = id;
        var (code, message) = ReadArmError(response);
        code ??= fallbackCode;
        message ??= fallbackMessage;
        var text = $"{message} (HTTP {status}{(code is null ? "" : " " + code)}{(requestId is null ? "" : ", request id " + requestId)})";
        return new FineTuneException($"{operation}{kind}", kind, text, target, RecommendedActionFor(kind))
        {
            HttpStatus = status,
            ServiceErrorCode = code,
            RequestId = requestId,
        };
    }

    /// <summary>Reads <c>{"error":{"code","message"}}</c> (contract C.4) from an error response.</summary>
    internal static (string? Code, string? Message) ReadArmError(Response? response)
    {
        if (response?.Content is null) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (JsonRead.String(error, "code"), JsonRead.String(error, "message"));
            }
        }
        catch (JsonException)
        {
        }
        return (null, null);
    }

    static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
