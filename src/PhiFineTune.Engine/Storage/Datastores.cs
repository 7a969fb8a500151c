using System.Text.Json;
using Azure;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Storage;

/// <summary>A blob datastore as Datastores_Get describes it (contract D.2); never its secret.</summary>
internal sealed record BlobDatastore(string Name, string AccountName, string ContainerName);

/// <summary>Datastores_Get and Datastores_ListSecrets (contract D.2, E.1 step 4).</summary>
internal static class Datastores
{
    public const string ApiVersion = "2025-01-01-preview";
    public const string DefaultName = "workspaceblobstore";

    public static async Task<BlobDatastore> GetAsync(ConnectionSession session, string workspaceId, string name,
        CancellationToken cancellationToken)
    {
        using var doc = await ArmCalls.GetAsync(session.Pipeline, session.Endpoint, $"{workspaceId}/datastores/{name}",
            ApiVersion, cancellationToken).ConfigureAwait(false);
        var properties = doc.RootElement.GetProperty("properties");
        var type = Text(properties, "datastoreType");
        // Only blob datastores can be uploaded to (E.1 step 3); ADLS Gen2 is not supported by this module yet.
        if (!string.Equals(type, "AzureBlob", StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("DatastoreNotBlob", FailureKind.InvalidArgument,
                $"The datastore '{name}' is of type '{type}'; only AzureBlob datastores can be uploaded to.", name,
                "Name an AzureBlob datastore, or leave the datastore out to use workspaceblobstore.");
        }
        return new BlobDatastore(Text(doc.RootElement, "name") ?? name,
            Text(properties, "accountName") ?? throw Missing(name, "accountName"),
            Text(properties, "containerName") ?? throw Missing(name, "containerName"));
    }

    /// <summary>
    /// A container SAS from listSecrets with expirableSecret (E.1 step 4), or null when the service refuses with an
    /// HTTP error (the caller then uses the connection's identity). The SAS is returned, never logged.
    /// </summary>
    public static async Task<string?> TryGetSasAsync(ConnectionSession session, string workspaceId, string name,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = await ArmCalls.PostAsync(session.Pipeline, session.Endpoint,
                $"{workspaceId}/datastores/{name}/listSecrets", ApiVersion,
                new { expirableSecret = true, expireAfterHours = 1 }, cancellationToken).ConfigureAwait(false);
            var sas = Text(doc.RootElement, "sasToken");
            if (sas is null) observer.Verbose($"listSecrets of datastore '{name}' returned no SAS; using the connection's identity.");
            return sas?.TrimStart('?');
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            observer.Verbose($"listSecrets of datastore '{name}' failed (HTTP {e.Status}); using the connection's identity.");
            return null;
        }
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    static FineTuneException Missing(string datastore, string field) => new("DatastoreIncomplete",
        FailureKind.InvalidOperation, $"The datastore '{datastore}' has no {field}.", datastore);
}
