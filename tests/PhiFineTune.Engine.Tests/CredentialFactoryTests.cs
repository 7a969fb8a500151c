using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Tests;

/// <summary>Each way of signing in builds the Azure.Identity credential it names (no network: nothing is asked for a token).</summary>
public sealed class CredentialFactoryTests
{
    static ConnectionRequest Request(AuthenticationMethod method, string? tenant = null, string? client = null,
        SecureString? secret = null, X509Certificate2? certificate = null, SecureString? token = null) => new()
    {
        SubscriptionId = "5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b21",
        ResourceGroupName = "rg",
        WorkspaceName = "ws1",
        Method = method,
        TenantId = tenant,
        ClientId = client,
        ClientSecret = secret,
        Certificate = certificate,
        AccessToken = token,
    };

    static SecureString Secure(string value)
    {
        var s = new SecureString();
        foreach (var c in value) s.AppendChar(c);
        return s;
    }

    [Fact]
    public void Each_method_builds_its_credential()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        var client = "00000000-0000-0000-0000-0000000000c1";

        Assert.IsType<DefaultAzureCredential>(Create(Request(AuthenticationMethod.DefaultCredential)));
        Assert.IsType<ManagedIdentityCredential>(Create(Request(AuthenticationMethod.ManagedIdentity)));
        Assert.IsType<ManagedIdentityCredential>(Create(Request(AuthenticationMethod.ManagedIdentity, client: client)));
        Assert.IsType<ClientSecretCredential>(Create(Request(AuthenticationMethod.ServicePrincipalSecret, tenant, client, Secure("s3cret"))));
        Assert.IsType<ClientCertificateCredential>(Create(Request(AuthenticationMethod.ServicePrincipalCertificate, tenant, client, certificate: certificate)));
        Assert.IsType<DeviceCodeCredential>(Create(Request(AuthenticationMethod.DeviceCode)));
        Assert.IsType<SecureStringTokenCredential>(Create(Request(AuthenticationMethod.AccessToken, token: Secure("abc"))));
    }

    [Fact]
    public void A_service_principal_without_its_secret_is_refused_by_name()
    {
        var error = Assert.Throws<FineTuneException>(() =>
            Create(Request(AuthenticationMethod.ServicePrincipalSecret, "contoso.onmicrosoft.com", "app")));
        Assert.Equal("MissingClientSecret", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task A_held_token_is_returned_as_given_and_the_credential_keeps_its_own_copy()
    {
        var token = Secure("opaque-token-value");
        var credential = Create(Request(AuthenticationMethod.AccessToken, token: token));
        token.Clear();

        var access = await credential.GetTokenAsync(new TokenRequestContext(["https://management.azure.com//.default"]), default);

        Assert.Equal("opaque-token-value", access.Token);
        Assert.True(access.ExpiresOn > DateTimeOffset.UtcNow);
    }

    static TokenCredential Create(ConnectionRequest request) => CredentialFactory.Create(request, NullObserver.Instance);
}
