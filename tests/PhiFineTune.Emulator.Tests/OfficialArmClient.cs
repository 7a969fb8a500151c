using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace PhiFineTune.Emulator.Tests;

/// <summary>An unmodified Azure.ResourceManager client pointed at the emulator: its endpoint, its pinned certificate, no retries.</summary>
public static class OfficialArmClient
{
    public static ArmClient Create(EmulatorProcess emulator, string subscriptionId)
    {
        var pin = emulator.Thumbprint;
        var handler = new HttpClientHandler
        {
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(cert.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase),
        };
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(emulator.Endpoint, ArmEnvironment.AzurePublicCloud.Audience),
            Transport = new HttpClientTransport(new HttpClient(handler)),
        };
        options.Retry.MaxRetries = 0;
        return new ArmClient(new StaticTokenCredential(), subscriptionId, options);
    }
}
