using Azure.ResourceManager.Resources;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Providers;

/// <summary>Reads and registers subscription resource providers through Azure.ResourceManager (contract A).</summary>
public static class ProviderRegistrar
{
    public const string RegisterPermission = "Microsoft.Resources/subscriptions/providers/register/action";

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
        var target = ProviderId(subscriptionId, providerNamespace);
        try
        {
            var provider = await Provider(connection, subscriptionId, providerNamespace)
                .GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToStatus(connection, subscriptionId, provider.Value.Data);
        }
        catch (Exception e)
        {
            throw ErrorMapper.Map(e, "GetProvider", target);
        }
    }

    public static async Task<ProviderStatus> RegisterAsync(FineTuneConnection connection, string subscriptionId,
        string providerNamespace, IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var target = ProviderId(subscriptionId, providerNamespace);
        try
        {
            var provider = await Provider(connection, subscriptionId, providerNamespace)
                .RegisterAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToStatus(connection, subscriptionId, provider.Value.Data);
        }
        catch (Exception e)
        {
            var mapped = ErrorMapper.Map(e, "RegisterProvider", target);
            if (mapped is FineTuneException { Kind: FailureKind.PermissionDenied } denied)
            {
                throw new FineTuneException(denied.ErrorId, denied.Kind,
                    $"Registering {providerNamespace} needs the permission '{RegisterPermission}' on subscription " +
                    $"'{subscriptionId}', which the signed-in identity does not have. {denied.Message}",
                    target,
                    "Ask a subscription Owner or Contributor (both roles include the permission) to run " +
                    $"Register-ProviderCheck -Register, or to register {providerNamespace} for you.")
                {
                    HttpStatus = denied.HttpStatus,
                    ServiceErrorCode = denied.ServiceErrorCode,
                    RequestId = denied.RequestId,
                };
            }
            throw mapped;
        }
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

            var wait = connection.Clients().PollInterval < timeout - elapsed ? connection.Clients().PollInterval : timeout - elapsed;
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            foreach (var status in pending)
            {
                var fresh = await GetAsync(connection, status.SubscriptionId, status.ProviderNamespace, observer,
                    cancellationToken).ConfigureAwait(false);
                states[states.IndexOf(status)] = fresh;
            }
        }
    }

    static ResourceProviderResource Provider(FineTuneConnection connection, string subscriptionId, string ns) =>
        connection.Clients().Arm.GetResourceProviderResource(
            ResourceProviderResource.CreateResourceIdentifier(subscriptionId, ns));

    static string ProviderId(string subscriptionId, string ns) => $"/subscriptions/{subscriptionId}/providers/{ns}";

    static ProviderStatus ToStatus(FineTuneConnection connection, string subscriptionId, ResourceProviderData data) => new()
    {
        ProviderNamespace = data.Namespace,
        RegistrationState = data.RegistrationState ?? ProviderStates.NotRegistered,
        RegistrationPolicy = data.RegistrationPolicy,
        SubscriptionId = subscriptionId,
        Purpose = PhiFineTuningProviders.TryGetValue(data.Namespace, out var purpose) ? purpose : null,
        CheckedAt = DateTimeOffset.UtcNow,
        Connection = connection,
    };
}

public sealed record RegistrationWait(IReadOnlyList<ProviderStatus> Providers, bool TimedOut);
