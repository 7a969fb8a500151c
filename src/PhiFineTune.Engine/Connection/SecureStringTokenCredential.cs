using System.Security;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace PhiFineTune.Engine.Connection;

/// <summary>
/// A token the user already holds (for example from Azure PowerShell as a SecureString). The string form exists
/// only for the moment a request is signed.
/// </summary>
internal sealed class SecureStringTokenCredential : TokenCredential
{
    readonly SecureString _token;
    readonly DateTimeOffset _expiresOn;

    public SecureStringTokenCredential(SecureString token)
    {
        _token = token.Copy();
        _token.MakeReadOnly();
        _expiresOn = JwtExpiry(CredentialFactory.Plain(_token)) ?? DateTimeOffset.UtcNow.AddHours(1);
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(CredentialFactory.Plain(_token), _expiresOn);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext,
        CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));

    /// <summary>The <c>exp</c> claim of a JWT, so that an expired token fails with a clear message.</summary>
    internal static DateTimeOffset? JwtExpiry(string token) =>
        JwtClaim(token, payload => payload.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null);

    /// <summary>What <paramref name="read"/> finds in a JWT's payload; default when the token is no JWT.</summary>
    internal static T? JwtClaim<T>(string token, Func<JsonElement, T?> read)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return default;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : default;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return default;
        }
    }
}
