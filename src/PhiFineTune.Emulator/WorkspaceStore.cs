namespace PhiFineTune.Emulator;

/// <summary>
/// Azure ML workspaces, hubs and projects, with their connections (contract L, D.1). It shares
/// <see cref="EmulatorState"/>'s lock (<see cref="StoreClock.Lock"/>); every public member takes it. At start it holds
/// the two seeded workspaces in the seeded group. Emulator choice (L.5): a workspace name is unique in the
/// subscription, so the other stores (jobs, models, endpoints) key by workspace name and a workspace's ARM id is
/// found from its name here.
/// </summary>
public sealed class WorkspaceStore
{
    private readonly StoreClock _clock;
    private readonly List<WorkspaceEntry> _workspaces = new();

    public WorkspaceStore(StoreClock clock)
    {
        _clock = clock;
    }

    private object Lock => _clock.Lock;

    /// <summary>The seeded hub and project in the seeded group, with no connections.</summary>
    public void Reset()
    {
        lock (Lock)
        {
            _workspaces.Clear();
            var storage = SeedState.StorageAccountArmId;
            var hub = Seed(SeedState.HubWorkspaceName, "Hub", SeedState.HubWorkspaceId, SeedState.HubPrincipalId, "Phi Fine-Tune Hub", null, storage);
            _workspaces.Add(hub);
            _workspaces.Add(Seed(SeedState.ProjectWorkspaceName, "Project", SeedState.ProjectWorkspaceId, SeedState.ProjectPrincipalId,
                "Phi Fine-Tune Project", hub.ArmId, storage));
        }
    }

    private static WorkspaceEntry Seed(string name, string kind, string id, string principal, string friendly, string? hub, string storage) => new()
    {
        Name = name,
        ResourceGroup = SeedState.ResourceGroupName,
        Kind = kind,
        WorkspaceId = id,
        PrincipalId = principal,
        FriendlyName = friendly,
        HubResourceId = hub,
        Location = SeedState.Location,
        StorageAccount = storage,
        ContainerName = BlobStorageSetup.ContainerName,
        CreatedAt = SeedState.CreatedAt,
        LastModifiedAt = SeedState.CreatedAt,
    };

    /// <summary>The workspace in the group (names match case-insensitively), or null.</summary>
    public WorkspaceEntry? Find(string resourceGroup, string name)
    {
        lock (Lock)
        {
            return _workspaces.FirstOrDefault(w => Same(w.ResourceGroup, resourceGroup) && Same(w.Name, name));
        }
    }

    /// <summary>The workspace of that name in any group (names are unique in the subscription, L.5), or null.</summary>
    public WorkspaceEntry? FindByName(string name)
    {
        lock (Lock)
        {
            return _workspaces.FirstOrDefault(w => Same(w.Name, name));
        }
    }

    /// <summary>The workspace whose workspaceId (its GUID) this is, or null.</summary>
    public WorkspaceEntry? FindByWorkspaceId(string workspaceId)
    {
        lock (Lock)
        {
            return _workspaces.FirstOrDefault(w => Same(w.WorkspaceId, workspaceId));
        }
    }

    /// <summary>The ARM id of the workspace of that name (the seeded group's form when it is gone: a stale entry's id).</summary>
    public string ArmId(string name)
    {
        lock (Lock)
        {
            return FindByName(name)?.ArmId ?? SeedState.WorkspaceArmId(name);
        }
    }

    /// <summary>The group's workspaces, in creation order.</summary>
    public List<WorkspaceEntry> ListByGroup(string resourceGroup)
    {
        lock (Lock)
        {
            return _workspaces.Where(w => Same(w.ResourceGroup, resourceGroup)).ToList();
        }
    }

    /// <summary>
    /// PUT (L.1): a new workspace (true) or the existing one with its mutable fields replaced (false). A project takes
    /// its hub's location and storage account; its hub must exist in the subscription (400 otherwise).
    /// </summary>
    public (WorkspaceEntry Workspace, bool Created) CreateOrUpdate(string resourceGroup, string name, WorkspaceRequest request)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            var existing = _workspaces.FirstOrDefault(w => Same(w.Name, name));
            if (existing is not null && !Same(existing.ResourceGroup, resourceGroup))
            {
                // Emulator choice (L.5): names are unique in the subscription; the code and message are emulator-defined.
                throw new ArmException(409, "Conflict",
                    $"A workspace named '{existing.Name}' already exists in resource group '{existing.ResourceGroup}'. The emulator keeps workspace names unique in the subscription.");
            }
            if (existing is not null)
            {
                if (!Same(existing.Kind, request.Kind))
                {
                    // Emulator choice (L.1): the kind of a workspace cannot change.
                    throw ArmErrors.Validation("kind", $"The workspace '{existing.Name}' is a {existing.Kind}; its kind cannot change to '{request.Kind}'.");
                }
                existing.FriendlyName = request.FriendlyName ?? existing.FriendlyName;
                existing.Tags = request.Tags ?? existing.Tags;
                existing.ApplicationInsights = request.ApplicationInsights ?? existing.ApplicationInsights;
                existing.LastModifiedAt = now;
                return (existing, false);
            }
            WorkspaceEntry? hub = null;
            if (request.Kind == "Project")
            {
                hub = FindHub(request.HubResourceId);
            }
            var workspaceId = Guid.NewGuid().ToString();
            var entry = new WorkspaceEntry
            {
                Name = name,
                ResourceGroup = resourceGroup,
                Kind = request.Kind,
                WorkspaceId = workspaceId,
                PrincipalId = Guid.NewGuid().ToString(),
                FriendlyName = request.FriendlyName ?? name,
                HubResourceId = hub?.ArmId,
                Location = hub?.Location ?? request.Location!,
                StorageAccount = hub?.StorageAccount ?? request.StorageAccount!,
                KeyVault = hub?.KeyVault ?? request.KeyVault,
                ApplicationInsights = request.ApplicationInsights,
                ContainerName = BlobStorageSetup.ContainerNameOf(workspaceId),
                Tags = request.Tags ?? new(),
                CreatedAt = now,
                LastModifiedAt = now,
            };
            _workspaces.Add(entry);
            return (entry, true);
        }
    }

    // Emulator choice (L.1): a project's hubResourceId that names no hub of the subscription is a 400 "ValidationError"
    // with target properties.hubResourceId; the service's own answer was not captured.
    private WorkspaceEntry FindHub(string? hubResourceId)
    {
        var hub = _workspaces.FirstOrDefault(w => w.Kind == "Hub" && Same(w.ArmId, hubResourceId ?? ""));
        return hub ?? throw ArmErrors.Validation("properties.hubResourceId",
            $"The hubResourceId '{hubResourceId}' does not name an existing hub workspace (kind Hub) in subscription '{SeedState.SubscriptionId}'.");
    }

    /// <summary>
    /// Workspaces_Delete (L.3): the removed workspace, or null when there is none. 409 for a hub that has projects.
    /// The caller removes what lives in it (jobs, models, endpoints).
    /// </summary>
    public WorkspaceEntry? Delete(string resourceGroup, string name)
    {
        lock (Lock)
        {
            var entry = _workspaces.FirstOrDefault(w => Same(w.ResourceGroup, resourceGroup) && Same(w.Name, name));
            if (entry is null)
            {
                return null;
            }
            var projects = _workspaces.Where(w => Same(w.HubResourceId ?? "", entry.ArmId)).Select(w => $"'{w.Name}'").ToList();
            if (projects.Count > 0)
            {
                // Emulator choice (L.3): the code and message are emulator-defined.
                throw new ArmException(409, "Conflict",
                    $"The hub workspace '{entry.Name}' cannot be deleted because it has projects: {string.Join(", ", projects)}. Delete the projects first.");
            }
            _workspaces.Remove(entry);
            return entry;
        }
    }

    /// <summary>Removes every workspace of the group (a group delete, J.4) and returns their names.</summary>
    public List<string> RemoveGroup(string resourceGroup)
    {
        lock (Lock)
        {
            var gone = _workspaces.Where(w => Same(w.ResourceGroup, resourceGroup)).ToList();
            _workspaces.RemoveAll(gone.Contains);
            return gone.Select(w => w.Name).ToList();
        }
    }

    /// <summary>WorkspaceConnections_Create (L.4): true when new.</summary>
    public bool PutConnection(WorkspaceEntry workspace, WorkspaceConnection connection)
    {
        lock (Lock)
        {
            var created = !workspace.Connections.ContainsKey(connection.Name);
            workspace.Connections[connection.Name] = connection;
            return created;
        }
    }

    public WorkspaceConnection? GetConnection(WorkspaceEntry workspace, string name)
    {
        lock (Lock)
        {
            return workspace.Connections.GetValueOrDefault(name);
        }
    }

    public bool DeleteConnection(WorkspaceEntry workspace, string name)
    {
        lock (Lock)
        {
            return workspace.Connections.Remove(name);
        }
    }

    public List<WorkspaceConnection> ListConnections(WorkspaceEntry workspace)
    {
        lock (Lock)
        {
            return workspace.Connections.Values.ToList();
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
