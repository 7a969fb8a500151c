using System.Text.Json.Serialization;

namespace PhiFineTune.Emulator;

/// <summary>One line of the request log. Never holds the token: only whether an Authorization header was sent.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Operation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ApiVersion,
    int Status,
    string CorrelationRequestId,
    bool HadAuthorization,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Fault);
