using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Microsoft.KeyVault/vaults (contract K.2). Emulator choice: soft delete is not modelled; a deleted vault is purged at
/// once and its name is free again.
/// </summary>
public sealed partial class KeyVaultKind : ITrackedResourceKind
{
    public static readonly KeyVaultKind Instance = new();

    private static readonly string[] SkuNames = { "standard", "premium" };

    // K.2: the spec's vaultName pattern, and the rules its error message states: start with a letter, end with a letter
    // or digit, no consecutive hyphens.
    [GeneratedRegex("^[a-zA-Z0-9-]{3,24}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z](?!.*--).*[a-zA-Z0-9]$")]
    private static partial Regex NameShape();

    public string ResourceType => "Microsoft.KeyVault/vaults";

    public string CreateOperation => "Vaults_CreateOrUpdate";

    public string GetOperation => "Vaults_Get";

    public string DeleteOperation => "Vaults_Delete";

    public string ListOperation => "Vaults_ListByResourceGroup";

    public int CreatedStatus => 201;

    /// <summary>Emulator choice: one name of "another subscription" is taken.</summary>
    public IReadOnlyCollection<string> ReservedNames { get; } = new[] { SeedState.TakenVaultName };

    public string? NameError(string name) => NamePattern().IsMatch(name) && NameShape().IsMatch(name) ? null :
        $"The vault name '{name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.";

    // Emulator choice: the code of a PUT with a bad name (K.2); the message is the CheckNameAvailability one.
    public ArmException InvalidName(string name) => new(400, "VaultNameNotValid", NameError(name)!);

    // Emulator choice: the status and code of a PUT on a taken name (K.2).
    public ArmException NameTaken(string name) => new(409, "VaultAlreadyExists",
        $"The vault name '{name}' is already in use. Vault names are globally unique so it is possible that the name is already taken.");

    public JsonObject Render(JsonObject request, string id, string name, JsonObject? existing, EmulatorState state)
    {
        var body = TrackedResourceRoutes.Start(request, id, name, ResourceType);
        JobRoutes.Object(request["properties"], "properties");
        var properties = TrackedResourceRoutes.Properties(request);
        var tenantId = JobRoutes.OptionalString(properties["tenantId"], "properties.tenantId");
        if (!Guid.TryParse(tenantId, out _))
        {
            throw ArmErrors.Validation("properties.tenantId", "[Required] A tenant id (a GUID) is required.");
        }
        var sku = JobRoutes.Object(properties["sku"], "properties.sku");
        JobRoutes.String(sku["family"], "properties.sku.family", new[] { "A" });
        JobRoutes.String(sku["name"], "properties.sku.name", SkuNames);
        properties["accessPolicies"] ??= new JsonArray();
        properties["enableSoftDelete"] ??= true;
        properties["softDeleteRetentionInDays"] ??= 90;
        properties["enableRbacAuthorization"] ??= false;
        properties["vaultUri"] = $"https://{name}.vault.azure.net/";
        properties["provisioningState"] = "Succeeded";
        body["properties"] = properties;
        return body;
    }
}
