namespace PhiFineTune;

/// <summary>How a connection signs in.</summary>
public enum AuthenticationMethod
{
    DefaultCredential,
    ManagedIdentity,
    ServicePrincipalSecret,
    ServicePrincipalCertificate,
    DeviceCode,
    AccessToken,
    Emulator,
}
