using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>--ready-file: the JSON file that tells the process that started the emulator where it listens (docs/emulator.md).</summary>
public static class ReadyFile
{
    /// <summary>Written atomically: PATH.tmp first, then moved over PATH.</summary>
    public static void Write(string path, string endpoint, string thumbprint, BlobStorage? blob)
    {
        var ready = new JsonObject
        {
            ["endpoint"] = endpoint,
            ["thumbprintSha256"] = thumbprint,
            ["processId"] = Environment.ProcessId,
            ["subscriptionId"] = SeedState.SubscriptionId,
            ["resourceGroupName"] = SeedState.ResourceGroupName,
            ["hubWorkspaceName"] = SeedState.HubWorkspaceName,
            ["projectWorkspaceName"] = SeedState.ProjectWorkspaceName,
            ["location"] = SeedState.Location,
            ["adminEndpoint"] = endpoint + "_emulator/",
        };
        if (blob is not null)
        {
            ready["blobEndpoint"] = blob.ServiceUri.AbsoluteUri;
            ready["storageAccountName"] = blob.AccountName;
            ready["containerName"] = blob.ContainerName;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, ready.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, full, overwrite: true);
    }

    // Emulator choice: on a graceful stop the ready file is deleted, but only while it still names this process
    // (a newer emulator may have taken the same path).
    public static void Remove(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            if (node?["processId"]?.GetValue<int>() == Environment.ProcessId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
        }
    }
}
