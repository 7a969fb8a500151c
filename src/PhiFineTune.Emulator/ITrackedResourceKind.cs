using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// What differs between the tracked resource types of contract K: the operation ids, the name rule and global
/// uniqueness, and the body a PUT stores. <see cref="TrackedResourceRoutes"/> does the rest.
/// </summary>
public interface ITrackedResourceKind
{
    /// <summary>The full resource type, e.g. "Microsoft.Storage/storageAccounts".</summary>
    string ResourceType { get; }

    string CreateOperation { get; }

    string GetOperation { get; }

    string DeleteOperation { get; }

    string ListOperation { get; }

    /// <summary>The status of a PUT that created the resource (the spec's 200 or 201).</summary>
    int CreatedStatus { get; }

    /// <summary>The spec's name rule: null when the name keeps it, else the message that says why not.</summary>
    string? NameError(string name);

    /// <summary>The 400 of a PUT whose name breaks the rule.</summary>
    ArmException InvalidName(string name);

    /// <summary>The answer of a PUT whose globally unique name is taken (by another group, or a reserved name).</summary>
    ArmException NameTaken(string name);

    /// <summary>Names taken by "another subscription" (Emulator choice, contract K).</summary>
    IReadOnlyCollection<string> ReservedNames { get; }

    /// <summary>
    /// Checks the PUT body and renders the stored resource. <paramref name="existing"/> is the stored body of an update
    /// (null on create).
    /// </summary>
    JsonObject Render(JsonObject request, string id, string name, JsonObject? existing, EmulatorState state);
}
