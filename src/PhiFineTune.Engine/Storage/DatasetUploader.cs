using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Storage;

/// <summary>
/// Uploads a local file to a workspace blob datastore as the Azure ML SDK does (contract E.1 steps 3-11):
/// content-hash blob name, skip when already completed, parallel blocks, then the completed marker.
/// </summary>
public static class DatasetUploader
{
    public const string ArtifactOrigin = "LocalUpload";
    public const int ProgressActivityId = 4101;

    // Real storage accounts: 8 MiB blocks, 8 in flight (below 8 MiB one Put Blob). Parallel blocks use more than one
    // connection's bandwidth, and a failed block is retried alone. Not measured by bench/Measure-Upload.ps1.
    internal static readonly StorageTransferOptions CloudTransfer = new()
    {
        InitialTransferSize = 8 << 20,
        MaximumTransferSize = 8 << 20,
        MaximumConcurrency = 8,
    };

    // The emulator's Azurite: one Put Blob up to 1 GiB. Azurite is single-threaded Node and runs a byte-by-byte
    // JavaScript CRC-64 over every Put Block sent without Content-MD5, where a Put Blob gets native MD5 only.
    // bench/Measure-Upload.ps1 (500 MB): one Put Blob about as fast as curl, 8 MiB x 8 blocks 0.3-0.8x curl.
    // 1 GiB keeps a Put Blob within Azure.Core's 100 s network timeout down to ~11 MB/s; larger files go as
    // 256 MiB blocks one at a time, which the SDK streams from the file without buffering.
    internal static readonly StorageTransferOptions EmulatorTransfer = new()
    {
        InitialTransferSize = 1L << 30,
        MaximumTransferSize = 256 << 20,
        MaximumConcurrency = 1,
    };

    const long LargeFileWarningBytes = 100L << 20;

    /// <summary>Uploads <paramref name="path"/> to the named datastore (null: workspaceblobstore), or finds it there already.</summary>
    public static Task<DatasetUpload> UploadAsync(FineTuneConnection connection, string path, string? datastoreName,
        IOperationObserver observer, CancellationToken cancellationToken) =>
        UploadAsync(connection, path, datastoreName, connection.Clients().UploadTransfer, observer, cancellationToken);

    internal static async Task<DatasetUpload> UploadAsync(FineTuneConnection connection, string path, string? datastoreName,
        StorageTransferOptions transfer, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var session = connection.Clients();
        var file = Path.GetFullPath(path);
        if (!File.Exists(file))
        {
            throw new FineTuneException("DatasetFileNotFound", FailureKind.InvalidArgument, $"The file '{file}' does not exist.",
                file, "Give the path of an existing JSONL file.");
        }
        var name = string.IsNullOrEmpty(datastoreName) ? Datastores.DefaultName : datastoreName;
        using var scope = ObserverScope.Enter(observer);

        BlobDatastore datastore;
        string? sas;
        try
        {
            datastore = await Datastores.GetAsync(session.Arm, connection.ResourceId, name, cancellationToken).ConfigureAwait(false);
            sas = await Datastores.TryGetSasAsync(session.Arm, connection.ResourceId, name, observer, cancellationToken).ConfigureAwait(false);
        }
        catch (FineTuneException e)
        {
            throw Named(e, file, name);
        }

        var (md5, length) = await ContentHash.ComputeAsync(file, cancellationToken).ConfigureAwait(false);
        var blobName = $"{ArtifactOrigin}/{md5}/{Path.GetFileName(file)}";
        var container = ContainerClient(session, datastore, sas);
        var blob = container.GetBlobClient(blobName);
        observer.Verbose($"Datastore '{datastore.Name}': container '{datastore.ContainerName}' of account '{datastore.AccountName}', blob '{blobName}' ({(sas is null ? "identity" : "SAS")}).");

        try
        {
            var existing = await PropertiesOrNull(blob, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Metadata.TryGetValue("upload_status", out var status) && status == "completed")
            {
                observer.Verbose($"'{blobName}' is already uploaded and marked completed; not uploading again.");
                existing.Metadata.TryGetValue("name", out var assetName);
                existing.Metadata.TryGetValue("version", out var assetVersion);
                return Result(file, datastore, blobName, md5, length, skipped: true, assetName, assetVersion, sas is null);
            }

            if (length > LargeFileWarningBytes)
            {
                observer.Warning($"'{Path.GetFileName(file)}' is {length / 1048576.0:0} MB; uploading it may take a while.");
            }
            var progress = new UploadProgress(observer, Path.GetFileName(file), length);
            await using (var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                await blob.UploadAsync(content, new BlobUploadOptions
                {
                    TransferOptions = transfer,
                    // No per-request checksum (the Python SDK's validate_content sends Content-MD5 per request):
                    // TLS already protects the transfer, and with MD5 per block the SDK buffers and hashes every
                    // block again (measured: 3-4x the client CPU, peak working set over 250 MB at 8 MiB x 8).
                    TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.None },
                    ProgressHandler = progress,
                }, cancellationToken).ConfigureAwait(false);
            }
            // The completed marker goes on only after the content is committed (E.1 step 10): a cancelled or failed
            // upload never leaves a blob that the next run would skip.
            var asset = Guid.NewGuid().ToString();
            await blob.SetMetadataAsync(new Dictionary<string, string>
            {
                ["upload_status"] = "completed",
                ["name"] = asset,
                ["version"] = "1",
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            progress.Complete();
            return Result(file, datastore, blobName, md5, length, skipped: false, asset, "1", sas is null);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw new FineTuneException("UploadDatasetPermissionDenied", FailureKind.PermissionDenied,
                $"Uploading '{file}' to datastore '{datastore.Name}' was refused (HTTP {e.Status}{(e.ErrorCode is null ? "" : " " + e.ErrorCode)}).",
                file,
                $"Check that your identity has the Storage Blob Data Contributor role on storage account '{datastore.AccountName}' " +
                "(or that it may list the datastore's secrets), then run the command again.")
            {
                HttpStatus = e.Status,
                ServiceErrorCode = e.ErrorCode,
            };
        }
        catch (Exception e)
        {
            throw Named(ErrorMapper.Map(e, "UploadDataset", file), file, datastore.Name);
        }
    }

    /// <summary>
    /// A client for the datastore's container: the account URL comes from the cloud (or the emulator's blob endpoint),
    /// the credential is the SAS, else the connection's identity. Same retries and transport as the ARM clients.
    /// </summary>
    static BlobContainerClient ContainerClient(ConnectionSession session, BlobDatastore datastore, string? sas)
    {
        var options = new BlobClientOptions();
        ClientSetup.Configure(options, session.Emulator, session.Timing);
        var uri = new Uri($"{session.BlobServiceUri(datastore.AccountName).AbsoluteUri.TrimEnd('/')}/{datastore.ContainerName}");
        return sas is null
            ? new BlobContainerClient(uri, session.Credential, options)
            : new BlobContainerClient(uri, new AzureSasCredential(sas), options);
    }

    static async Task<BlobProperties?> PropertiesOrNull(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    static DatasetUpload Result(string file, BlobDatastore datastore, string blobName, string md5, long length, bool skipped,
        string? assetName, string? assetVersion, bool usedIdentity) => new()
    {
        Path = file,
        DatastoreName = datastore.Name,
        BlobName = blobName,
        DatastoreUri = $"azureml://datastores/{datastore.Name}/paths/{blobName}",
        ContentHash = md5,
        Length = length,
        Skipped = skipped,
        AssetName = assetName,
        AssetVersion = assetVersion,
        UsedIdentity = usedIdentity,
    };

    /// <summary>Puts the file and datastore in front of a mapped error's message.</summary>
    static Exception Named(Exception mapped, string file, string datastore) => mapped is FineTuneException f
        ? new FineTuneException(f.ErrorId, f.Kind, $"Uploading '{file}' to datastore '{datastore}' failed: {f.Message}", file,
            f.RecommendedAction)
        {
            HttpStatus = f.HttpStatus,
            ServiceErrorCode = f.ServiceErrorCode,
            RequestId = f.RequestId,
        }
        : mapped;
}
