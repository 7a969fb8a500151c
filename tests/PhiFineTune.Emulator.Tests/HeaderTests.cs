using System.Net;

namespace PhiFineTune.Emulator.Tests;

/// <summary>Contract C.3 / C.6 headers.</summary>
public sealed class HeaderTests : EmulatorTestBase
{
    public HeaderTests(EmulatorFixture fixture) : base(fixture) { }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Fact]
    public async Task Every_response_has_request_id_correlation_id_and_date()
    {
        var paths = new[]
        {
            ProviderPath("Microsoft.Network"),          // 200
            ProviderPath("Microsoft.Nope"),             // 404
            "_emulator/health",                         // admin
            "nowhere",                                  // unknown route
        };
        var requestIds = new HashSet<string>();
        foreach (var path in paths)
        {
            using var response = await Client.GetAsync(path);
            var requestId = Header(response, "x-ms-request-id");
            Assert.True(Guid.TryParse(requestId, out _), $"{path}: x-ms-request-id '{requestId}'");
            Assert.True(requestIds.Add(requestId), "request ids must differ");
            Assert.True(Guid.TryParse(Header(response, "x-ms-correlation-request-id"), out _), path);
            Assert.NotNull(response.Headers.Date);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task Correlation_id_is_echoed_and_client_request_id_only_on_request()
    {
        var correlation = Guid.NewGuid().ToString();
        var clientId = Guid.NewGuid().ToString();

        using var plain = new HttpRequestMessage(HttpMethod.Get, ProviderPath("Microsoft.Network"));
        plain.Headers.Add("x-ms-correlation-request-id", correlation);
        plain.Headers.Add("x-ms-client-request-id", clientId);
        using var plainResponse = await Client.SendAsync(plain);
        Assert.Equal(correlation, Header(plainResponse, "x-ms-correlation-request-id"));
        Assert.False(plainResponse.Headers.Contains("x-ms-client-request-id"));

        using var asked = new HttpRequestMessage(HttpMethod.Get, ProviderPath("Microsoft.Network"));
        asked.Headers.Add("x-ms-client-request-id", clientId);
        asked.Headers.Add("x-ms-return-client-request-id", "true");
        using var askedResponse = await Client.SendAsync(asked);
        Assert.Equal(clientId, Header(askedResponse, "x-ms-client-request-id"));

        // The log records the echoed correlation id.
        var log = await RequestLog();
        Assert.Contains(log, e => (string)e!["correlationRequestId"]! == correlation);
    }

    [Fact]
    public async Task Reads_and_writes_carry_decreasing_rate_limit_headers()
    {
        using var read1 = await Client.GetAsync(ProviderPath("Microsoft.Network"));
        using var read2 = await Client.GetAsync(ProviderPath("Microsoft.Network"));
        var r1 = int.Parse(Header(read1, "x-ms-ratelimit-remaining-subscription-reads"));
        var r2 = int.Parse(Header(read2, "x-ms-ratelimit-remaining-subscription-reads"));
        Assert.True(r2 < r1);
        Assert.False(read1.Headers.Contains("x-ms-ratelimit-remaining-subscription-writes"));

        using var write = await Client.PostAsync(ProviderPath("Microsoft.Network/register"), null);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.True(int.Parse(Header(write, "x-ms-ratelimit-remaining-subscription-writes")) > 0);
        Assert.False(write.Headers.Contains("x-ms-ratelimit-remaining-subscription-reads"));
    }
}
