namespace PhiFineTune.Emulator;

/// <summary>
/// Every constant the emulator starts with. docs/emulator.md lists the same values; keep the two in step.
/// Emulator choice: all names and GUIDs below are made up for the emulator; none comes from a source.
/// </summary>
public static class SeedState
{
    public const string SubscriptionId = "5c6a1a34-3b1e-4e0b-9a3f-0d7c2f4e8b21";
    public const string ResourceGroupName = "rg-phi-finetune";
    public const string HubWorkspaceName = "phi-hub";
    public const string ProjectWorkspaceName = "phi-project";
    public const string Location = "eastus2";

    public const string ProjectWorkspaceId = "9e1f0c3d-6b8a-4d2e-a5f7-1c3b5d7e9f02";
    public const string HubWorkspaceId = "3a7b2c4d-8e1f-4a6b-9c2d-5e8f1a3b7c60";
    public const string TenantId = "b4f1e8a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string HubPrincipalId = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
    public const string ProjectPrincipalId = "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60";

    /// <summary>The caller named in 403 AuthorizationFailed messages.</summary>
    public const string EmulatorUserName = "emulator-user@phifinetune.local";
    public const string EmulatorUserObjectId = "e7a1c3b5-9d2f-4e6a-8b0c-2d4f6a8c0e13";

    /// <summary>Storage account name of the workspaces: Azurite's well-known dev account.</summary>
    public const string StorageAccountName = "devstoreaccount1";

    /// <summary>Contract K.1: a storage account name "another subscription" holds (CheckNameAvailability: AlreadyExists).</summary>
    public const string TakenStorageAccountName = "phitakenstorage";

    /// <summary>Contract K.2: a key vault name "another subscription" holds.</summary>
    public const string TakenVaultName = "phi-taken-vault";

    /// <summary>Contract K.3: an AI Services account name and custom subdomain "another subscription" holds.</summary>
    public const string TakenAiServicesName = "phi-taken-ai";

    /// <summary>Fixed creation time shown in systemData.</summary>
    public static readonly DateTimeOffset CreatedAt = new(2025, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public const string WorkspaceResourceType = "Microsoft.MachineLearningServices/workspaces";

    /// <summary>A workspace's ARM id in the seeded group (the seeded workspaces'; <see cref="WorkspaceStore"/> holds every workspace).</summary>
    public static string WorkspaceArmId(string workspaceName) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}";

    public static string StorageAccountArmId =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/Microsoft.Storage/storageAccounts/{StorageAccountName}";

    private const string Required = "RegistrationRequired";

    /// <summary>
    /// Providers in the order Providers_List returns them. Their resource types (api-versions, locations) come from
    /// ApiVersions.json (<see cref="ApiVersionCatalog"/>, docs/contracts/api-versions.md).
    /// </summary>
    public static readonly ProviderSeed[] Providers =
    {
        // Not registered at start: the Phi serverless fine-tuning guide says it must be registered (contract A.5).
        Seed("Microsoft.Network", "NotRegistered", Required),
        Seed("Microsoft.MachineLearningServices", "Registered", Required),
        Seed("Microsoft.Storage", "Registered", Required),
        Seed("Microsoft.CognitiveServices", "NotRegistered", Required),
        Seed("Microsoft.Resources", "Registered", "RegistrationFree"),
        Seed("Microsoft.Compute", "Registered", Required),
        Seed("Microsoft.KeyVault", "Registered", Required),
        Seed("Microsoft.ContainerRegistry", "Registered", Required),
        Seed("Microsoft.Insights", "NotRegistered", Required),
        Seed("Microsoft.OperationalInsights", "Registered", Required),
        // Contract K.4: role assignments and definitions; the provider needs no registration.
        Seed("Microsoft.Authorization", "Registered", "RegistrationFree"),
    };

    private static ProviderSeed Seed(string ns, string registrationState, string registrationPolicy) =>
        new(ns, registrationState, registrationPolicy, ApiVersionCatalog.ResourceTypes(ns));
}
