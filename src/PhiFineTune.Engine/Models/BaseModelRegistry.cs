using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Models;

/// <summary>
/// Finds the latest version of a base model in the azureml system registry, as
/// MLClient(registry_name="azureml").models.get(name, label="latest") does (contract F.1).
/// </summary>
public static class BaseModelRegistry
{
    const string Registry = "azureml";
    const string DataPlaneApiVersion = "2021-10-01-dataplanepreview";

    /// <summary>The versioned id, e.g. azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3.</summary>
    public static async Task<string> LatestIdAsync(FineTuneConnection connection, FineTuneBaseModel model,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var session = connection.Clients();
        if (session.LatestModelIds.TryGetValue(model.Name, out var cached)) return cached;
        using var scope = ObserverScope.Enter(observer);
        var call = new ArmCall("GetBaseModel", model.RegistryId);
        var discoveryAddress = new Uri(session.RegistryDiscovery,
            $"registrymanagement/v1.0/registries/{Registry}/discovery?api-version=v1.0");
        using var discovery = await session.Registry.GetAsync(discoveryAddress, call, cancellationToken).ConfigureAwait(false);
        var found = discovery.RootElement;
        var baseUri = JsonRead.String(found, "primaryRegionResourceProviderUri") ?? throw Unreadable(model, "discovery has no primaryRegionResourceProviderUri");
        var path = $"mferp/managementfrontend/subscriptions/{JsonRead.String(found, "subscriptionId")}/resourceGroups/{JsonRead.String(found, "resourceGroup")}" +
                   $"/providers/Microsoft.MachineLearningServices/registries/{Registry}/models/{Uri.EscapeDataString(model.Name)}/versions";
        var versionsAddress = new Uri(new Uri(baseUri.TrimEnd('/') + "/"),
            $"{path}?api-version={DataPlaneApiVersion}&$orderBy={Uri.EscapeDataString("createdtime desc")}&$top=1");
        using var versions = await session.Registry.GetAsync(versionsAddress, call, cancellationToken).ConfigureAwait(false);
        var latest = JsonRead.Values(versions.RootElement).Select(v => JsonRead.String(v, "id")).FirstOrDefault(id => id is not null);
        var id = latest ?? throw new FineTuneException("BaseModelNotInRegistry", FailureKind.NotFound,
            $"The azureml registry has no version of {model.Name}.", model.RegistryId,
            ActionTexts.CheckBaseModelInCatalogue);
        observer.Verbose($"{model.Name}: latest registry version {id}.");
        session.LatestModelIds[model.Name] = id;
        return id;
    }

    static FineTuneException Unreadable(FineTuneBaseModel model, string why) =>
        new("BaseModelRegistryUnreadable", FailureKind.InvalidOperation,
            $"The azureml registry's answer for {model.Name} could not be read: {why}.", model.RegistryId);
}
