using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Emulator;

/// <summary>The emulator's admin API, over HTTPS that trusts only the emulator's pinned certificate.</summary>
public static class EmulatorAdmin
{
    static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    // One HttpClient per emulator, over the pinned-certificate handler the connections use (ClientSetup).
    static readonly ConditionalWeakTable<EmulatorInstance, HttpClient> s_clients = new();

    public static async Task<IReadOnlyList<FaultRule>> AddFaultsAsync(EmulatorInstance emulator,
        IReadOnlyList<FaultRule> rules, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(emulator, HttpMethod.Post, "faults", JsonContent.Create(rules, options: s_json),
            "AddEmulatorFault", cancellationToken).ConfigureAwait(false);
        var added = await response.Content.ReadFromJsonAsync<List<FaultRule>>(s_json, cancellationToken)
            .ConfigureAwait(false) ?? [];
        return added.Select(r => WithEmulator(r, emulator)).ToList();
    }

    public static async Task ClearFaultsAsync(EmulatorInstance emulator, string? id, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(emulator, HttpMethod.Delete, id is null ? "faults" : $"faults/{Uri.EscapeDataString(id)}",
            null, "ClearEmulatorFault", cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<EmulatorRequest>> GetRequestsAsync(EmulatorInstance emulator,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(emulator, HttpMethod.Get, "requests", null, "GetEmulatorRequests",
            cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<List<EmulatorRequest>>(s_json, cancellationToken)
            .ConfigureAwait(false) ?? [];
    }

    public static async Task ClearRequestsAsync(EmulatorInstance emulator, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(emulator, HttpMethod.Delete, "requests", null, "ClearEmulatorRequests", cancellationToken)
            .ConfigureAwait(false);
    }

    public static async Task ResetAsync(EmulatorInstance emulator, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(emulator, HttpMethod.Post, "reset", null, "ResetEmulator", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Sets the step length of the job clock for jobs created from now on.</summary>
    public static async Task SetJobStepAsync(EmulatorInstance emulator, int milliseconds, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(emulator, HttpMethod.Put, "settings", JsonContent.Create(new { jobStepMs = milliseconds }),
            "SetEmulatorSettings", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets how long serverless endpoints take to create or delete, and the Retry-After of those operations.</summary>
    public static async Task SetDeploymentTimingAsync(EmulatorInstance emulator, int? stepMilliseconds, int? retryAfterSeconds,
        CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(emulator, HttpMethod.Put, "settings",
            JsonContent.Create(new { deploymentStepMs = stepMilliseconds, lroRetryAfterSeconds = retryAfterSeconds }),
            "SetEmulatorSettings", cancellationToken).ConfigureAwait(false);
    }

    static FaultRule WithEmulator(FaultRule rule, EmulatorInstance emulator) => new()
    {
        Id = rule.Id, Operation = rule.Operation, Kind = rule.Kind, Count = rule.Count,
        Probability = rule.Probability, Seed = rule.Seed, RetryAfterSeconds = rule.RetryAfterSeconds,
        LatencyMs = rule.LatencyMs, Emulator = emulator,
    };

    static HttpClient Client(EmulatorInstance emulator) => s_clients.GetValue(emulator, e =>
        new HttpClient(ClientSetup.CreatePinnedHandler(e.CertificateThumbprintSha256))
        {
            BaseAddress = e.AdminEndpoint,
            Timeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>One admin request; a refusal or a failed connection becomes a FineTuneException named after the operation.</summary>
    static async Task<HttpResponseMessage> SendAsync(EmulatorInstance emulator, HttpMethod method, string path,
        HttpContent? content, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await Client(emulator).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw ErrorMapper.Map(e, operation, emulator.AdminEndpoint);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ErrorMapper.Refused((int)response.StatusCode, $"The emulator refused the request (HTTP {(int)response.StatusCode}): {body}",
                operation, null);
        }
    }
}
