using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Providers;

namespace PhiFineTune.Commands;

/// <summary>
/// Checks, and with -Register registers, the resource providers the Phi fine-tuning path needs in the
/// subscription: Microsoft.MachineLearningServices, Microsoft.Network and Microsoft.Storage, plus any named.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "ProviderCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ProviderStatus))]
public sealed class RegisterProviderCheckCommand : FineTuneConnectedCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? ProviderNamespace { get; set; }

    /// <summary>Another subscription to check with the same sign-in; the connection's by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SubscriptionId { get; set; }

    [Parameter]
    public SwitchParameter Register { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecordCore()
    {
        var connection = ResolveConnection();
        var subscriptionId = AzureIds.SubscriptionId(SubscriptionId ?? connection.SubscriptionId);
        var namespaces = ProviderRegistrar.PhiFineTuningProviders.Keys
            .Concat((ProviderNamespace ?? []).Select(ns => AzureIds.ProviderNamespace(ns)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var states = new List<ProviderStatus>();
        ForEachItem(namespaces, ns => states.Add(Run((observer, token) =>
            ProviderRegistrar.GetAsync(connection, subscriptionId, ns, observer, token))));

        if (!Register)
        {
            foreach (var status in states.Where(s => !s.IsReady))
            {
                WriteWarning($"{status.ProviderNamespace} is {status.RegistrationState} in subscription " +
                             $"{subscriptionId}. Run Register-ProviderCheck -Register to register it.");
            }
            WriteObject(states, enumerateCollection: true);
            return;
        }

        for (var i = 0; i < states.Count; i++)
        {
            var status = states[i];
            if (status.IsReady || status.RegistrationState == ProviderStates.Registering) continue;
            if (!ShouldProcess($"{status.ProviderNamespace} in subscription {subscriptionId}",
                    "Register resource provider")) continue;
            var index = i;
            TryItem(() => states[index] = Run((observer, token) =>
                ProviderRegistrar.RegisterAsync(connection, subscriptionId, status.ProviderNamespace, observer, token)));
        }

        var toWaitFor = states.Where(s => s.RegistrationState == ProviderStates.Registering).ToList();
        if (toWaitFor.Count > 0)
        {
            var wait = Run((observer, token) => ProviderRegistrar.WaitUntilRegisteredAsync(connection, toWaitFor,
                TimeSpan.FromSeconds(TimeoutSec), observer, token));
            foreach (var fresh in wait.Providers) states[states.FindIndex(s => s.ProviderNamespace == fresh.ProviderNamespace)] = fresh;
            if (wait.TimedOut)
            {
                var pending = wait.Providers.Where(p => !p.IsReady).Select(p => $"{p.ProviderNamespace} ({p.RegistrationState})");
                WriteObject(states, enumerateCollection: true);
                WriteError(ToErrorRecord(new FineTuneException("ProviderRegistrationTimeout", FailureKind.Timeout,
                    $"Registration did not finish within {TimeoutSec} s in subscription {subscriptionId}: " +
                    $"{string.Join(", ", pending)}. Azure goes on registering; the objects show the states as they stand.",
                    subscriptionId,
                    "Run Register-ProviderCheck again later to see the states, or raise -TimeoutSec.")));
                return;
            }
        }
        WriteObject(states, enumerateCollection: true);
    }
}
