using System.Text.Json;

namespace PhiFineTune.Engine.Arm;

/// <summary>A 2xx response (or an allowed 404): its status, its JSON body (null when empty) and its polling headers.</summary>
internal sealed class ArmResponse(int status, JsonDocument? body, TimeSpan? retryAfter) : IDisposable
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
