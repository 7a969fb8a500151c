namespace PhiFineTune;

/// <summary>The registration state of one resource provider in one subscription, as last read.</summary>
public sealed class ProviderStatus
{
    public required string ProviderNamespace { get; init; }
    public required string RegistrationState { get; init; }
    public string? RegistrationPolicy { get; init; }
    public required string SubscriptionId { get; init; }
    /// <summary>Why the Phi fine-tuning path needs it; empty for a namespace the user asked about.</summary>
    public string? Purpose { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required FineTuneConnection Connection { get; init; }

    public bool IsReady => string.Equals(RegistrationState, ProviderStates.Registered, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{ProviderNamespace}: {RegistrationState}";
}
