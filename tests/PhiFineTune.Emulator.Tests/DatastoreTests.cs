using System.Net;
using System.Reflection;
using System.Security.Cryptography;

namespace PhiFineTune.Emulator.Tests;

/// <summary>An emulator started with --azurite-dir (Azurite from PHIFINETUNE_AZURITE_DIR or the baked out/azurite).</summary>
public sealed class AzuriteEmulatorFixture : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static string AzuriteDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("PHIFINETUNE_AZURITE_DIR") is { Length: > 0 } env
                ? env
                : typeof(AzuriteEmulatorFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AzuriteDirectory").Value!;
            return File.Exists(Path.Combine(dir, "node_modules", "azurite", "dist", "src", "blob", "main.js"))
                ? dir
                : throw new InvalidOperationException($"Azurite is not installed in '{dir}': run ./build.ps1 Test once, or npm ci there.");
        }
    }

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorProcess.StartAsync("--azurite-dir", AzuriteDirectory);
        Client = Emulator.CreateClient();
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        Emulator?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Datastores_List, _Get and _ListSecrets (contract D.2) with Azurite behind them.</summary>
public sealed class DatastoreTests(AzuriteEmulatorFixture fixture) : IClassFixture<AzuriteEmulatorFixture>, IAsyncLifetime
{
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    const string Container = "9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02-azureml-blobstore";
    static readonly string Datastores =
        $"subscriptions/{EmulatorTestBase.Sub}/resourceGroups/{EmulatorTestBase.Rg}/providers/Microsoft.MachineLearningServices/workspaces/{EmulatorTestBase.Project}/datastores";

    HttpClient Client => fixture.Client;

    public async Task InitializeAsync() => (await Client.PostAsync("_emulator/reset", null)).EnsureSuccessStatusCode();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Ready_file_names_the_blob_endpoint_account_and_container()
    {
        var ready = fixture.Emulator.Ready;
        Assert.Matches(@"^https://127\.0\.0\.1:\d+/devstoreaccount1$", (string)ready["blobEndpoint"]!);
        Assert.Equal("devstoreaccount1", (string)ready["storageAccountName"]!);
        Assert.Equal(Container, (string)ready["containerName"]!);
    }

    [Fact]
    public async Task Oldest_and_newest_version_of_the_provider_list_answer_list_and_get()
    {
        var provider = await Json(await Client.GetAsync(
            $"subscriptions/{EmulatorTestBase.Sub}/providers/Microsoft.MachineLearningServices?{EmulatorTestBase.ProvidersApi}"), HttpStatusCode.OK);
        var versions = provider["resourceTypes"]!.AsArray()
            .Single(t => (string?)t!["resourceType"] == "workspaces/datastores")!["apiVersions"]!.AsArray()
            .Select(v => (string)v!).ToList();
        Assert.True(versions.Count > 1, $"workspaces/datastores lists {versions.Count} api-versions");
        foreach (var version in new[] { versions[^1], versions[0] })
        {
            var list = await Json(await Client.GetAsync($"{Datastores}?api-version={version}"), HttpStatusCode.OK);
            Assert.Contains(list["value"]!.AsArray(), d => (string?)d!["name"] == "workspaceblobstore");
            var one = await Json(await Client.GetAsync($"{Datastores}/workspaceblobstore?api-version={version}"), HttpStatusCode.OK);
            Assert.Equal("AzureBlob", (string)one["properties"]!["datastoreType"]!);
        }
    }

    [Theory]
    [InlineData("2025-01-01-preview")]
    [InlineData("2024-07-01-preview")]
    [InlineData("2024-01-01-preview")]
    public async Task Get_returns_the_default_blob_datastore_without_its_key(string apiVersion)
    {
        var body = await Json(await Client.GetAsync($"{Datastores}/workspaceblobstore?api-version={apiVersion}"), HttpStatusCode.OK);
        Assert.Equal("workspaceblobstore", (string)body["name"]!);
        Assert.Equal("Microsoft.MachineLearningServices/workspaces/datastores", (string)body["type"]!);
        var p = body["properties"]!;
        Assert.Equal("AzureBlob", (string)p["datastoreType"]!);
        Assert.True((bool)p["isDefault"]!);
        Assert.Equal("devstoreaccount1", (string)p["accountName"]!);
        Assert.Equal(Container, (string)p["containerName"]!);
        Assert.Equal("core.windows.net", (string)p["endpoint"]!);
        Assert.Equal("https", (string)p["protocol"]!);
        Assert.Equal("AccountKey", (string)p["credentials"]!["credentialsType"]!);
        Assert.Equal("{\"secretsType\":\"AccountKey\"}", p["credentials"]!["secrets"]!.ToJsonString());
        Assert.DoesNotContain(Key, body.ToJsonString());
    }

    [Fact]
    public async Task List_filters_on_isDefault_and_pages()
    {
        var all = await Json(await Client.GetAsync($"{Datastores}?{EmulatorTestBase.MlApi}&isDefault=true"), HttpStatusCode.OK);
        Assert.Equal("workspaceblobstore", (string)all["value"]![0]!["name"]!);
        Assert.Null(all["nextLink"]);
        var none = await Json(await Client.GetAsync($"{Datastores}?{EmulatorTestBase.MlApi}&isDefault=false"), HttpStatusCode.OK);
        Assert.Empty(none["value"]!.AsArray());
        var skipped = await Json(await Client.GetAsync($"{Datastores}?{EmulatorTestBase.MlApi}&%24skip=1"), HttpStatusCode.OK);
        Assert.Empty(skipped["value"]!.AsArray());
    }

    [Fact]
    public async Task ListSecrets_with_an_expirable_secret_is_a_container_SAS_that_works()
    {
        var secrets = await Json(await Post("/workspaceblobstore/listSecrets", "{\"expirableSecret\":true,\"expireAfterHours\":1}"), HttpStatusCode.OK);
        Assert.Equal("Sas", (string)secrets["secretsType"]!);
        var sas = (string)secrets["sasToken"]!;
        Assert.False(sas.StartsWith('?'));
        Assert.Contains("sr=c", sas);
        Assert.Contains("sig=", sas);

        // The SAS lists the container on Azurite, over the emulator's own certificate.
        using var blob = BlobClient();
        using var list = await blob.GetAsync($"{fixture.Emulator.Ready["blobEndpoint"]}/{Container}?restype=container&comp=list&{sas}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("<EnumerationResults", await list.Content.ReadAsStringAsync());
        using var unsigned = await blob.GetAsync($"{fixture.Emulator.Ready["blobEndpoint"]}/{Container}?restype=container&comp=list");
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode);
    }

    [Fact]
    public async Task ListSecrets_without_an_expirable_secret_is_the_account_key()
    {
        var secrets = await Json(await Post("/workspaceblobstore/listSecrets", null), HttpStatusCode.OK);
        Assert.Equal("AccountKey", (string)secrets["secretsType"]!);
        Assert.Equal(Key, (string)secrets["key"]!);
    }

    [Fact]
    public async Task A_forbidden_fault_on_listSecrets_names_its_action_and_leaves_Get_alone()
    {
        (await Client.PostAsync("_emulator/faults", new StringContent(
            "{\"operation\":\"Datastores_ListSecrets\",\"kind\":\"Forbidden\"}", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var error = await Json(await Post("/workspaceblobstore/listSecrets", "{\"expirableSecret\":true}"), HttpStatusCode.Forbidden);
        Assert.Equal("AuthorizationFailed", (string)error["error"]!["code"]!);
        Assert.Contains("Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action", (string)error["error"]!["message"]!);
        Assert.Contains("/datastores/workspaceblobstore", (string)error["error"]!["message"]!);
        await Json(await Client.GetAsync($"{Datastores}/workspaceblobstore?{EmulatorTestBase.MlApi}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_datastore_is_404()
    {
        var error = await Json(await Client.GetAsync($"{Datastores}/other?{EmulatorTestBase.MlApi}"), HttpStatusCode.NotFound);
        Assert.Contains("other", (string)error["error"]!["message"]!);
    }

    [Fact]
    public async Task Killing_the_emulator_outright_still_ends_Azurite()
    {
        if (!OperatingSystem.IsLinux()) return; // reads /proc
        using var emulator = await EmulatorProcess.StartAsync("--azurite-dir", AzuriteEmulatorFixture.AzuriteDirectory);
        var node = ChildrenOf(emulator.Process.Id).Single();
        emulator.Process.Kill(entireProcessTree: false); // SIGKILL: no graceful stop runs
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists($"/proc/{node}") && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(Directory.Exists($"/proc/{node}") && !File.ReadAllText($"/proc/{node}/stat").Contains(") Z "),
            $"Azurite (pid {node}) outlived its emulator");
    }

    static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(p =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{p}/stat");
                    return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == pid.ToString() &&
                           File.ReadAllText($"/proc/{p}/cmdline").Contains("azurite");
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    Task<HttpResponseMessage> Post(string path, string? body) => Client.PostAsync($"{Datastores}{path}?{EmulatorTestBase.MlApi}",
        body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    HttpClient BlobClient()
    {
        var pin = fixture.Emulator.Thumbprint;
        return new HttpClient(new HttpClientHandler
        {
            UseProxy = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(cert.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase),
        });
    }

    static async Task<System.Text.Json.Nodes.JsonNode> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            return System.Text.Json.Nodes.JsonNode.Parse(text)!;
        }
    }
}

/// <summary>Without --azurite-dir the datastore routes say why there is no datastore.</summary>
public sealed class NoBlobStorageTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task Datastore_routes_answer_409_EmulatorBlobStorageDisabled()
    {
        using var response = await Client.GetAsync(
            $"subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.MachineLearningServices/workspaces/{Project}/datastores/workspaceblobstore?{MlApi}");
        var message = await AssertArmError(response, HttpStatusCode.Conflict, "EmulatorBlobStorageDisabled");
        Assert.Contains("without blob storage", message);
        Assert.Null(Emulator.Ready["blobEndpoint"]);
    }
}
