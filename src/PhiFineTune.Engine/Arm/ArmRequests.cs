using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Arm;

/// <summary>
/// The one way the Engine sends a REST request: through one of the connection's Azure.Core pipelines (auth, retries
/// with Retry-After, request ids, the request log). A status outside 2xx, a dropped connection or a failed sign-in
/// becomes a <see cref="FineTuneException"/> here, named after the call's operation (<see cref="ErrorMapper"/>);
/// resource services only say what they call and read what comes back. Long-running operations: <see cref="LongRunningPoller"/>.
/// </summary>
internal sealed class ArmRequests(HttpPipeline pipeline, Uri endpoint, ArmTiming timing)
{
    public Uri Endpoint { get; } = endpoint;
    public ArmTiming Timing { get; } = timing;

    /// <summary>endpoint + path + ?api-version=… and any query parameters that have a value; the path is already escaped.</summary>
    public Uri Address(string path, string apiVersion, params (string Name, string? Value)[] query)
    {
        var uri = new RequestUriBuilder();
        uri.Reset(Endpoint);
        uri.AppendPath(path, escape: false);
        uri.AppendQuery("api-version", apiVersion);
        foreach (var (name, value) in query)
        {
            if (value is not null) uri.AppendQuery(name, value);
        }
        return uri.ToUri();
    }

    public async Task<JsonDocument> GetAsync(Uri address, ArmCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(RequestMethod.Get, address, null, call, cancellationToken).ConfigureAwait(false);
        return response.TakeBody();
    }

    /// <summary>The resource, or null when the service answers 404.</summary>
    public async Task<JsonDocument?> GetOrNullAsync(Uri address, ArmCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(RequestMethod.Get, address, null, call, cancellationToken, allowNotFound: true)
            .ConfigureAwait(false);
        return response.Status == 404 ? null : response.TakeBody();
    }

    public Task<ArmResponse> PutAsync(Uri address, JsonNode body, ArmCall call, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Put, address, body, call, cancellationToken);

    /// <summary>A POST action; without a body it sends no body and no Content-Type (contract A.1).</summary>
    public Task<ArmResponse> PostAsync(Uri address, JsonNode? body, ArmCall call, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, address, body, call, cancellationToken);

    /// <summary>A DELETE; a 404 (nothing to delete) comes back as a response of status 404, not an error.</summary>
    public Task<ArmResponse> DeleteAsync(Uri address, ArmCall call, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Delete, address, null, call, cancellationToken, allowNotFound: true);

    /// <summary>Every item of a list, following nextLink page by page (contract C.7).</summary>
    public async IAsyncEnumerable<JsonElement> ListAsync(Uri first, ArmCall call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = first;
        while (next is not null)
        {
            List<JsonElement> items;
            using (var page = await GetAsync(next, call, cancellationToken).ConfigureAwait(false))
            {
                items = JsonRead.Values(page.RootElement).Select(item => item.Clone()).ToList();
                next = SameHost(JsonRead.NextLink(page.RootElement), next, call);
            }
            foreach (var item in items) yield return item;
        }
    }

    /// <summary>Every item of every page (contract C.7), or null when a page answers 404 (the parent does not exist).</summary>
    public async Task<List<JsonElement>?> ListOrNullAsync(Uri first, ArmCall call, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        Uri? next = first;
        while (next is not null)
        {
            using var page = await GetOrNullAsync(next, call, cancellationToken).ConfigureAwait(false);
            if (page is null) return null;
            all.AddRange(JsonRead.Values(page.RootElement).Select(item => item.Clone()));
            next = SameHost(JsonRead.NextLink(page.RootElement), next, call);
        }
        return all;
    }

    /// <summary>
    /// A link a service sent (a nextLink, an operation's polling URL), or null; refused when it leads to another host than
    /// <paramref name="from"/>, since the pipeline would sign the request to it with the connection's token.
    /// </summary>
    internal static Uri? SameHost(Uri? link, Uri from, ArmCall call) =>
        link is null || Uri.Compare(link, from, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped,
            StringComparison.OrdinalIgnoreCase) == 0
            ? link
            : throw new FineTuneException($"{call.Operation}{FailureKind.InvalidOperation}", FailureKind.InvalidOperation,
                $"The service sent a link to another host ({link.GetLeftPart(UriPartial.Authority)}) than its own " +
                $"({from.GetLeftPart(UriPartial.Authority)}); it was not followed, so that the connection's token is not sent there.",
                call.Target,
                "Check the endpoint the connection uses and any proxy in between (Azure's links lead back to the host that sent them).");

    /// <summary>
    /// Sends one request. <paramref name="authorization"/> is the whole Authorization header for pipelines without a
    /// bearer policy (an inference key); it goes into that header only.
    /// </summary>
    public async Task<ArmResponse> SendAsync(RequestMethod method, Uri address, JsonNode? body, ArmCall call,
        CancellationToken cancellationToken, bool allowNotFound = false, string? authorization = null)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(address);
        request.Headers.Add("Accept", "application/json");
        if (authorization is not null) request.Headers.Add("Authorization", authorization);
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        }
        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var mapped = ErrorMapper.Map(e, call.Operation, call.Target);
            // Azure.Core reports its network timeout as a cancellation that nobody asked for.
            if (mapped is OperationCanceledException && !cancellationToken.IsCancellationRequested) mapped = NoAnswer(call);
            if (ReferenceEquals(mapped, e)) throw;
            throw mapped;
        }
        var response = message.Response;
        if (allowNotFound && response.Status == 404) return new ArmResponse(404, null, null);
        if (response.Status is < 200 or > 299) throw Failure(response, call);
        var content = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        return new ArmResponse(response.Status, content.IsEmpty ? null : JsonDocument.Parse(content), RetryAfter(response))
        {
            AsyncOperation = AbsoluteUri(response, "Azure-AsyncOperation"),
            Location = AbsoluteUri(response, "Location"),
        };
    }

    static FineTuneException NoAnswer(ArmCall call) =>
        new($"{call.Operation}{FailureKind.Timeout}", FailureKind.Timeout,
            "The request got no answer from Azure in time (every retry timed out).", call.Target,
            "Run the command again later; if it keeps happening, check the network path to the endpoint.");

    static Exception Failure(Response response, ArmCall call)
    {
        var error = ErrorMapper.FromResponse(response, call.Operation, call.Target);
        return call.OnFailure?.Invoke(new ArmFailure(error, response, ErrorMapper.ReadArmError(response).Message)) ?? error;
    }

    static Uri? AbsoluteUri(Response response, string header) =>
        response.Headers.TryGetValue(header, out var value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>Retry-After in seconds (contract C.3) or, tolerated, as an HTTP date.</summary>
    static TimeSpan? RetryAfter(Response response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
        return DateTimeOffset.TryParse(value, out var at) ? at - DateTimeOffset.UtcNow : null;
    }
}
