namespace PhiFineTune.Engine.Emulator;

/// <summary>How <see cref="EmulatorLauncher"/> starts the emulator: where it is, its port, its timings and its storage.</summary>
public sealed class EmulatorStartOptions
{
    /// <summary>The folder holding PhiFineTune.Emulator.dll.</summary>
    public required string EmulatorDirectory { get; init; }
    public int Port { get; init; }
    public int? RegistrationDelayMilliseconds { get; init; }
    public string? FaultRulesPath { get; init; }
    /// <summary>Step length of the emulator's accelerated job clock (a job takes 12 steps to complete).</summary>
    public int? JobStepMilliseconds { get; init; }
    /// <summary>How long a serverless endpoint stays Creating or Deleting.</summary>
    public int? DeploymentStepMilliseconds { get; init; }
    /// <summary>The Retry-After of the endpoints' long-running operations (Azure: 10 to 600 s).</summary>
    public int? LroRetryAfterSeconds { get; init; }
    /// <summary>Where azurite is installed (npm ci); null runs the emulator without blob storage.</summary>
    public string? AzuriteDirectory { get; init; }
    /// <summary>The Node.js executable that runs Azurite.</summary>
    public string NodePath { get; init; } = "node";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
