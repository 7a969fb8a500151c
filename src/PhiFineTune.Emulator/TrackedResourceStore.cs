using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// The plain tracked ARM resources of contract K (storage accounts, key vaults, AI Services accounts), keyed by resource
/// type, group and name, all case-insensitive. It shares <see cref="EmulatorState"/>'s lock; every public member takes it.
/// Emulator choice: creates and deletes complete at once (see <see cref="TrackedResourceRoutes"/>).
/// </summary>
public sealed class TrackedResourceStore : IGroupScopedStore
{
    private readonly object _lock;
    // Emulator choice: ListByResourceGroup answers in creation order.
    private readonly List<TrackedResource> _resources = new();

    /// <summary>A store guarded by <paramref name="stateLock"/>.</summary>
    public TrackedResourceStore(object stateLock)
    {
        _lock = stateLock;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _resources.Clear();
        }
    }

    /// <summary>
    /// PUT: stores the body the kind rendered; true when the resource is new. <paramref name="render"/> gets the stored
    /// body of an existing resource (null for a new one), so a kind can keep what a create fixed (e.g. creationTime).
    /// </summary>
    public (JsonObject Body, bool Created) Put(string resourceType, string resourceGroup, string name, Func<JsonObject?, JsonObject> render)
    {
        lock (_lock)
        {
            var existing = Find(resourceType, resourceGroup, name);
            var body = render(existing?.Body);
            if (existing is not null)
            {
                _resources[_resources.IndexOf(existing)] = existing with { Body = body };
                return (body.DeepClone().AsObject(), false);
            }
            _resources.Add(new TrackedResource(resourceType, resourceGroup, name, body));
            return (body.DeepClone().AsObject(), true);
        }
    }

    public JsonObject? Get(string resourceType, string resourceGroup, string name)
    {
        lock (_lock)
        {
            return Find(resourceType, resourceGroup, name)?.Body.DeepClone().AsObject();
        }
    }

    /// <summary>Whether the resource existed (it is gone now).</summary>
    public bool Delete(string resourceType, string resourceGroup, string name)
    {
        lock (_lock)
        {
            var existing = Find(resourceType, resourceGroup, name);
            return existing is not null && _resources.Remove(existing);
        }
    }

    public List<JsonObject> ListByResourceGroup(string resourceType, string resourceGroup)
    {
        lock (_lock)
        {
            return _resources
                .Where(r => Same(r.ResourceType, resourceType) && Same(r.ResourceGroup, resourceGroup))
                .Select(r => r.Body.DeepClone().AsObject())
                .ToList();
        }
    }

    /// <summary>The group that holds a resource of this type and name (names are global for the K types), or null.</summary>
    public string? GroupOf(string resourceType, string name)
    {
        lock (_lock)
        {
            return _resources.FirstOrDefault(r => Same(r.ResourceType, resourceType) && Same(r.Name, name))?.ResourceGroup;
        }
    }

    /// <summary>Whether any resource of this type has <paramref name="value"/> at <paramref name="property"/> (under properties).</summary>
    public bool AnyWithProperty(string resourceType, string property, string value, string exceptName)
    {
        lock (_lock)
        {
            return _resources.Any(r => Same(r.ResourceType, resourceType) && !Same(r.Name, exceptName)
                && r.Body["properties"]?[property] is JsonValue v && v.TryGetValue<string>(out var s) && Same(s, value));
        }
    }

    public void RemoveGroup(string resourceGroup) =>
        _resources.RemoveAll(r => Same(r.ResourceGroup, resourceGroup));

    private TrackedResource? Find(string resourceType, string resourceGroup, string name) =>
        _resources.FirstOrDefault(r => Same(r.ResourceType, resourceType) && Same(r.ResourceGroup, resourceGroup) && Same(r.Name, name));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
