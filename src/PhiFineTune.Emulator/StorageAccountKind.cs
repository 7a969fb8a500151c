using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>Microsoft.Storage/storageAccounts (contract K.1).</summary>
public sealed partial class StorageAccountKind : ITrackedResourceKind
{
    public static readonly StorageAccountKind Instance = new();

    private static readonly string[] Kinds = { "Storage", "StorageV2", "BlobStorage", "FileStorage", "BlockBlobStorage" };

    // K.1: the spec's accountName pattern (3 to 24 lower-case letters and digits).
    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex NamePattern();

    public string ResourceType => "Microsoft.Storage/storageAccounts";

    public string CreateOperation => "StorageAccounts_Create";

    public string GetOperation => "StorageAccounts_GetProperties";

    public string DeleteOperation => "StorageAccounts_Delete";

    public string ListOperation => "StorageAccounts_ListByResourceGroup";

    /// <summary>Emulator choice: a create that completes at once answers the spec's 200 (not its 202).</summary>
    public int CreatedStatus => 200;

    /// <summary>
    /// Emulator choice: the seeded workspaces' account (Azurite's devstoreaccount1, not served as a resource) and one
    /// name of "another subscription" are taken.
    /// </summary>
    public IReadOnlyCollection<string> ReservedNames { get; } = new[] { SeedState.StorageAccountName, SeedState.TakenStorageAccountName };

    public string? NameError(string name) => NamePattern().IsMatch(name) ? null :
        $"{name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.";

    // Emulator choice: the code is the CheckNameAvailability reason (K.1); the message is its message.
    public ArmException InvalidName(string name) => new(400, "AccountNameInvalid", NameError(name)!);

    // Emulator choice: the status and code of a PUT on a taken name (K.1).
    public ArmException NameTaken(string name) => new(409, "StorageAccountAlreadyTaken", $"The storage account named {name} is already taken.");

    public JsonObject Render(JsonObject request, string id, string name, JsonObject? existing, EmulatorState state)
    {
        var body = TrackedResourceRoutes.Start(request, id, name, ResourceType);
        var skuName = JobRoutes.OptionalString(request["sku"]?["name"], "sku.name");
        if (string.IsNullOrEmpty(skuName))
        {
            throw ArmErrors.Validation("sku.name", "[Required] The field is missing or empty.");
        }
        var kind = JobRoutes.String(request["kind"], "kind", Kinds);
        var properties = TrackedResourceRoutes.Properties(request);
        properties["provisioningState"] = "Succeeded";
        properties["creationTime"] = existing?["properties"]?["creationTime"]?.DeepClone() ?? state.Now.ToString("O");
        properties["primaryLocation"] = body["location"]!.DeepClone();
        properties["statusOfPrimary"] = "available";
        // Emulator choice: the public-cloud endpoint names of the account (nothing serves them).
        properties["primaryEndpoints"] = new JsonObject
        {
            ["blob"] = $"https://{name}.blob.core.windows.net/",
            ["queue"] = $"https://{name}.queue.core.windows.net/",
            ["table"] = $"https://{name}.table.core.windows.net/",
            ["file"] = $"https://{name}.file.core.windows.net/",
            ["dfs"] = $"https://{name}.dfs.core.windows.net/",
            ["web"] = $"https://{name}.z13.web.core.windows.net/",
        };
        body["sku"] = new JsonObject { ["name"] = skuName, ["tier"] = skuName.StartsWith("Premium", StringComparison.OrdinalIgnoreCase) ? "Premium" : "Standard" };
        body["kind"] = kind;
        body["properties"] = properties;
        return body;
    }
}
