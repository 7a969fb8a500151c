using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Paging for the ML list operations (C.7, G.1) and MLflow (G.2).
/// Emulator choice: the continuation token (<c>$skip</c>, <c>page_token</c>) is opaque to clients: base64url of
/// "skip:N" (an offset). A token the emulator did not make is a 400.
/// </summary>
public static class Paging
{
    public static string Token(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("skip:" + offset.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The offset in a token; 0 for none; null for a token the emulator did not make.</summary>
    public static int? Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            return text.StartsWith("skip:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// One ARM page: <c>{"value":[…],"nextLink":"…"}</c>. nextLink is absolute: this request's URL with every query
    /// parameter kept except <c>$skip</c>, plus the next token; absent on the last page.
    /// </summary>
    public static JsonObject ArmPage(HttpContext ctx, EmulatorState state, IReadOnlyList<JsonObject> all, int pageSize)
    {
        var raw = ctx.Request.Query["$skip"].ToString();
        var skip = Offset(raw) ?? throw ArmErrors.BadRequest("InvalidQueryParameterValue",
            $"The value '{raw}' of query parameter '$skip' is not a continuation token this service issued.");
        pageSize = Math.Max(1, pageSize);
        var value = new JsonArray();
        foreach (var item in all.Skip(skip).Take(pageSize))
        {
            value.Add(item);
        }
        var body = new JsonObject { ["value"] = value };
        var next = skip + pageSize;
        if (next < all.Count)
        {
            var query = new StringBuilder();
            foreach (var (key, values) in ctx.Request.Query)
            {
                if (string.Equals(key, "$skip", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                foreach (var v in values)
                {
                    query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(v ?? ""));
                }
            }
            query.Append(query.Length == 0 ? '?' : '&').Append("%24skip=").Append(Token(next));
            body["nextLink"] = state.BaseUrl + ctx.Request.Path.ToUriComponent() + query;
        }
        return body;
    }
}
