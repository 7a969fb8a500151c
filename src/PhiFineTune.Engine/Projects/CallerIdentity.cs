using Azure.Core;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Projects;

/// <summary>Who the connection signs in as: the object id (oid) and tenant (tid) claims of its ARM token.</summary>
internal sealed record CallerIdentity(string? ObjectId, string? TenantId)
{
    public static async Task<CallerIdentity> ReadAsync(ConnectionSession session, CancellationToken cancellationToken)
    {
        var token = await session.Credential.GetTokenAsync(new TokenRequestContext([session.ArmScope]), cancellationToken)
            .ConfigureAwait(false);
        return FromToken(token.Token, session.Request.TenantId);
    }

    /// <summary>The claims of a JWT; the tenant falls back to the one the connection was asked for.</summary>
    public static CallerIdentity FromToken(string token, string? tenantId) => new(
        SecureStringTokenCredential.JwtClaim(token, payload => JsonRead.String(payload, "oid")),
        SecureStringTokenCredential.JwtClaim(token, payload => JsonRead.String(payload, "tid")) ?? tenantId);
}
