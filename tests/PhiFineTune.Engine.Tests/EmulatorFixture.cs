using System.Reflection;
using System.Security;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Engine.Tests;

/// <summary>One real emulator process for a test class, started through the Engine's own launcher.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorInstance Emulator { get; private set; } = null!;

    public static string EmulatorDirectory => typeof(EmulatorFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EmulatorDirectory").Value!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorLauncher.StartAsync(new EmulatorStartOptions
        {
            EmulatorDirectory = EmulatorDirectory,
            RegistrationDelayMilliseconds = 500,
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
        Emulator = new EmulatorEndpoint(Emulator.Endpoint, thumbprint ?? Emulator.CertificateThumbprintSha256),
    };

    public Task<FineTuneConnection> ConnectAsync() =>
        WorkspaceConnector.ConnectAsync(Request(), NullObserver.Instance, CancellationToken.None);
}

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
