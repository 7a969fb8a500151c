using System.Net;
using System.Security;
using System.Text;
using Azure.Core;
using Azure.Identity;

namespace PhiFineTune.Engine.Connection;

/// <summary>Builds the Azure.Identity credential for each way of signing in.</summary>
internal static class CredentialFactory
{
    public static TokenCredential Create(ConnectionRequest request, IOperationObserver observer)
    {
        var authority = AuthorityHost(request.Cloud);
        return request.Method switch
        {
            AuthenticationMethod.DefaultCredential => new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                AuthorityHost = authority,
                TenantId = request.TenantId,
                ExcludeInteractiveBrowserCredential = true,
            }),
            AuthenticationMethod.ManagedIdentity => string.IsNullOrEmpty(request.ClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(request.ClientId)),
            AuthenticationMethod.ServicePrincipalSecret => new ClientSecretCredential(
                Required(request.TenantId, "TenantId"), Required(request.ClientId, "ClientId"),
                Plain(request.ClientSecret ?? throw Missing("ClientSecret")),
                new ClientSecretCredentialOptions { AuthorityHost = authority }),
            AuthenticationMethod.ServicePrincipalCertificate => new ClientCertificateCredential(
                Required(request.TenantId, "TenantId"), Required(request.ClientId, "ClientId"),
                request.Certificate ?? throw Missing("Certificate"),
                new ClientCertificateCredentialOptions { AuthorityHost = authority }),
            AuthenticationMethod.DeviceCode => new DeviceCodeCredential(new DeviceCodeCredentialOptions
            {
                AuthorityHost = authority,
                TenantId = request.TenantId,
                ClientId = string.IsNullOrEmpty(request.ClientId) ? null : request.ClientId,
                // The prompt with the code goes to the warning stream, written by the cmdlet's pipeline thread.
                DeviceCodeCallback = (code, _) =>
                {
                    observer.Warning(code.Message);
                    return Task.CompletedTask;
                },
            }),
            AuthenticationMethod.AccessToken => new SecureStringTokenCredential(
                request.AccessToken ?? throw Missing("AccessToken")),
            AuthenticationMethod.Emulator => request.AccessToken is null
                ? new SecureStringTokenCredential(EmulatorToken())
                : new SecureStringTokenCredential(request.AccessToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    static Uri AuthorityHost(AzureCloud cloud) => cloud switch
    {
        AzureCloud.AzureChinaCloud => AzureAuthorityHosts.AzureChina,
        AzureCloud.AzureUSGovernment => AzureAuthorityHosts.AzureGovernment,
        _ => AzureAuthorityHosts.AzurePublicCloud,
    };

    static string Required(string? value, string name) => string.IsNullOrWhiteSpace(value) ? throw Missing(name) : value;

    static FineTuneException Missing(string name) => new($"Missing{name}", FailureKind.InvalidArgument,
        $"-{name} is required for this way of signing in.", null, $"Pass -{name}.");

    internal static string Plain(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

    // Emulator choice: the emulator accepts any bearer token. This one is an unsigned JWT with a storage audience, a
    // tenant issuer and a one-day lifetime: Azurite's "--oauth basic" checks exactly those claims and no signature,
    // so identity-based blob access (contract E.1 step 4) works against it too. It grants nothing anywhere else. Its
    // oid and tid claims are the emulator's signed-in user and tenant, whose role assignments the project check reads.
    internal static SecureString EmulatorToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
                    Part($"{{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/00000000-0000-0000-0000-000000000000/\",\"sub\":\"phifinetune-emulator\",\"oid\":\"e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13\",\"tid\":\"00000000-0000-0000-0000-000000000000\",\"iat\":{now},\"nbf\":{now - 300},\"exp\":{now + 86400}}}") +
                    ".emulator";
        var s = new SecureString();
        foreach (var c in token) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }
}
