using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace PhiFineTune.Engine.Connection;

/// <summary>
/// An emulator endpoint and the only certificate (by SHA-256 thumbprint) trusted for it. BlobEndpoint is the
/// blob service behind its datastores (contract D.2: a datastore names only a DNS suffix, so it is overridden).
/// </summary>
public sealed record EmulatorEndpoint(Uri Endpoint, string CertificateThumbprintSha256, Uri? BlobEndpoint = null);

/// <summary>Everything Connect-FineTuneWorkspace was given. Secrets stay in SecureString or the certificate.</summary>
public sealed class ConnectionRequest
{
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    public required string WorkspaceName { get; init; }
    public AuthenticationMethod Method { get; init; } = AuthenticationMethod.DefaultCredential;
    public AzureCloud Cloud { get; init; } = AzureCloud.AzureCloud;
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public SecureString? ClientSecret { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public SecureString? AccessToken { get; init; }
    public EmulatorEndpoint? Emulator { get; init; }
}
