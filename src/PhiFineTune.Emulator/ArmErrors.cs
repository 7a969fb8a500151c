using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PhiFineTune.Emulator;

/// <summary>
/// Thrown by route handlers (and the pipeline) to answer with an ARM error body
/// <c>{"error":{"code":"...","message":"..."}}</c> (contract C.4). The pipeline catches it and writes the response.
/// </summary>
public sealed class ArmException : Exception
{
    public ArmException(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Headers = headers;
    }

    public int Status { get; }
    public string Code { get; }
    public IReadOnlyDictionary<string, string>? Headers { get; }

    /// <summary>Optional <c>error.target</c> (C.4): the request field a validation error is about.</summary>
    public string? Target { get; init; }
}

/// <summary>The error answers the contract names, in one place.</summary>
public static class ArmErrors
{
    public static ArmException MissingAuthorization() => new(401, "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"",
        });

    public static ArmException InvalidAuthenticationToken() => new(401, "InvalidAuthenticationToken",
        "The access token is invalid. The 'Authorization' header must have the form 'Bearer <token>'.",
        new Dictionary<string, string>
        {
            ["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token is invalid.\"",
        });

    public static ArmException MissingApiVersion() => new(400, "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");

    public static ArmException InvalidApiVersion(string apiVersion, IEnumerable<string> supported) => new(400, "InvalidApiVersionParameter",
        $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join(",", supported)}'.");

    public static ArmException SubscriptionNotFound(string sub) => new(404, "SubscriptionNotFound",
        $"The subscription '{sub}' could not be found.");

    public static ArmException ResourceGroupNotFound(string rg) => new(404, "ResourceGroupNotFound",
        $"Resource group '{rg}' could not be found.");

    public static ArmException WorkspaceNotFound(string ws, string rg) => new(404, "ResourceNotFound",
        $"The Resource 'Microsoft.MachineLearningServices/workspaces/{ws}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    // Emulator choice (contract A.3): an unknown namespace is a 404 with this code.
    public static ArmException InvalidResourceNamespace(string ns) => new(404, "InvalidResourceNamespace",
        $"The resource namespace '{ns}' is invalid.");

    // Emulator choice: a path the emulator does not serve is a 404 with code "NotFound".
    public static ArmException RouteNotFound(string method, string path) => new(404, "NotFound",
        $"The emulator serves no route for '{method} {path}'.");

    // Emulator choice: a known path with an unsupported method is a 405 with code "MethodNotAllowed".
    public static ArmException MethodNotAllowed(string method, string path) => new(405, "MethodNotAllowed",
        $"The method '{method}' is not allowed for '{path}'.");

    public static ArmException BadRequest(string code, string message) => new(400, code, message);

    // Emulator choice: a request body field that breaks the spec's schema is a 400 "ValidationError" whose message
    // and error.target name the field (e.g. "properties.fineTuningDetails.trainingData.uri").
    public static ArmException Validation(string target, string message) =>
        new(400, "ValidationError", $"{target}: {message}") { Target = target };

    // Emulator choice: a missing child resource (job, model, model version) is a 404 "ResourceNotFound".
    public static ArmException ChildNotFound(string kind, string name, string ws) => new(404, "ResourceNotFound",
        $"The {kind} '{name}' was not found in workspace '{ws}'.");

    public static ArmException Internal(string message) => new(500, "InternalServerError", message);
}

/// <summary>Writes JSON bodies with the headers the contract asks for (C.3).</summary>
public static class ArmJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Readable text (apostrophes in ARM messages stay apostrophes); still valid JSON.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes a body; a success body in the shape of the request's api-version (<see cref="ApiVersionCatalog.Shape"/>).</summary>
    public static async Task Write(HttpContext ctx, int status, object? body)
    {
        if (status < 400)
        {
            body = ApiVersionCatalog.Shape(ctx, body);
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ContentType;
        var text = body is JsonNode node ? node.ToJsonString(Options) : JsonSerializer.Serialize(body, Options);
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }

    public static JsonObject ErrorBody(string code, string message, string? target = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (target is not null)
        {
            error["target"] = target;
        }
        return new JsonObject { ["error"] = error };
    }

    public static async Task WriteError(HttpContext ctx, ArmException error)
    {
        if (error.Headers is not null)
        {
            foreach (var (name, value) in error.Headers)
            {
                ctx.Response.Headers[name] = value;
            }
        }
        await Write(ctx, error.Status, ErrorBody(error.Code, error.Message, error.Target));
    }

    /// <summary>Reads the request body as JSON; null for an empty body; 400 for malformed JSON.</summary>
    public static async Task<JsonNode?> ReadBody(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", $"The request content was invalid and could not be deserialized: {e.Message}");
        }
    }
}
