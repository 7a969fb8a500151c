namespace PhiFineTune;

/// <summary>The Azure cloud whose Resource Manager endpoint a connection uses.</summary>
public enum AzureCloud
{
    AzureCloud,
    AzureChinaCloud,
    AzureUSGovernment,
}
