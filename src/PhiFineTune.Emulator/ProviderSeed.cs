namespace PhiFineTune.Emulator;

/// <summary>A seeded resource provider (contract A.2, Provider).</summary>
public sealed record ProviderSeed(string Namespace, string RegistrationState, string RegistrationPolicy, ResourceTypeSeed[] ResourceTypes);
