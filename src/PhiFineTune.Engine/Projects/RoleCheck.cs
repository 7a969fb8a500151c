using System.Text.Json;
using System.Text.RegularExpressions;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// The guide's RBAC note (contract B.10): fine-tuning in a project needs the Azure AI Developer role on its resource
/// group, or a role that includes its actions. Reads the caller's role assignments on the group
/// (<c>$filter=assignedTo('{objectId}')</c>, contract K.4) and the role definitions there, and words a warning with
/// the exact commands that grant the role when none does.
/// </summary>
internal static class RoleCheck
{
    public const string AzureAIDeveloperId = "64702f94-c441-49e6-a78b-ef80e0188fee";
    public const string OwnerId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string ContributorId = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    /// <summary>The warning to show, or null when the caller holds a role that covers Azure AI Developer.</summary>
    public static async Task<string?> WarningAsync(ArmRequests arm, string groupId, CallerIdentity caller,
        CancellationToken cancellationToken)
    {
        if (caller.ObjectId is null)
        {
            return $"Could not check the roles on '{groupId}': the sign-in token names no object id (oid). Fine-tuning in " +
                   "the project needs the Azure AI Developer role on the resource group.";
        }
        List<JsonElement> assignments;
        List<JsonElement> definitions;
        try
        {
            var call = new ArmCall("NewFineTuneProject", groupId);
            assignments = await ListAsync(arm, arm.Address(groupId + "/providers/Microsoft.Authorization/roleAssignments",
                ProjectResourceTypes.AuthorizationApiVersion, ("$filter", $"assignedTo('{caller.ObjectId}')")), call,
                cancellationToken).ConfigureAwait(false);
            definitions = await ListAsync(arm, arm.Address(groupId + "/providers/Microsoft.Authorization/roleDefinitions",
                ProjectResourceTypes.AuthorizationApiVersion), call, cancellationToken).ConfigureAwait(false);
        }
        catch (FineTuneException e) when (e.Kind == FailureKind.PermissionDenied)
        {
            return $"Could not read the role assignments on '{groupId}' ({e.Message}). " + Grant(groupId, caller.ObjectId);
        }
        var held = assignments.Select(a => LastSegment(JsonRead.String(JsonRead.Object(a, "properties"), "roleDefinitionId")))
            .Where(id => id is not null).Select(id => id!).ToList();
        var roles = definitions.Select(Read).ToList();
        return Grants(held, roles)
            ? null
            : $"The signed-in identity ({caller.ObjectId}) holds no role on resource group '{groupId}' that includes " +
              "the Azure AI Developer role's actions, which fine-tuning in the project needs. " + Grant(groupId, caller.ObjectId);
    }

    /// <summary>
    /// True when the held role ids include Azure AI Developer, Owner or Contributor, or when the held roles together
    /// allow every action of Azure AI Developer's definition (when it is among <paramref name="definitions"/>).
    /// </summary>
    public static bool Grants(IReadOnlyCollection<string> heldRoleIds, IReadOnlyCollection<RoleDefinition> definitions)
    {
        if (heldRoleIds.Any(id => id.Equals(AzureAIDeveloperId, StringComparison.OrdinalIgnoreCase) ||
                                  id.Equals(OwnerId, StringComparison.OrdinalIgnoreCase) ||
                                  id.Equals(ContributorId, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        var developer = definitions.FirstOrDefault(d => d.Id.Equals(AzureAIDeveloperId, StringComparison.OrdinalIgnoreCase));
        if (developer is null) return false;
        var held = definitions.Where(d => heldRoleIds.Contains(d.Id, StringComparer.OrdinalIgnoreCase)).ToList();
        var needed = developer.Permissions.SelectMany(p => p.Actions).ToList();
        return held.Count > 0 && needed.All(action => held.Any(role => Allows(role, action)));
    }

    /// <summary>True when a permissions block of the role allows the action (a wildcard action is matched as text).</summary>
    public static bool Allows(RoleDefinition role, string action) =>
        role.Permissions.Any(p => p.Actions.Any(a => Matches(a, action)) && !p.NotActions.Any(n => Matches(n, action)));

    /// <summary>An RBAC action pattern against an action, ignoring case; '*' matches any run of characters.</summary>
    public static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    static string Grant(string groupId, string objectId) =>
        "Grant it with:" + Environment.NewLine +
        $"  az role assignment create --assignee {objectId} --role \"Azure AI Developer\" --scope {groupId}" + Environment.NewLine +
        $"  New-AzRoleAssignment -ObjectId {objectId} -RoleDefinitionName 'Azure AI Developer' -Scope {groupId}";

    static async Task<List<JsonElement>> ListAsync(ArmRequests arm, Uri address, ArmCall call, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        await foreach (var item in arm.ListAsync(address, call, cancellationToken).ConfigureAwait(false)) all.Add(item);
        return all;
    }

    static RoleDefinition Read(JsonElement definition)
    {
        var properties = JsonRead.Object(definition, "properties");
        var permissions = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("permissions", out var p) &&
                          p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(block => new RolePermission(Strings(block, "actions"), Strings(block, "notActions"))).ToList()
            : [];
        return new RoleDefinition(JsonRead.String(definition, "name") ?? LastSegment(JsonRead.String(definition, "id")) ?? "",
            JsonRead.String(properties, "roleName") ?? "", permissions);
    }

    static List<string> Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    static string? LastSegment(string? id) => id is null ? null : id[(id.LastIndexOf('/') + 1)..];
}
