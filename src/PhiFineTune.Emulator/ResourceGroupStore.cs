using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Resource groups (contract J). It shares <see cref="EmulatorState"/>'s lock (<see cref="StoreClock.Lock"/>); every
/// public member takes it. The seeded group (<see cref="SeedState.ResourceGroupName"/>) exists from the start (the
/// seeded workspaces are in it, <see cref="WorkspaceStore"/>). A delete marks the group Deleting for one step (the deployment step length, fixed when the
/// delete starts); the clock's advance then removes it and its operation reads done (contract J.4).
/// </summary>
public sealed class ResourceGroupStore : IClockedStore
{
    private readonly StoreClock _clock;
    // Emulator choice: List answers the groups in creation order, the seeded one first.
    private readonly List<ResourceGroupEntry> _groups = new();
    private readonly Dictionary<string, ResourceGroupEntry> _operations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A store that <paramref name="clock"/> moves once it is added to it.</summary>
    public ResourceGroupStore(StoreClock clock)
    {
        _clock = clock;
    }

    private object Lock => _clock.Lock;

    /// <summary>Only the seeded group; no operations.</summary>
    public void Reset()
    {
        lock (Lock)
        {
            _groups.Clear();
            _operations.Clear();
            _groups.Add(new ResourceGroupEntry(SeedState.ResourceGroupName, new ResourceGroupRequest(SeedState.Location, null, null)));
        }
    }

    /// <summary>
    /// PUT: a new group (true), or the existing one with its tags and managedBy replaced (false). 409 while it is being
    /// deleted or when the location differs from the group's.
    /// </summary>
    public (JsonObject Group, bool Created) CreateOrUpdate(string name, ResourceGroupRequest request)
    {
        lock (Lock)
        {
            _clock.AdvanceAll();
            var existing = Find(name);
            if (existing is null)
            {
                var entry = new ResourceGroupEntry(name, request);
                _groups.Add(entry);
                return (Render(entry), true);
            }
            ThrowIfDeleting(existing);
            if (!string.Equals(existing.Location, request.Location, StringComparison.Ordinal))
            {
                // Contract J.5: the code and message are observed ones; the status is an Emulator choice.
                throw new ArmException(409, "InvalidResourceGroupLocation",
                    $"Invalid resource group location '{request.Location}'. The Resource group already exists in location '{existing.Location}'.");
            }
            existing.Tags = request.Tags;
            existing.ManagedBy = request.ManagedBy;
            return (Render(existing), false);
        }
    }

    /// <summary>PATCH: the fields sent replace the group's, the others are kept (contract J.1); null when there is no such group.</summary>
    public JsonObject? Update(string name, JsonObject? tags, string? managedBy)
    {
        lock (Lock)
        {
            _clock.AdvanceAll();
            var existing = Find(name);
            if (existing is null)
            {
                return null;
            }
            ThrowIfDeleting(existing);
            existing.Tags = tags ?? existing.Tags;
            existing.ManagedBy = managedBy ?? existing.ManagedBy;
            return Render(existing);
        }
    }

    public JsonObject? Get(string name)
    {
        lock (Lock)
        {
            return Find(name) is { } entry ? Render(entry) : null;
        }
    }

    /// <summary>Every group, a Deleting one included, in creation order.</summary>
    public List<JsonObject> List()
    {
        lock (Lock)
        {
            return _groups.Select(Render).ToList();
        }
    }

    /// <summary>The group's name as it was created, or null when there is no such group (names match case-insensitively).</summary>
    public string? Canonical(string name)
    {
        lock (Lock)
        {
            return Find(name)?.Name;
        }
    }

    /// <summary>Whether the group exists and is not being deleted (its resources are gone from the moment a delete starts).</summary>
    public bool IsLive(string name)
    {
        lock (Lock)
        {
            return Find(name) is { DeleteOperationId: null };
        }
    }

    /// <summary>
    /// Starts a delete (or returns the running one): the operation id and whether this call started it (the caller
    /// then deletes what lives in the group); null when there is no such group.
    /// </summary>
    public (string OperationId, bool Started)? Delete(string name, int stepMs)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            var entry = Find(name);
            if (entry is null)
            {
                return null;
            }
            if (entry.DeleteOperationId is not null)
            {
                return (entry.DeleteOperationId, false);
            }
            entry.DeleteOperationId = Guid.NewGuid().ToString();
            entry.DeleteDoneAt = now + TimeSpan.FromMilliseconds(Math.Max(1, stepMs));
            _operations[entry.DeleteOperationId] = entry;
            _clock.Wake();
            return (entry.DeleteOperationId, true);
        }
    }

    /// <summary>A delete operation: true once the group is gone, false while it runs, null for an unknown id.</summary>
    public bool? DeleteDone(string operationId)
    {
        lock (Lock)
        {
            return _operations.TryGetValue(operationId, out var entry) ? entry.Deleted : null;
        }
    }

    /// <summary>Removes the groups whose delete has ended (under the lock).</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        foreach (var entry in _groups.Where(g => g.DeleteDoneAt is DateTimeOffset done && now >= done).ToList())
        {
            entry.Deleted = true;
            _groups.Remove(entry);
        }
    }

    /// <summary>When the next running delete ends (under the lock); null when none runs.</summary>
    public DateTimeOffset? NextChange() =>
        _groups.Where(g => g.DeleteDoneAt is not null).Select(g => g.DeleteDoneAt).Min();

    public static string Id(string name) => $"/subscriptions/{SeedState.SubscriptionId}/resourceGroups/{name}";

    private ResourceGroupEntry? Find(string name) =>
        _groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    // Contract J.5: writes to a group that is being deleted are refused with the observed code and message.
    private static void ThrowIfDeleting(ResourceGroupEntry entry)
    {
        if (entry.DeleteOperationId is not null)
        {
            throw new ArmException(409, "ResourceGroupBeingDeleted",
                $"The resource group '{entry.Name}' is in deprovisioning state and cannot perform this operation.");
        }
    }

    /// <summary>The spec's ResourceGroup (contract J.2); tags and managedBy only when set.</summary>
    private static JsonObject Render(ResourceGroupEntry entry)
    {
        var body = new JsonObject
        {
            ["id"] = Id(entry.Name),
            ["name"] = entry.Name,
            ["type"] = ArmOperations.ResourceGroupsType,
            ["location"] = entry.Location,
        };
        if (entry.ManagedBy is not null)
        {
            body["managedBy"] = entry.ManagedBy;
        }
        if (entry.Tags is not null)
        {
            body["tags"] = entry.Tags.DeepClone();
        }
        body["properties"] = new JsonObject { ["provisioningState"] = entry.ProvisioningState };
        return body;
    }
}
