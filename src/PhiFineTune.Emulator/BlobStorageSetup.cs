using System.Security.Cryptography.X509Certificates;

namespace PhiFineTune.Emulator;

/// <summary>Starts Azurite and creates the default datastore's container (contract D.2, E.4).</summary>
public static class BlobStorageSetup
{
    // Emulator choice (D.2): both seeded workspaces' workspaceblobstore point at one container named after the project.
    public static readonly string ContainerName = ContainerNameOf(SeedState.ProjectWorkspaceId);

    /// <summary>The workspaceblobstore container of a workspace: "{workspaceId}-azureml-blobstore" (D.2, L.5).</summary>
    public static string ContainerNameOf(string workspaceId) => $"{workspaceId}-azureml-blobstore";

    public static async Task<(AzuriteProcess Azurite, BlobStorage Blob)> StartAsync(string azuriteDir, string node,
        X509Certificate2 certificate, string thumbprint)
    {
        var azurite = await AzuriteProcess.StartAsync(azuriteDir, node, certificate);
        try
        {
            var blob = new BlobStorage(new Uri($"https://127.0.0.1:{azurite.Port}/{AzuriteProcess.AccountName}"),
                AzuriteProcess.AccountName, AzuriteProcess.AccountKey, ContainerName, thumbprint);
            await CreateContainerAsync(blob, azurite);
            return (azurite, blob);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException or AggregateException)
        {
            var output = azurite.ToString();
            azurite.Dispose();
            throw new InvalidOperationException($"Azurite listened but creating container '{ContainerName}' failed: {e.Message}{Environment.NewLine}{output}");
        }
    }

    /// <summary>
    /// Creates the container, trying again for up to 20 s while a running Azurite refuses connections (a busy machine
    /// can print "listens" a moment before it accepts).
    /// </summary>
    static async Task CreateContainerAsync(BlobStorage blob, AzuriteProcess azurite)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await blob.Container().CreateIfNotExistsAsync();
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && !azurite.HasExited &&
                                      e is HttpRequestException or AggregateException or Azure.RequestFailedException { Status: 0 })
            {
                await Task.Delay(250);
            }
        }
    }
}
