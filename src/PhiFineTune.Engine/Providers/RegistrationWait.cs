namespace PhiFineTune.Engine.Providers;

/// <summary>The providers' states when a wait for their registration ended, and whether it timed out.</summary>
public sealed record RegistrationWait(IReadOnlyList<ProviderStatus> Providers, bool TimedOut);
