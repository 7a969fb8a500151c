using System.Management.Automation;
using PhiFineTune.Commands.Base;
using PhiFineTune.Engine.Emulator;

namespace PhiFineTune.Commands;

/// <summary>Starts the HTTPS Azure emulator as a separate process bound to 127.0.0.1.</summary>
[Cmdlet(VerbsLifecycle.Start, "FineTuneEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(EmulatorInstance))]
public sealed class StartFineTuneEmulatorCommand : FineTuneCmdlet
{
    /// <summary>The TCP port; 0 (the default) takes a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>How long a provider stays Registering before it reads Registered.</summary>
    [Parameter]
    [ValidateRange(0, 3_600_000)]
    public int RegistrationDelayMilliseconds { get; set; } = 3000;

    /// <summary>Step length of the accelerated job clock; a job takes 12 steps from creation to Completed.</summary>
    [Parameter]
    [ValidateRange(1, 3_600_000)]
    public int JobStepMilliseconds { get; set; } = 2000;

    /// <summary>How long a deployment (serverless endpoint) stays Creating or Deleting.</summary>
    [Parameter]
    [ValidateRange(1, 3_600_000)]
    public int DeploymentStepMilliseconds { get; set; } = 5000;

    /// <summary>The Retry-After, in seconds, of the deployments' long-running operations; Azure's minimum, 10, by default.</summary>
    [Parameter]
    [ValidateRange(0, 600)]
    public int LroRetryAfterSeconds { get; set; } = 10;

    /// <summary>A JSON file of fault rules active from the start (docs/emulator.md).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FaultRulePath { get; set; }

    /// <summary>Run without Azurite: no blob storage, so no datastore and no uploads (and no Node.js needed).</summary>
    [Parameter]
    public SwitchParameter NoBlobStorage { get; set; }

    protected override void ProcessRecordCore()
    {
        if (!ShouldProcess("127.0.0.1" + (Port == 0 ? "" : $":{Port}"), "Start the PhiFineTune emulator")) return;
        var emulatorDirectory = Path.Combine(Path.GetDirectoryName(typeof(StartFineTuneEmulatorCommand).Assembly.Location)!,
            "emulator");
        var faults = FaultRulePath is null ? null : GetUnresolvedProviderPathFromPSPath(FaultRulePath);
        var emulator = Run(async (observer, token) =>
        {
            var azurite = NoBlobStorage
                ? null
                : await AzuriteInstaller.EnsureAsync(Path.Combine(emulatorDirectory, "azurite"), "node", observer, token);
            return await EmulatorLauncher.StartAsync(new EmulatorStartOptions
            {
                EmulatorDirectory = emulatorDirectory,
                Port = Port,
                RegistrationDelayMilliseconds = RegistrationDelayMilliseconds,
                JobStepMilliseconds = JobStepMilliseconds,
                DeploymentStepMilliseconds = DeploymentStepMilliseconds,
                LroRetryAfterSeconds = LroRetryAfterSeconds,
                FaultRulesPath = faults,
                AzuriteDirectory = azurite,
            }, observer, token);
        });
        EmulatorRegistry.Add(emulator);
        RunspaceState.Current.Emulators.Add(emulator);
        WriteObject(emulator);
    }
}
