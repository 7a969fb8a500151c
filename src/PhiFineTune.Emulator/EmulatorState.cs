using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// All mutable emulator state. One lock guards it; every public member takes the lock.
/// </summary>
public sealed class EmulatorState
{
    public const string Registered = "Registered";
    public const string Registering = "Registering";
    public const string NotRegistered = "NotRegistered";
    public const string Unregistering = "Unregistering";

    // Emulator choice: the request log keeps the newest entries only.
    public const int MaxLogEntries = 5000;

    private const int ReadsQuota = 12000;
    private const int WritesQuota = 1200;
    private const int DeletesQuota = 15000;

    private readonly object _lock = new();
    private readonly EmulatorSettings _defaults;
    private readonly List<ProviderEntry> _providers = new();
    private readonly LinkedList<RequestLogEntry> _log = new();
    private readonly List<IGroupScopedStore> _groupScopedStores = new();
    private EmulatorSettings _settings;
    private int _reads, _writes, _deletes;

    public EmulatorState(EmulatorSettings defaults, TimeProvider? time = null)
    {
        _defaults = defaults;
        _settings = defaults;
        Time = time ?? TimeProvider.System;
        Faults = new FaultInjection();
        Clock = new StoreClock(_lock, Time);
        Workspaces = new WorkspaceStore(Clock);
        Models = new ModelStore(Clock, Workspaces);
        Jobs = new JobStore(Clock, Models, Workspaces);
        Endpoints = new EndpointStore(Clock, Models, Workspaces);
        ResourceGroups = new ResourceGroupStore(Clock);
        Resources = new TrackedResourceStore(_lock);
        RoleAssignments = new RoleAssignmentStore(_lock);
        AddGroupScopedStore(Resources);
        AddGroupScopedStore(RoleAssignments);
        Clock.Add(Jobs);
        Clock.Add(Endpoints);
        Clock.Add(ResourceGroups);
        Reset();
    }

    public TimeProvider Time { get; }

    public FaultInjection Faults { get; }

    /// <summary>Moves the jobs and endpoints with time (on writes and on <see cref="EmulatorClock"/>'s ticks); holds this state's lock.</summary>
    public StoreClock Clock { get; }

    /// <summary>Fine-tuning jobs and their runs; guarded by this state's lock.</summary>
    public JobStore Jobs { get; }

    /// <summary>Workspace models, registered by completed jobs; guarded by this state's lock.</summary>
    public ModelStore Models { get; }

    /// <summary>Serverless endpoints (deployments of fine-tuned models); guarded by this state's lock.</summary>
    public EndpointStore Endpoints { get; }

    /// <summary>Resource groups, the seeded one holding the seeded workspaces; guarded by this state's lock.</summary>
    public ResourceGroupStore ResourceGroups { get; }

    /// <summary>Storage accounts, key vaults and AI Services accounts (contract K); guarded by this state's lock.</summary>
    public TrackedResourceStore Resources { get; }

    /// <summary>Role assignments (contract K.4); guarded by this state's lock.</summary>
    public RoleAssignmentStore RoleAssignments { get; }

    /// <summary>Workspaces (hubs, projects) and their connections, the two seeded ones at start; guarded by this state's lock.</summary>
    public WorkspaceStore Workspaces { get; }

    /// <summary>"https://127.0.0.1:PORT" (no trailing slash); set once Kestrel listens.</summary>
    public string BaseUrl { get; set; } = "https://127.0.0.1";

    /// <summary>The blob service behind the default datastore; null when the emulator runs without Azurite.</summary>
    public BlobStorage? Blob { get; set; }

    /// <summary>The blob service with the workspace's workspaceblobstore container (L.5); null without Azurite or workspace.</summary>
    public BlobStorage? BlobFor(string workspaceName) =>
        Blob is { } blob && Workspaces.FindByName(workspaceName) is { } ws ? blob with { ContainerName = ws.ContainerName } : null;

    public DateTimeOffset Now => Time.GetUtcNow();

    public EmulatorSettings Settings
    {
        get { lock (_lock) { return _settings; } }
    }

    public EmulatorSettings UpdateSettings(int? registrationDelayMs, int? pageSize, int? jobStepMs = null,
        int? deploymentStepMs = null, int? lroRetryAfterSeconds = null)
    {
        lock (_lock)
        {
            _settings = _settings with
            {
                RegistrationDelayMs = registrationDelayMs ?? _settings.RegistrationDelayMs,
                PageSize = pageSize ?? _settings.PageSize,
                JobStepMs = jobStepMs ?? _settings.JobStepMs,
                DeploymentStepMs = deploymentStepMs ?? _settings.DeploymentStepMs,
                LroRetryAfterSeconds = lroRetryAfterSeconds ?? _settings.LroRetryAfterSeconds,
            };
            return _settings;
        }
    }

    /// <summary>
    /// Seeded providers and resource group, default settings, no faults, empty request log, fresh rate-limit counters,
    /// no jobs, models or endpoints.
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            _settings = _defaults;
            _providers.Clear();
            var now = Now;
            foreach (var seed in SeedState.Providers)
            {
                _providers.Add(new ProviderEntry(seed) { State = seed.RegistrationState, ChangedAt = now });
            }
            _log.Clear();
            _reads = ReadsQuota;
            _writes = WritesQuota;
            _deletes = DeletesQuota;
            Jobs.Clear();
            Models.Clear();
            Endpoints.Clear();
            ResourceGroups.Reset();
            Resources.Clear();
            RoleAssignments.Clear();
            Workspaces.Reset();
        }
        Faults.Clear();
    }

    // ---- deleting a resource group (J.4) ----

    /// <summary>
    /// ResourceGroups_Delete: starts the group's delete (or returns the running one's id); null when there is no such
    /// group. Azure deletes every resource in the group (J.4). Emulator choice: the group's workspaces are gone from
    /// the moment the delete starts, with every job, model and serverless endpoint in them; the group itself reads
    /// Deleting for one deployment step.
    /// </summary>
    public string? DeleteResourceGroup(string name, int stepMs)
    {
        lock (_lock)
        {
            var started = ResourceGroups.Delete(name, stepMs);
            if (started?.Started == true)
            {
                var group = ResourceGroups.Canonical(name) ?? name;
                foreach (var store in _groupScopedStores)
                {
                    store.RemoveGroup(group);
                }
                foreach (var ws in Workspaces.RemoveGroup(name))
                {
                    RemoveContents(ws);
                }
            }
            return started?.OperationId;
        }
    }

    /// <summary>
    /// Contract K.5: adds a store whose resources a resource group delete removes (at the delete's start, with the
    /// seeded workspaces' contents). Call it from this constructor, before any request.
    /// </summary>
    public void AddGroupScopedStore(IGroupScopedStore store)
    {
        lock (_lock)
        {
            _groupScopedStores.Add(store);
        }
    }

    /// <summary>Workspaces_Delete (L.3): the removed workspace with its jobs, models and endpoints; null when none.</summary>
    public WorkspaceEntry? DeleteWorkspace(string resourceGroup, string name)
    {
        lock (_lock)
        {
            var gone = Workspaces.Delete(resourceGroup, name);
            if (gone is not null)
            {
                RemoveContents(gone.Name);
            }
            return gone;
        }
    }

    private void RemoveContents(string ws)
    {
        Jobs.RemoveWorkspace(ws);
        Models.RemoveWorkspace(ws);
        Endpoints.RemoveWorkspace(ws);
    }

    // ---- deleting a model in use (B.9) ----

    /// <summary>ModelContainers_Delete: 409 while a serverless endpoint uses any version of the model; else whether it existed.</summary>
    public bool DeleteModel(string ws, string name)
    {
        lock (_lock)
        {
            Clock.AdvanceAll(); // a write: an endpoint whose delete has finished no longer blocks it
            ThrowIfInUse(ws, name, null);
            return Models.DeleteModel(ws, name);
        }
    }

    /// <summary>ModelVersions_Delete: 409 while a serverless endpoint uses that version; else whether it existed.</summary>
    public bool DeleteModelVersion(string ws, string name, string version)
    {
        lock (_lock)
        {
            Clock.AdvanceAll(); // a write: an endpoint whose delete has finished no longer blocks it
            ThrowIfInUse(ws, name, version);
            return Models.DeleteVersion(ws, name, version);
        }
    }

    // Emulator choice (B.9, emulator-defined answer): deleting a model that a serverless endpoint uses (in any workspace, in
    // any state, Failed and Deleting included) is a 409 "Conflict" naming the endpoints. The contract names no code.
    private void ThrowIfInUse(string ws, string name, string? version)
    {
        var users = Endpoints.UsersOf(ws, name, version);
        if (users.Count > 0)
        {
            var what = version is null ? $"model '{name}'" : $"model version '{name}/{version}'";
            throw new ArmException(409, "Conflict",
                $"The {what} cannot be deleted because it has an existing deployment: serverless endpoint(s) {string.Join(", ", users.Select(u => $"'{u}'"))}. " +
                "Delete the deployment(s) first, then delete the model. (Emulator-defined answer.)");
        }
    }

    // ---- providers ----

    /// <summary>All providers as Provider JSON, in seed order.</summary>
    public List<JsonObject> ListProviders()
    {
        lock (_lock)
        {
            return _providers.Select(Render).ToList();
        }
    }

    public JsonObject? GetProvider(string ns)
    {
        lock (_lock)
        {
            var p = Find(ns);
            return p is null ? null : Render(p);
        }
    }

    /// <summary>Providers_Register: NotRegistered/Unregistering → Registering; Registered and Registering stay.</summary>
    public JsonObject? Register(string ns)
    {
        lock (_lock)
        {
            var p = Find(ns);
            if (p is null)
            {
                return null;
            }
            var state = EffectiveState(p);
            if (state is not (Registered or Registering))
            {
                p.State = Registering;
                p.ChangedAt = Now;
            }
            return Render(p);
        }
    }

    /// <summary>Providers_Unregister: Registered/Registering → Unregistering; NotRegistered and Unregistering stay.</summary>
    public JsonObject? Unregister(string ns)
    {
        lock (_lock)
        {
            var p = Find(ns);
            if (p is null)
            {
                return null;
            }
            var state = EffectiveState(p);
            if (state is not (NotRegistered or Unregistering))
            {
                p.State = Unregistering;
                p.ChangedAt = Now;
            }
            return Render(p);
        }
    }

    /// <summary>Admin: set a provider's state as stored (a transitional state starts its clock now).</summary>
    public JsonObject? SetProviderState(string ns, string registrationState)
    {
        lock (_lock)
        {
            var p = Find(ns);
            if (p is null)
            {
                return null;
            }
            p.State = registrationState;
            p.ChangedAt = Now;
            return Render(p);
        }
    }

    private ProviderEntry? Find(string ns) =>
        _providers.FirstOrDefault(p => string.Equals(p.Seed.Namespace, ns, StringComparison.OrdinalIgnoreCase));

    // Emulator choice (contract A.3, I): Registering/Unregistering last RegistrationDelayMs from the change, and the
    // state is computed on read; nothing runs in the background.
    private string EffectiveState(ProviderEntry p)
    {
        var elapsed = Now - p.ChangedAt;
        var done = elapsed >= TimeSpan.FromMilliseconds(_settings.RegistrationDelayMs);
        return p.State switch
        {
            Registering when done => Registered,
            Unregistering when done => NotRegistered,
            _ => p.State,
        };
    }

    private JsonObject Render(ProviderEntry p)
    {
        var types = new JsonArray();
        foreach (var t in p.Seed.ResourceTypes)
        {
            types.Add(new JsonObject
            {
                ["resourceType"] = t.ResourceType,
                ["locations"] = new JsonArray(t.Locations.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                ["apiVersions"] = new JsonArray(t.ApiVersions.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["capabilities"] = t.Capabilities,
            });
        }
        return new JsonObject
        {
            ["id"] = $"/subscriptions/{SeedState.SubscriptionId}/providers/{p.Seed.Namespace}",
            ["namespace"] = p.Seed.Namespace,
            ["registrationState"] = EffectiveState(p),
            ["registrationPolicy"] = p.Seed.RegistrationPolicy,
            ["resourceTypes"] = types,
        };
    }

    private sealed class ProviderEntry(ProviderSeed seed)
    {
        public ProviderSeed Seed { get; } = seed;
        public string State { get; set; } = seed.RegistrationState;
        public DateTimeOffset ChangedAt { get; set; }
    }

    // ---- rate-limit headers (C.6) ----

    // Emulator choice: a counter that only goes down (and wraps back to the quota at 0); no request is ever refused for it.
    public int NextRemaining(string kind)
    {
        lock (_lock)
        {
            return kind switch
            {
                "writes" => _writes = _writes > 0 ? _writes - 1 : WritesQuota - 1,
                "deletes" => _deletes = _deletes > 0 ? _deletes - 1 : DeletesQuota - 1,
                _ => _reads = _reads > 0 ? _reads - 1 : ReadsQuota - 1,
            };
        }
    }

    // ---- request log ----

    public void Log(RequestLogEntry entry)
    {
        lock (_lock)
        {
            _log.AddLast(entry);
            while (_log.Count > MaxLogEntries)
            {
                _log.RemoveFirst();
            }
        }
    }

    public List<RequestLogEntry> RequestLog()
    {
        lock (_lock)
        {
            return _log.ToList();
        }
    }

    public void ClearRequestLog()
    {
        lock (_lock)
        {
            _log.Clear();
        }
    }
}
