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

/// <summary>The Azure cloud whose Resource Manager endpoint a connection uses.</summary>
public enum AzureCloud
{
    AzureCloud,
    AzureChinaCloud,
    AzureUSGovernment,
}
