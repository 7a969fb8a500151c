namespace PhiFineTune.Emulator;

/// <summary>
/// Role assignments (contract K.4). It shares <see cref="EmulatorState"/>'s lock; every public member takes it.
/// Emulator choice: there are none at start, so the emulator's caller (<see cref="SeedState.EmulatorUserObjectId"/>)
/// holds no role anywhere until a test or the module creates one.
/// </summary>
public sealed class RoleAssignmentStore : IGroupScopedStore
{
    private readonly object _lock;
    private readonly List<RoleAssignmentEntry> _assignments = new();

    /// <summary>A store guarded by <paramref name="stateLock"/>.</summary>
    public RoleAssignmentStore(object stateLock)
    {
        _lock = stateLock;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _assignments.Clear();
        }
    }

    /// <summary>
    /// PUT: the new assignment (true), or the stored one when the same name is sent again with the same content (false).
    /// 409 when another assignment already grants the role to the principal at the scope, or the name's content differs.
    /// </summary>
    public (RoleAssignmentEntry Entry, bool Created) Create(RoleAssignmentEntry entry)
    {
        lock (_lock)
        {
            var existing = _assignments.FirstOrDefault(a => Same(a.Scope, entry.Scope) && Same(a.Name, entry.Name));
            if (existing is not null)
            {
                if (Same(existing.RoleDefinitionId, entry.RoleDefinitionId) && Same(existing.PrincipalId, entry.PrincipalId))
                {
                    return (existing, false);
                }
                throw new ArmException(409, "RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
            }
            if (_assignments.Any(a => Same(a.Scope, entry.Scope) && Same(a.RoleDefinitionId, entry.RoleDefinitionId) && Same(a.PrincipalId, entry.PrincipalId)))
            {
                throw new ArmException(409, "RoleAssignmentExists", "The role assignment already exists.");
            }
            _assignments.Add(entry);
            return (entry, true);
        }
    }

    public RoleAssignmentEntry? Get(string scope, string name)
    {
        lock (_lock)
        {
            return _assignments.FirstOrDefault(a => Same(a.Scope, scope) && Same(a.Name, name));
        }
    }

    /// <summary>The deleted assignment, or null when there was none.</summary>
    public RoleAssignmentEntry? Delete(string scope, string name)
    {
        lock (_lock)
        {
            var existing = _assignments.FirstOrDefault(a => Same(a.Scope, scope) && Same(a.Name, name));
            if (existing is not null)
            {
                _assignments.Remove(existing);
            }
            return existing;
        }
    }

    /// <summary>
    /// The assignments that apply at <paramref name="scope"/> (at it or above it) and, unless <paramref name="atScopeOnly"/>,
    /// also those below it; of one principal when <paramref name="principalId"/> is set. In creation order.
    /// </summary>
    public List<RoleAssignmentEntry> List(string scope, bool atScopeOnly, string? principalId)
    {
        lock (_lock)
        {
            return _assignments
                .Where(a => Within(scope, a.Scope) || (!atScopeOnly && Within(a.Scope, scope)))
                .Where(a => principalId is null || Same(a.PrincipalId, principalId))
                .ToList();
        }
    }

    /// <summary>A group delete removes the assignments at the group and below it.</summary>
    public void RemoveGroup(string resourceGroup) =>
        _assignments.RemoveAll(a => Within(a.Scope, ResourceGroupStore.Id(resourceGroup)));

    /// <summary>Whether <paramref name="inner"/> is <paramref name="outer"/> or below it (whole segments, case-insensitive).</summary>
    public static bool Within(string inner, string outer) =>
        Same(inner, outer) || inner.StartsWith(outer.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
