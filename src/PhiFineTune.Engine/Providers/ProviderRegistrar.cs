using System.Text.Json;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Providers;

/// <summary>Reads and registers subscription resource providers (contract A): Providers_Get and Providers_Register.</summary>
public static class ProviderRegistrar
{
    public const string RegisterPermission = "Microsoft.Resources/subscriptions/providers/register/action";
    // The .NET ProvidersRestOperations default (contract A.1).
    const string ApiVersion = "2022-09-01";

    /// <summary>The providers the Phi serverless fine-tuning path needs, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> PhiFineTuningProviders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.MachineLearningServices"] =
                "Azure AI Foundry hub and project workspaces, fine-tuning jobs, models and serverless endpoints",
            ["Microsoft.Network"] = "Serverless fine-tuning and deployment (the Phi fine-tuning guide asks for it)",
            ["Microsoft.Storage"] = "The workspace's default blob datastore, where training data is uploaded",
        };

    public static async Task<ProviderStatus> GetAsync(FineTuneConnection connection, string subscriptionId,
        string providerNamespace, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var arm = connection.Clients().Arm;
        var target = ProviderId(subscriptionId, providerNamespace);
        using var provider = await arm.GetAsync(arm.Address(target, ApiVersion), new ArmCall("GetProvider", target),
            cancellationToken).ConfigureAwait(false);
        return ToStatus(connection, subscriptionId, providerNamespace, provider.RootElement);
    }

    /// <summary>POST register: 200 with the provider, typically Registering (contract A.3); not a long-running operation.</summary>
    public static async Task<ProviderStatus> RegisterAsync(FineTuneConnection connection, string subscriptionId,
        string providerNamespace, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var arm = connection.Clients().Arm;
        var target = ProviderId(subscriptionId, providerNamespace);
        var call = new ArmCall("RegisterProvider", target)
        {
            OnFailure = failure => failure.Error is { Kind: FailureKind.PermissionDenied } denied
                ? new FineTuneException(denied.ErrorId, denied.Kind,
                    $"Registering {providerNamespace} needs the permission '{RegisterPermission}' on subscription " +
                    $"'{subscriptionId}', which the signed-in identity does not have. {denied.Message}",
                    target,
                    "Ask a subscription Owner or Contributor (both roles include the permission) to register " +
                    $"{providerNamespace} for you.")
                {
                    HttpStatus = denied.HttpStatus,
                    ServiceErrorCode = denied.ServiceErrorCode,
                    RequestId = denied.RequestId,
                }
                : null,
        };
        using var answer = await arm.PostAsync(arm.Address(target + "/register", ApiVersion), null, call, cancellationToken)
            .ConfigureAwait(false);
        return ToStatus(connection, subscriptionId, providerNamespace, answer.Body ?? default);
    }

    /// <summary>
    /// Polls until every provider reads Registered or the time runs out; returns the states as they stand.
    /// </summary>
    public static async Task<RegistrationWait> WaitUntilRegisteredAsync(FineTuneConnection connection,
        IReadOnlyList<ProviderStatus> providers, TimeSpan timeout, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        const int activityId = 4201;
        var states = providers.ToList();
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var pending = states.Where(s => !s.IsReady).ToList();
            var elapsed = DateTimeOffset.UtcNow - started;
            if (pending.Count == 0 || elapsed >= timeout)
            {
                observer.Progress(new OperationProgress(activityId, "Registering resource providers", "Done",
                    Completed: true));
                return new RegistrationWait(states, TimedOut: pending.Count > 0);
            }

            var ready = states.Count - pending.Count;
            observer.Progress(new OperationProgress(activityId, "Registering resource providers",
                $"{string.Join(", ", pending.Select(p => $"{p.ProviderNamespace} {p.RegistrationState}"))}" +
                $" ({elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s)",
                states.Count == 0 ? 100 : ready * 100 / states.Count));

            var interval = connection.Clients().PollInterval;
            await Task.Delay(interval < timeout - elapsed ? interval : timeout - elapsed, cancellationToken).ConfigureAwait(false);
            foreach (var status in pending)
            {
                var fresh = await GetAsync(connection, status.SubscriptionId, status.ProviderNamespace, observer,
                    cancellationToken).ConfigureAwait(false);
                states[states.IndexOf(status)] = fresh;
            }
        }
    }

    static string ProviderId(string subscriptionId, string ns) => $"/subscriptions/{subscriptionId}/providers/{ns}";

    /// <summary>A Provider (contract A.2) as a ProviderStatus; registrationState is an open string.</summary>
    static ProviderStatus ToStatus(FineTuneConnection connection, string subscriptionId, string requested, JsonElement provider)
    {
        var ns = JsonRead.String(provider, "namespace") ?? requested;
        return new ProviderStatus
        {
            ProviderNamespace = ns,
            RegistrationState = JsonRead.String(provider, "registrationState") ?? ProviderStates.NotRegistered,
            RegistrationPolicy = JsonRead.String(provider, "registrationPolicy"),
            SubscriptionId = subscriptionId,
            Purpose = PhiFineTuningProviders.TryGetValue(ns, out var purpose) ? purpose : null,
            CheckedAt = DateTimeOffset.UtcNow,
            Connection = connection,
        };
    }
}
