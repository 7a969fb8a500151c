using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>Microsoft.CognitiveServices/accounts (contract K.3), the kind AIServices that Foundry hubs connect to.</summary>
public sealed partial class AiServicesAccountKind : ITrackedResourceKind
{
    public static readonly AiServicesAccountKind Instance = new();

    // Emulator choice: the kinds served (the spec's kind is a free string); AIServices is the one the module uses.
    private static readonly string[] Kinds = { "AIServices", "OpenAI", "CognitiveServices" };

    // K.3: the spec's accountName pattern.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NamePattern();

    public string ResourceType => "Microsoft.CognitiveServices/accounts";

    public string CreateOperation => "Accounts_Create";

    public string GetOperation => "Accounts_Get";

    public string DeleteOperation => "Accounts_Delete";

    public string ListOperation => "Accounts_ListByResourceGroup";

    public int CreatedStatus => 201;

    /// <summary>Emulator choice: one account name (and custom subdomain) of "another subscription" is taken.</summary>
    public IReadOnlyCollection<string> ReservedNames { get; } = new[] { SeedState.TakenAiServicesName };

    public string? NameError(string name) => name.Length is >= 2 and <= 64 && NamePattern().IsMatch(name) ? null :
        $"The account name '{name}' is invalid: 2 to 64 characters, letters, digits, '_', '.' and '-', starting with a letter or digit.";

    // Emulator choice: the code and message of a PUT with a bad name (K.3).
    public ArmException InvalidName(string name) => new(400, "InvalidResourceName", NameError(name)!);

    // Emulator choice: the code of a taken name or custom subdomain (K.3).
    public ArmException NameTaken(string name) => new(409, "CustomDomainInUse",
        $"Custom domain name '{name}' is already in use. Please pick another name.");

    public JsonObject Render(JsonObject request, string id, string name, JsonObject? existing, EmulatorState state)
    {
        var body = TrackedResourceRoutes.Start(request, id, name, ResourceType);
        var kind = JobRoutes.String(request["kind"], "kind", Kinds);
        var skuName = JobRoutes.OptionalString(request["sku"]?["name"], "sku.name");
        if (string.IsNullOrEmpty(skuName))
        {
            throw ArmErrors.Validation("sku.name", "[Required] The field is missing or empty.");
        }
        var properties = TrackedResourceRoutes.Properties(request);
        var subdomain = JobRoutes.OptionalString(properties["customSubDomainName"], "properties.customSubDomainName");
        if (subdomain is not null && (ReservedNames.Contains(subdomain, StringComparer.OrdinalIgnoreCase)
            || state.Resources.AnyWithProperty(ResourceType, "customSubDomainName", subdomain, name)))
        {
            throw NameTaken(subdomain);
        }
        // Emulator choice: the endpoint is the emulator's base URL (nothing else would answer).
        properties["endpoint"] = state.BaseUrl + "/";
        properties["provisioningState"] = "Succeeded";
        properties["dateCreated"] = existing?["properties"]?["dateCreated"]?.DeepClone() ?? state.Now.ToString("O");
        body["kind"] = kind;
        body["sku"] = new JsonObject { ["name"] = skuName };
        body["properties"] = properties;
        return body;
    }
}
