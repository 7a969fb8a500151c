using System.Reflection;
using System.Security;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Engine.Tests;

/// <summary>One real emulator process for a test class, started through the Engine's own launcher.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    readonly bool _blobStorage;

    public EmulatorFixture() : this(blobStorage: false) { }

    protected EmulatorFixture(bool blobStorage) => _blobStorage = blobStorage;

    public EmulatorInstance Emulator { get; private set; } = null!;

    /// <summary>Azurite installed by build.ps1 Test (npm ci): PHIFINETUNE_AZURITE_DIR, else the baked out/azurite.</summary>
    public static string AzuriteDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable(AzuriteInstaller.DirectoryVariable) is { Length: > 0 } env
                ? env
                : typeof(EmulatorFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "AzuriteDirectory").Value!;
            return File.Exists(AzuriteInstaller.EntryScript(dir))
                ? dir
                : throw new InvalidOperationException($"Azurite is not installed in '{dir}': run ./build.ps1 Test once, or npm ci there.");
        }
    }

    public static string EmulatorDirectory => typeof(EmulatorFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EmulatorDirectory").Value!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorLauncher.StartAsync(new EmulatorStartOptions
        {
            EmulatorDirectory = EmulatorDirectory,
            RegistrationDelayMilliseconds = 500,
            AzuriteDirectory = _blobStorage ? AzuriteDirectory : null,
        }, NullObserver.Instance, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        EmulatorLauncher.Stop(Emulator, TimeSpan.FromSeconds(10));
        return Task.CompletedTask;
    }

    public ConnectionRequest Request(string? workspace = null, string? subscription = null, SecureString? token = null,
        string? thumbprint = null) => new()
    {
        SubscriptionId = subscription ?? Emulator.SubscriptionId,
        ResourceGroupName = Emulator.ResourceGroupName,
        WorkspaceName = workspace ?? Emulator.WorkspaceName,
        Method = AuthenticationMethod.Emulator,
        AccessToken = token,
        Emulator = new EmulatorEndpoint(Emulator.Endpoint, thumbprint ?? Emulator.CertificateThumbprintSha256, Emulator.BlobEndpoint),
    };

    public Task<FineTuneConnection> ConnectAsync() =>
        WorkspaceConnector.ConnectAsync(Request(), NullObserver.Instance, CancellationToken.None);
}

/// <summary>An emulator with Azurite behind its default datastore.</summary>
public sealed class BlobEmulatorFixture() : EmulatorFixture(blobStorage: true);

/// <summary>Records what the Engine reports, as a cmdlet would receive it.</summary>
public sealed class RecordingObserver : IOperationObserver
{
    public List<string> Verbose { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<OperationProgress> Progress { get; } = [];

    void IOperationObserver.Progress(OperationProgress progress) { lock (Progress) Progress.Add(progress); }
    void IOperationObserver.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
    void IOperationObserver.Warning(string message) { lock (Warnings) Warnings.Add(message); }
}
