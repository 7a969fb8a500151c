using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Storage;

/// <summary>Datastores_Get and Datastores_ListSecrets (contract D.2, E.1 step 4).</summary>
internal static class Datastores
{
    public const string ApiVersion = "2025-01-01-preview";
    public const string DefaultName = "workspaceblobstore";

    public static async Task<BlobDatastore> GetAsync(ArmRequests arm, string workspaceId, string name,
        CancellationToken cancellationToken)
    {
        using var doc = await arm.GetAsync(arm.Address($"{workspaceId}/datastores/{name}", ApiVersion),
            new ArmCall("GetDatastore", name), cancellationToken).ConfigureAwait(false);
        var properties = JsonRead.Object(doc.RootElement, "properties");
        var type = JsonRead.String(properties, "datastoreType");
        // Only blob datastores can be uploaded to (E.1 step 3); ADLS Gen2 is not supported by this module yet.
        if (!string.Equals(type, "AzureBlob", StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("DatastoreNotBlob", FailureKind.InvalidArgument,
                $"The datastore '{name}' is of type '{type}'; only AzureBlob datastores can be uploaded to.", name,
                "Name an AzureBlob datastore, or leave the datastore out to use workspaceblobstore.");
        }
        return new BlobDatastore(JsonRead.String(doc.RootElement, "name") ?? name,
            JsonRead.String(properties, "accountName") ?? throw Missing(name, "accountName"),
            JsonRead.String(properties, "containerName") ?? throw Missing(name, "containerName"));
    }

    /// <summary>
    /// A container SAS from listSecrets with expirableSecret (E.1 step 4), or null when the service refuses with an
    /// HTTP error (the caller then uses the connection's identity). The SAS is returned, never logged.
    /// </summary>
    public static async Task<string?> TryGetSasAsync(ArmRequests arm, string workspaceId, string name,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await arm.PostAsync(arm.Address($"{workspaceId}/datastores/{name}/listSecrets", ApiVersion),
                new JsonObject { ["expirableSecret"] = true, ["expireAfterHours"] = 1 }, new ArmCall("GetDatastore", name),
                cancellationToken).ConfigureAwait(false);
            var sas = JsonRead.String(answer.Body ?? default, "sasToken");
            if (sas is null) observer.Verbose($"listSecrets of datastore '{name}' returned no SAS; using the connection's identity.");
            return sas?.TrimStart('?');
        }
        catch (FineTuneException e) when (e.HttpStatus is { } status)
        {
            observer.Verbose($"listSecrets of datastore '{name}' failed (HTTP {status}); using the connection's identity.");
            return null;
        }
    }

    static FineTuneException Missing(string datastore, string field) => new("DatastoreIncomplete",
        FailureKind.InvalidOperation, $"The datastore '{datastore}' has no {field}.", datastore);
}
