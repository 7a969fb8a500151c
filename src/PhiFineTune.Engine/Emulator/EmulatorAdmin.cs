using System.Net.Http.Json;
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

    public static async Task<IReadOnlyList<FaultRule>> AddFaultsAsync(EmulatorInstance emulator,
        IReadOnlyList<FaultRule> rules, CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.PostAsJsonAsync("faults", rules, s_json, cancellationToken).ConfigureAwait(false);
        await EnsureSuccess(response, "AddEmulatorFault", cancellationToken).ConfigureAwait(false);
        var added = await response.Content.ReadFromJsonAsync<List<FaultRule>>(s_json, cancellationToken)
            .ConfigureAwait(false) ?? [];
        return added.Select(r => WithEmulator(r, emulator)).ToList();
    }

    public static async Task ClearFaultsAsync(EmulatorInstance emulator, string? id, CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.DeleteAsync(id is null ? "faults" : $"faults/{Uri.EscapeDataString(id)}",
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccess(response, "ClearEmulatorFault", cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<EmulatorRequest>> GetRequestsAsync(EmulatorInstance emulator,
        CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        return await client.GetFromJsonAsync<List<EmulatorRequest>>("requests", s_json, cancellationToken)
            .ConfigureAwait(false) ?? [];
    }

    public static async Task ClearRequestsAsync(EmulatorInstance emulator, CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.DeleteAsync("requests", cancellationToken).ConfigureAwait(false);
        await EnsureSuccess(response, "ClearEmulatorRequests", cancellationToken).ConfigureAwait(false);
    }

    public static async Task ResetAsync(EmulatorInstance emulator, CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.PostAsync("reset", null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccess(response, "ResetEmulator", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the step length of the job clock for jobs created from now on.</summary>
    public static async Task SetJobStepAsync(EmulatorInstance emulator, int milliseconds, CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.PutAsJsonAsync("settings", new { jobStepMs = milliseconds }, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccess(response, "SetEmulatorSettings", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets how long serverless endpoints take to create or delete, and the Retry-After of those operations.</summary>
    public static async Task SetDeploymentTimingAsync(EmulatorInstance emulator, int? stepMilliseconds, int? retryAfterSeconds,
        CancellationToken cancellationToken)
    {
        using var client = Client(emulator);
        using var response = await client.PutAsJsonAsync("settings",
            new { deploymentStepMs = stepMilliseconds, lroRetryAfterSeconds = retryAfterSeconds }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccess(response, "SetEmulatorSettings", cancellationToken).ConfigureAwait(false);
    }

    static FaultRule WithEmulator(FaultRule rule, EmulatorInstance emulator) => new()
    {
        Id = rule.Id, Operation = rule.Operation, Kind = rule.Kind, Count = rule.Count,
        Probability = rule.Probability, Seed = rule.Seed, RetryAfterSeconds = rule.RetryAfterSeconds,
        LatencyMs = rule.LatencyMs, Emulator = emulator,
    };

    static HttpClient Client(EmulatorInstance emulator) =>
        new(ClientSetup.CreatePinnedHandler(emulator.CertificateThumbprintSha256))
        {
            BaseAddress = emulator.AdminEndpoint,
            Timeout = TimeSpan.FromSeconds(30),
        };

    static async Task EnsureSuccess(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var kind = ErrorMapper.KindOf((int)response.StatusCode);
        throw new FineTuneException($"{operation}{kind}", kind,
            $"The emulator refused the request (HTTP {(int)response.StatusCode}): {body}", null,
            ErrorMapper.RecommendedActionFor(kind)) { HttpStatus = (int)response.StatusCode };
    }
}
