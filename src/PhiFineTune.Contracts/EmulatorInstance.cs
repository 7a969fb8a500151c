using System.Diagnostics;

namespace PhiFineTune;

/// <summary>A running PhiFineTune.Emulator process, as its ready file describes it.</summary>
public sealed class EmulatorInstance
{
    internal EmulatorInstance(Process process) => Process = process;

    internal Process Process { get; }

    public required Uri Endpoint { get; init; }
    public required Uri AdminEndpoint { get; init; }
    /// <summary>SHA-256 of the emulator's self-signed certificate: the only certificate trusted for it.</summary>
    public required string CertificateThumbprintSha256 { get; init; }
    public required int ProcessId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    public required string WorkspaceName { get; init; }
    public required string HubWorkspaceName { get; init; }
    public required string Location { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Azurite's path-style account URL (https://127.0.0.1:PORT/devstoreaccount1); null without blob storage.</summary>
    public Uri? BlobEndpoint { get; init; }

    public bool HasExited
    {
        get
        {
            try { return Process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    public override string ToString() => $"PhiFineTune emulator at {Endpoint} (process {ProcessId})";
}
