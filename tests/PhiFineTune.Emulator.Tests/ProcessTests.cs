using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Tests that start their own emulator process (command-line options, lifetime, TLS pinning).</summary>
[Collection("Own emulator")]
public sealed class ProcessTests
{
    [Fact]
    public async Task Faults_file_is_active_from_start()
    {
        var file = Path.Combine(Path.GetTempPath(), $"phift-faults-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            [{"operation":"Providers_Get","kind":"Throttle","count":1,"retryAfterSeconds":2}]
            """);
        try
        {
            using var emulator = await EmulatorProcess.StartAsync("--faults", file, "--page-size", "3", "--registration-delay-ms", "250");
            using var client = emulator.CreateClient();
            var path = $"subscriptions/{EmulatorTestBase.Sub}/providers/Microsoft.Network?api-version=2022-09-01";

            using var throttled = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
            using var ok = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

            // The other options took effect too.
            var settings = JsonNode.Parse(await client.GetStringAsync("_emulator/settings"))!;
            Assert.Equal(3, (int)settings["pageSize"]!);
            Assert.Equal(250, (int)settings["registrationDelayMs"]!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Exits_by_itself_when_the_parent_process_ends()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "3") { UseShellExecute = false })!;
        using var emulator = await EmulatorProcess.StartAsync("--parent-pid", parent.Id.ToString());
        Assert.False(emulator.Process.HasExited);

        await parent.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await emulator.Process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, emulator.Process.ExitCode);
        Assert.Contains("parent process", emulator.StandardError);
    }

    [Fact]
    public async Task Pinned_client_refuses_a_certificate_with_another_thumbprint()
    {
        using var emulator = await EmulatorProcess.StartAsync();
        using var right = emulator.CreateClient();
        using var ok = await right.GetAsync("_emulator/health");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var other = new string('A', 64);
        using var wrong = emulator.CreateClient(pinnedSha256: other);
        await Assert.ThrowsAsync<HttpRequestException>(() => wrong.GetAsync("_emulator/health"));
    }

    [Fact]
    public async Task Certificate_is_self_signed_for_localhost_and_127_0_0_1()
    {
        using var emulator = await EmulatorProcess.StartAsync();
        System.Security.Cryptography.X509Certificates.X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                seen = cert is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(cert.RawData);
                return cert?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == emulator.Thumbprint;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = emulator.Endpoint };
        (await client.GetAsync("_emulator/health")).Dispose();
        Assert.NotNull(seen);
        Assert.Equal("CN=PhiFineTune Emulator", seen!.Subject);
        Assert.Equal(seen.Subject, seen.Issuer);
        Assert.True(seen.NotAfter - seen.NotBefore >= TimeSpan.FromDays(7));
        Assert.True(seen.NotBefore <= DateTime.Now.AddMinutes(-30));
        var san = seen.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
    }
}
