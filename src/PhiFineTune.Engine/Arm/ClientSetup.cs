using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Arm;

/// <summary>Options shared by every Azure client a connection makes: retries, transport, logging.</summary>
internal static class ClientSetup
{
    public const string ApplicationId = "PhiFineTune";

    public static void Configure(ClientOptions options, EmulatorEndpoint? emulator, ArmTiming timing)
    {
        // Azure.Core retries 408/429/500/502/503/504 and dropped connections, honouring Retry-After.
        options.Retry.MaxRetries = 5;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = timing.RetryDelay;
        options.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        options.Diagnostics.ApplicationId = ApplicationId;
        options.Diagnostics.IsLoggingContentEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = true;
        options.AddPolicy(new RequestLogPolicy(), HttpPipelinePosition.PerRetry);
        if (emulator is not null) options.Transport = PinnedTransport(emulator.CertificateThumbprintSha256);
    }

    /// <summary>
    /// A transport that trusts the emulator's self-signed certificate and nothing else: a certificate is
    /// accepted when the platform trusts it or when its SHA-256 thumbprint is the pinned one.
    /// </summary>
    public static HttpPipelineTransport PinnedTransport(string thumbprintSha256) =>
        new HttpClientTransport(CreatePinnedHandler(thumbprintSha256));

    public static SocketsHttpHandler CreatePinnedHandler(string thumbprintSha256) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && IsPinned(certificate, thumbprintSha256)),
        },
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    static bool IsPinned(X509Certificate certificate, string thumbprintSha256) =>
        string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), thumbprintSha256,
            StringComparison.OrdinalIgnoreCase);
}
