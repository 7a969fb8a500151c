using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace PhiFineTune.Engine.Connection;

/// <summary>Everything a connection is made from. Secrets stay in SecureString or the certificate.</summary>
public sealed class ConnectionRequest
{
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    /// <summary>Null connects to the subscription and group with no workspace yet (for New-FineTuneProject).</summary>
    public string? WorkspaceName { get; init; }
    public AuthenticationMethod Method { get; init; } = AuthenticationMethod.DefaultCredential;
    public AzureCloud Cloud { get; init; } = AzureCloud.AzureCloud;
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public SecureString? ClientSecret { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public SecureString? AccessToken { get; init; }
    public EmulatorEndpoint? Emulator { get; init; }
}
