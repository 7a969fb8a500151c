using System.Net.Security;
using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace PhiFineTune.Emulator;

/// <summary>
/// The Azurite blob service behind the workspace's default datastore (contract D.2, E.4), when the emulator runs one.
/// The key is Azurite's well-known development key, never a real secret. Azurite serves the emulator's own
/// self-signed certificate, so that certificate's thumbprint is the one trusted here.
/// </summary>
/// <param name="ServiceUri">Path-style account URL, for example https://127.0.0.1:10000/devstoreaccount1.</param>
public sealed record BlobStorage(Uri ServiceUri, string AccountName, string AccountKey, string ContainerName,
    string CertificateThumbprintSha256)
{
    /// <summary>A client for the datastore's container, signed with the account key.</summary>
    public BlobContainerClient Container()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None ||
                    (certificate is not null && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())),
                        CertificateThumbprintSha256, StringComparison.OrdinalIgnoreCase)),
            },
        };
        var options = new BlobClientOptions { Transport = new HttpClientTransport(handler) };
        return new BlobContainerClient(new Uri($"{ServiceUri.AbsoluteUri.TrimEnd('/')}/{ContainerName}"),
            new StorageSharedKeyCredential(AccountName, AccountKey), options);
    }
}
