namespace PhiFineTune;

/// <summary>Registration states (contract A.3). The service types the field as an open string.</summary>
public static class ProviderStates
{
    public const string NotRegistered = "NotRegistered";
    public const string Registering = "Registering";
    public const string Registered = "Registered";
    public const string Unregistering = "Unregistering";
}
