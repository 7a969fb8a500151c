using Azure.Core;

namespace PhiFineTune.Emulator.Tests;

/// <summary>A fixed bearer token: the emulator accepts any non-empty one.</summary>
public sealed class StaticTokenCredential : TokenCredential
{
    private static readonly AccessToken s_token = new("test-token", DateTimeOffset.UtcNow.AddHours(1));

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => s_token;

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(s_token);
}
