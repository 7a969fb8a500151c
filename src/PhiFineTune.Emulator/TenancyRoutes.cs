namespace PhiFineTune.Emulator;

/// <summary>Maps the resource types of contract K: the tracked kinds through <see cref="TrackedResourceRoutes"/>, and role assignments.</summary>
public static class TenancyRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        TrackedResourceRoutes.Map(app, state, StorageAccountKind.Instance);
        TrackedResourceRoutes.MapCheckName(app, state, StorageAccountKind.Instance, "StorageAccounts_CheckNameAvailability");
        TrackedResourceRoutes.Map(app, state, KeyVaultKind.Instance);
        TrackedResourceRoutes.MapCheckName(app, state, KeyVaultKind.Instance, "Vaults_CheckNameAvailability");
        TrackedResourceRoutes.Map(app, state, AiServicesAccountKind.Instance);
        RoleAssignmentRoutes.Map(app, state);
    }
}
