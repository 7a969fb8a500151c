using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Emulator;
using PhiFineTune.Engine.Storage;

namespace PhiFineTune.Engine.Tests;

/// <summary>The upload path (contract E.1) against the real emulator and Azurite.</summary>
public sealed class DatasetUploadTests(BlobEmulatorFixture fixture) : IClassFixture<BlobEmulatorFixture>, IAsyncLifetime
{
    const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static readonly StorageTransferOptions SmallBlocks = new() { InitialTransferSize = 1 << 20, MaximumTransferSize = 1 << 20, MaximumConcurrency = 4 };

    readonly string _folder = Directory.CreateTempSubdirectory("phift-upload-").FullName;

    public Task InitializeAsync() => EmulatorAdmin.ResetAsync(fixture.Emulator, CancellationToken.None);

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Upload_puts_the_file_under_its_content_hash_with_the_completed_marker()
    {
        var file = WriteFile("train.jsonl", Unique("{\"messages\":[]}\n"));
        var connection = await fixture.ConnectAsync();
        var observer = new RecordingObserver();

        var result = await DatasetUploader.UploadAsync(connection, file, null, observer, default);

        var md5 = ExpectedHash(await File.ReadAllBytesAsync(file));
        Assert.Equal($"LocalUpload/{md5}/train.jsonl", result.BlobName);
        Assert.Equal($"azureml://datastores/workspaceblobstore/paths/LocalUpload/{md5}/train.jsonl", result.DatastoreUri);
        Assert.Equal(md5, result.ContentHash);
        Assert.Equal(new FileInfo(file).Length, result.Length);
        Assert.False(result.Skipped);
        Assert.False(result.UsedIdentity);

        var blob = Container().GetBlobClient(result.BlobName);
        Assert.Equal(await File.ReadAllBytesAsync(file), (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("completed", metadata["upload_status"]);
        Assert.Equal("1", metadata["version"]);
        Assert.True(Guid.TryParse(metadata["name"], out _));
        Assert.Equal(metadata["name"], result.AssetName);
        Assert.Contains(observer.Progress, p => p.Completed && p.PercentComplete == 100);
    }

    [Fact]
    public async Task Second_upload_of_the_same_content_sends_nothing()
    {
        var content = Unique("same content\n");
        var connection = await fixture.ConnectAsync();
        var first = await DatasetUploader.UploadAsync(connection, WriteFile("a/data.jsonl", content), null, NullObserver.Instance, default);
        var etag = (await Container().GetBlobClient(first.BlobName).GetPropertiesAsync()).Value.ETag;

        var observer = new RecordingObserver();
        var second = await DatasetUploader.UploadAsync(connection, WriteFile("b/data.jsonl", content), null, observer, default);

        Assert.True(second.Skipped);
        Assert.Equal(first.BlobName, second.BlobName);
        Assert.Equal(first.AssetName, second.AssetName);
        Assert.DoesNotContain(observer.Verbose, line => line.StartsWith("PUT ", StringComparison.Ordinal));
        Assert.Equal(etag, (await Container().GetBlobClient(first.BlobName).GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task Different_content_gets_a_different_name()
    {
        var connection = await fixture.ConnectAsync();
        var a = await DatasetUploader.UploadAsync(connection, WriteFile("x/d.jsonl", Unique("one\n")), null, NullObserver.Instance, default);
        var b = await DatasetUploader.UploadAsync(connection, WriteFile("y/d.jsonl", Unique("two\n")), null, NullObserver.Instance, default);
        Assert.NotEqual(a.BlobName, b.BlobName);
        Assert.False(b.Skipped);
    }

    [Fact]
    public async Task Refused_listSecrets_falls_back_to_the_connection_identity()
    {
        await EmulatorAdmin.AddFaultsAsync(fixture.Emulator,
            [new FaultRule { Operation = "Datastores_ListSecrets", Kind = FaultKind.Forbidden }], default);
        var connection = await fixture.ConnectAsync();
        var observer = new RecordingObserver();

        var result = await DatasetUploader.UploadAsync(connection, WriteFile("id.jsonl", Unique("identity\n")), null, observer, default);

        Assert.True(result.UsedIdentity);
        Assert.Contains(observer.Verbose, l => l.Contains("listSecrets") && l.Contains("HTTP 403"));
        Assert.Equal("completed", (await Container().GetBlobClient(result.BlobName).GetPropertiesAsync()).Value.Metadata["upload_status"]);
    }

    [Fact]
    public async Task Large_files_go_up_in_blocks_with_progress()
    {
        var file = WriteFile("big.jsonl", Unique(new string('x', 5 << 20)));
        var connection = await fixture.ConnectAsync();
        var observer = new RecordingObserver();

        var result = await DatasetUploader.UploadAsync(connection, file, null, SmallBlocks, observer, default);

        var blocks = (await Container().GetBlockBlobClient(result.BlobName).GetBlockListAsync()).Value;
        Assert.True(blocks.CommittedBlocks.Count() >= 5);
        var percents = observer.Progress.Where(p => !p.Completed).Select(p => p.PercentComplete).ToList();
        Assert.True(percents.Count >= 3, $"only {percents.Count} progress reports");
        Assert.Equal(percents.OrderBy(p => p), percents);
        Assert.Contains(observer.Progress, p => p.Status.Contains("MB"));
    }

    [Fact]
    public async Task Cancelling_leaves_no_blob_marked_completed()
    {
        var file = WriteFile("cancel.jsonl", Unique(new string('c', 24 << 20)));
        var connection = await fixture.ConnectAsync();
        using var cts = new CancellationTokenSource();
        var observer = new CancelOnProgress(cts);
        var slow = new StorageTransferOptions { InitialTransferSize = 1 << 20, MaximumTransferSize = 1 << 20, MaximumConcurrency = 1 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DatasetUploader.UploadAsync(connection, file, null, slow, observer, cts.Token));

        var md5 = ExpectedHash(await File.ReadAllBytesAsync(file));
        var blob = Container().GetBlobClient($"LocalUpload/{md5}/cancel.jsonl");
        if (await blob.ExistsAsync())
        {
            Assert.False((await blob.GetPropertiesAsync()).Value.Metadata.ContainsKey("upload_status"));
        }
        // The next run uploads it for real.
        var again = await DatasetUploader.UploadAsync(connection, file, null, NullObserver.Instance, default);
        Assert.False(again.Skipped);
    }

    [Fact]
    public async Task The_SAS_never_reaches_verbose_output_or_errors()
    {
        var connection = await fixture.ConnectAsync();
        var observer = new RecordingObserver();
        await DatasetUploader.UploadAsync(connection, WriteFile("s.jsonl", Unique("sas\n")), null, observer, default);

        // A failing upload: the container is gone for a moment.
        await Container().DeleteAsync();
        try
        {
            var error = await Assert.ThrowsAsync<FineTuneException>(() =>
                DatasetUploader.UploadAsync(connection, WriteFile("t.jsonl", Unique("fails\n")), null, observer, default));
            Assert.Contains("t.jsonl", error.Message);
            Assert.Contains("workspaceblobstore", error.Message);
            foreach (var text in observer.Verbose.Append(error.ToString()).Append(error.RecommendedAction ?? ""))
            {
                Assert.DoesNotContain("sig=", text);
                Assert.DoesNotContain("sv=", text);
                Assert.DoesNotContain(AzuriteKey, text);
            }
        }
        finally
        {
            await RecreateContainer();
        }
        Assert.Contains(observer.Verbose, l => l.StartsWith("PUT /devstoreaccount1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_datastore_that_does_not_exist_is_a_clear_error()
    {
        var connection = await fixture.ConnectAsync();
        var error = await Assert.ThrowsAsync<FineTuneException>(() =>
            DatasetUploader.UploadAsync(connection, WriteFile("n.jsonl", "x\n"), "nosuchstore", NullObserver.Instance, default));
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Contains("nosuchstore", error.Message);
        Assert.Contains("n.jsonl", error.Message);
    }

    [Fact]
    public void Real_clouds_use_the_account_url_of_their_storage_suffix()
    {
        foreach (var (cloud, host) in new[]
                 {
                     (AzureCloud.AzureCloud, "acct.blob.core.windows.net"),
                     (AzureCloud.AzureChinaCloud, "acct.blob.core.chinacloudapi.cn"),
                     (AzureCloud.AzureUSGovernment, "acct.blob.core.usgovcloudapi.net"),
                 })
        {
            var session = new Connection.ConnectionSession(new Connection.ConnectionRequest
            {
                SubscriptionId = Guid.Empty.ToString(), ResourceGroupName = "rg", WorkspaceName = "ws", Cloud = cloud,
            }, new Azure.Identity.DefaultAzureCredential());
            Assert.Equal($"https://{host}/", session.BlobServiceUri("acct").AbsoluteUri);
        }
    }

    string WriteFile(string relative, string content)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    static string Unique(string content) => $"{Guid.NewGuid()}\n{content}";

    static string ExpectedHash(byte[] content)
    {
        var seed = Encoding.UTF8.GetBytes("Initialize for october 2021 AML CLI version");
        return Convert.ToHexString(MD5.HashData(seed.Concat(content).ToArray())).ToLowerInvariant();
    }

    /// <summary>The datastore's container, signed with Azurite's well-known key, trusting only the emulator's certificate.</summary>
    BlobContainerClient Container()
    {
        var options = new BlobClientOptions { Transport = ClientSetup.PinnedTransport(fixture.Emulator.CertificateThumbprintSha256) };
        var container = $"{fixture.Emulator.BlobEndpoint!.AbsoluteUri.TrimEnd('/')}/9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02-azureml-blobstore";
        return new BlobContainerClient(new Uri(container), new StorageSharedKeyCredential("devstoreaccount1", AzuriteKey), options);
    }

    async Task RecreateContainer()
    {
        // Azurite deletes a container asynchronously: retry while it reports ContainerBeingDeleted.
        for (var i = 0; ; i++)
        {
            try
            {
                await Container().CreateIfNotExistsAsync();
                return;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 409 && i < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Cancels the upload as soon as the first bytes are reported.</summary>
    sealed class CancelOnProgress(CancellationTokenSource cts) : IOperationObserver
    {
        public void Progress(OperationProgress progress)
        {
            if (!progress.Completed) cts.Cancel();
        }

        public void Verbose(string message) { }
        public void Warning(string message) { }
    }
}
