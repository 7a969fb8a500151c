using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PhiFineTune.Emulator;

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
