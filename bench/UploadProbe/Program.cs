// UploadProbe FILE EMULATOR_DIR AZURITE_DIR MODE [BLOCK_MB CONCURRENCY]
//   MODE engine: one Engine upload (DatasetUploader) to a fresh emulator; prints seconds and this process's peak RSS.
//   MODE curl:   one `curl -T FILE` PUT of the same file (container SAS from listSecrets) to the same kind of emulator.
// One process per run, so peak RSS is the uploader's own. The emulator (and its Azurite) is stopped at the end.
using System.Diagnostics;
using System.Text.Json;
using Azure.Storage;
using PhiFineTune;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Emulator;
using PhiFineTune.Engine.Storage;

var (file, emulatorDir, azuriteDir, mode) = (args[0], args[1], args[2], args[3]);
var emulator = await EmulatorLauncher.StartAsync(new EmulatorStartOptions { EmulatorDirectory = emulatorDir, AzuriteDirectory = azuriteDir },
    NullObserver.Instance, default);
try
{
    var connection = await WorkspaceConnector.ConnectAsync(new ConnectionRequest
    {
        SubscriptionId = emulator.SubscriptionId,
        ResourceGroupName = emulator.ResourceGroupName,
        WorkspaceName = emulator.WorkspaceName,
        Method = AuthenticationMethod.Emulator,
        Emulator = new EmulatorEndpoint(emulator.Endpoint, emulator.CertificateThumbprintSha256, emulator.BlobEndpoint),
    }, NullObserver.Instance, default);
    var clock = Stopwatch.StartNew();
    if (mode == "engine")
    {
        // Without BLOCK_MB the public entry point, which picks the transfer options a user gets against the emulator.
        var result = args.Length > 5
            ? await DatasetUploader.UploadAsync(connection, file, null,
                new StorageTransferOptions { InitialTransferSize = int.Parse(args[4]) << 20, MaximumTransferSize = int.Parse(args[4]) << 20, MaximumConcurrency = int.Parse(args[5]) },
                NullObserver.Instance, default)
            : await DatasetUploader.UploadAsync(connection, file, null, NullObserver.Instance, default);
        if (result.Skipped) throw new InvalidOperationException("skipped: the emulator should be fresh");
    }
    else
    {
        var sas = await Sas(emulator);
        var url = $"{emulator.BlobEndpoint}/9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02-azureml-blobstore/curl/{Path.GetFileName(file)}?{sas}";
        var curl = Process.Start(new ProcessStartInfo("curl", ["-sS", "--fail", "--insecure", "-o", "/dev/null", "-T", file,
            "-H", "x-ms-blob-type: BlockBlob", "-H", "x-ms-version: 2025-01-05", url]))!;
        await curl.WaitForExitAsync();
        if (curl.ExitCode != 0) throw new InvalidOperationException($"curl failed with exit code {curl.ExitCode}");
    }
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(JsonSerializer.Serialize(new { mode, seconds, peakRssMB = PeakRssMB() }));
}
finally
{
    EmulatorLauncher.Stop(emulator, TimeSpan.FromSeconds(10));
}

static double PeakRssMB()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:"));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
}

static async Task<string> Sas(EmulatorInstance emulator)
{
    using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) =>
        c is not null && string.Equals(c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), emulator.CertificateThumbprintSha256, StringComparison.OrdinalIgnoreCase) };
    using var http = new HttpClient(handler);
    http.DefaultRequestHeaders.Authorization = new("Bearer", "bench");
    var url = $"{emulator.Endpoint}subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}/datastores/workspaceblobstore/listSecrets?api-version=2025-01-01-preview";
    using var response = await http.PostAsync(url, new StringContent("{\"expirableSecret\":true}", System.Text.Encoding.UTF8, "application/json"));
    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return doc.RootElement.GetProperty("sasToken").GetString()!;
}
