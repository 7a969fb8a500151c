namespace PhiFineTune.Emulator;

/// <summary>Settings the admin API can change; <see cref="EmulatorState.Reset"/> restores the start values.</summary>
/// <param name="JobStepMs">The accelerated clock's step length for fine-tuning jobs (see <see cref="JobStore"/>).</param>
/// <param name="DeploymentStepMs">How long a serverless endpoint stays Creating (or Deleting), see <see cref="EndpointStore"/>,
/// and a resource group Deleting, see <see cref="ResourceGroupStore"/>.</param>
/// <param name="LroRetryAfterSeconds">The Retry-After of the serverless-endpoint and resource-group long-running operations
/// (B.2, C.5: 10 to 600; lower values are an emulator-only speed-up for tests).</param>
public sealed record EmulatorSettings(int RegistrationDelayMs, int PageSize, int JobStepMs = EmulatorSettings.DefaultJobStepMs,
    int DeploymentStepMs = EmulatorSettings.DefaultDeploymentStepMs, int LroRetryAfterSeconds = EmulatorSettings.DefaultLroRetryAfterSeconds)
{
    public const int DefaultJobStepMs = 2000;
    public const int DefaultDeploymentStepMs = 5000;
    /// <summary>B.2: the ML spec's Retry-After minimum.</summary>
    public const int DefaultLroRetryAfterSeconds = 10;
}
