using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Serverless endpoints (contract B.2, B.8, B.9, C.5). It shares <see cref="EmulatorState"/>'s lock (one lock for all
/// mutable state, <see cref="StoreClock.Lock"/>); every public member takes it.
///
/// Emulator choice (accelerated clock, like <see cref="JobStore"/>): states move in steps of the deployment step length
/// (fixed when the operation starts), counted from the create or delete.
/// Create: provisioningState Creating / endpointState Creating for one step, then Succeeded / Online (or Failed /
/// CreationFailed for a name containing <see cref="FailMarker"/>). Delete: Deleting / Deleting for one step, then the
/// endpoint is gone. Deleting an endpoint that is still Creating cancels its create operation.
///
/// As in <see cref="JobStore"/>, the states are stored: <see cref="AdvanceTo"/> moves them (called by
/// <see cref="StoreClock.AdvanceAll"/> at the start of every write and on each <see cref="EmulatorClock"/> tick, which
/// wakes when the next create or delete step ends); reads render the stored states and change nothing. An endpoint
/// and its operation move in the same advance, so an operation poll and an endpoint GET always agree.
/// </summary>
public sealed class EndpointStore : IClockedStore
{
    public const string EndpointType = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints";

    /// <summary>Emulator choice: an endpoint whose name contains this (case-insensitive) fails to provision.</summary>
    public const string FailMarker = "emulator-fail";

    private readonly StoreClock _clock;
    private readonly ModelStore _models;
    private readonly Dictionary<string, EndpointEntry> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, OperationEntry> _operations = new(StringComparer.OrdinalIgnoreCase);
    private long _seq;

    /// <summary>A store that <paramref name="clock"/> moves once it is added to it; models are looked up in <paramref name="models"/>.</summary>
    public EndpointStore(StoreClock clock, ModelStore models, WorkspaceStore workspaces)
    {
        _clock = clock;
        _models = models;
        _workspaces = workspaces;
    }

    private readonly WorkspaceStore _workspaces;

    private object Lock => _clock.Lock;

    // Emulator choice: endpoint names match case-insensitively, as ARM names do.
    private static string Key(string ws, string name) => ws.ToLowerInvariant() + "/" + name.ToLowerInvariant();

    public void Clear()
    {
        lock (Lock)
        {
            _endpoints.Clear();
            _operations.Clear();
        }
    }

    /// <summary>Removes every endpoint of a deleted workspace (L.3).</summary>
    public void RemoveWorkspace(string ws)
    {
        lock (Lock)
        {
            foreach (var key in _endpoints.Keys.Where(k => k.StartsWith(ws.ToLowerInvariant() + "/", StringComparison.Ordinal)).ToList())
            {
                _endpoints.Remove(key);
            }
        }
    }

    public enum PutOutcome { Created, Updated }

    /// <summary>
    /// PUT. A new endpoint starts Creating and gets a create operation (returned for the Azure-AsyncOperation header).
    /// An existing one is updated in place (200, no new operation).
    /// </summary>
    public (JsonObject Endpoint, PutOutcome Outcome, string? OperationId) CreateOrUpdate(string ws, string name, EndpointRequest request,
        int stepMs, string baseUrl)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            if (!request.Model.FromRegistry && _models.FindVersion(request.Model.Workspace, request.Model.Name, request.Model.Version) is null)
            {
                throw ArmErrors.Validation("properties.modelSettings.modelId",
                    $"The model '{request.ModelId}' does not exist: workspace '{request.Model.Workspace}' has no model '{request.Model.Name}' with version '{request.Model.Version}'.");
            }
            _endpoints.TryGetValue(Key(ws, name), out var existing);
            if (existing is not null && existing.DeleteAt is not null)
            {
                // Emulator choice (emulator-defined answer): a PUT while the endpoint is being deleted is a 409.
                throw new ArmException(409, "Conflict",
                    $"The serverless endpoint '{existing.Name}' is being deleted; wait until the delete has finished, then create it again. (Emulator-defined answer.)");
            }
            if (existing is not null && !SameModel(existing.Request.Model, request.Model))
            {
                // Emulator choice (emulator-defined answer): an endpoint's model cannot be changed by PUT.
                throw new ArmException(409, "Conflict",
                    $"The serverless endpoint '{existing.Name}' serves model '{existing.Request.ModelId}'; its model cannot be changed. " +
                    "Delete it and create a new one. (Emulator-defined answer.)");
            }
            // B.9: one deployment per custom model. Emulator choice: per model version (a modelId), across all
            // workspaces, whatever the other endpoint's state; the answer is emulator-defined. A registry base model
            // is not a custom model: it may have many.
            var other = request.Model.FromRegistry ? null
                : _endpoints.Values.FirstOrDefault(e => e != existing && SameModel(e.Request.Model, request.Model));
            if (other is not null)
            {
                throw new ArmException(409, "ModelAlreadyDeployed",
                    $"The model '{request.ModelId}' already has a deployment: serverless endpoint '{other.Name}' in workspace '{other.Workspace}'. " +
                    "A fine-tuned model can have only one deployment; delete that one first. (Emulator-defined code.)")
                { Target = "properties.modelSettings.modelId" };
            }
            if (existing is not null)
            {
                // Emulator choice: an update keeps the endpoint's model, keys, clock and location; it changes tags, sku,
                // kind, identity, authMode and contentSafety.
                existing.Request = request with { Location = existing.Request.Location, Model = existing.Request.Model, ModelId = existing.Request.ModelId };
                existing.LastModifiedAt = now;
                return (Render(existing, baseUrl), PutOutcome.Updated, null);
            }
            var step = TimeSpan.FromMilliseconds(Math.Max(1, stepMs));
            var entry = new EndpointEntry(ws, name, request, now, step, ++_seq, NewKey(), NewKey());
            entry.CreateOperationId = NewOperation("create", entry, now, now + step);
            _endpoints[Key(ws, name)] = entry;
            _clock.Wake();
            return (Render(entry, baseUrl), PutOutcome.Created, entry.CreateOperationId);
        }
    }

    public JsonObject? Get(string ws, string name, string baseUrl)
    {
        lock (Lock)
        {
            return _endpoints.TryGetValue(Key(ws, name), out var e) ? Render(e, baseUrl) : null;
        }
    }

    /// <summary>The workspace's endpoints, newest first (Emulator choice).</summary>
    public List<JsonObject> List(string ws, string baseUrl)
    {
        lock (Lock)
        {
            return _endpoints.Values.Where(e => string.Equals(e.Workspace, ws, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(e => e.Seq).Select(e => Render(e, baseUrl)).ToList();
        }
    }

    /// <summary>DELETE: null when there is no such endpoint (204); else the delete operation's id (202).</summary>
    public string? Delete(string ws, string name, int stepMs)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            if (!_endpoints.TryGetValue(Key(ws, name), out var e))
            {
                return null;
            }
            if (e.DeleteOperationId is not null)
            {
                return e.DeleteOperationId; // already deleting: the same operation
            }
            var step = TimeSpan.FromMilliseconds(Math.Max(1, stepMs));
            e.DeleteAt = now;
            e.DeleteStep = step;
            e.LastModifiedAt = now;
            e.ProvisioningState = "Deleting";
            e.EndpointState = "Deleting";
            e.DeleteOperationId = NewOperation("delete", e, now, now + step);
            if (e.CreateOperationId is not null && _operations.TryGetValue(e.CreateOperationId, out var create) && create.Status == OperationEntry.InProgress)
            {
                create.Status = OperationEntry.Canceled;
                create.CanceledAt = now;
            }
            _clock.Wake();
            return e.DeleteOperationId;
        }
    }

    /// <summary>listKeys (and regenerateKeys' answer): null when there is no such endpoint.</summary>
    public JsonObject? Keys(string ws, string name)
    {
        lock (Lock)
        {
            return _endpoints.TryGetValue(Key(ws, name), out var e) ? KeysBody(e) : null;
        }
    }

    /// <summary>
    /// regenerateKeys. Emulator choice: a new random key is made for the key type; keyValue (the Python SDK sends the
    /// current key, B.8) is accepted and not used.
    /// </summary>
    public JsonObject? RegenerateKey(string ws, string name, bool primary)
    {
        lock (Lock)
        {
            var now = _clock.AdvanceAll();
            if (!_endpoints.TryGetValue(Key(ws, name), out var e))
            {
                return null;
            }
            if (primary)
            {
                e.PrimaryKey = NewKey();
            }
            else
            {
                e.SecondaryKey = NewKey();
            }
            e.LastModifiedAt = now;
            return KeysBody(e);
        }
    }

    /// <summary>The endpoint behind an inference URL (workspace name and endpoint name), or null.</summary>
    public EndpointView? Find(string ws, string name)
    {
        lock (Lock)
        {
            if (!_endpoints.TryGetValue(Key(ws, name), out var e))
            {
                return null;
            }
            return new EndpointView(e.Workspace, e.Name, e.ProvisioningState, e.EndpointState, e.Request.Model.Name,
                (string?)e.Request.ContentSafety["contentSafetyStatus"] == "Enabled", e.PrimaryKey, e.SecondaryKey,
                _models.Memory(e.Request.Model.Workspace, e.Request.Model.Name, e.Request.Model.Version));
        }
    }

    /// <summary>The names ("workspace/endpoint") of the endpoints that use a model (any version when version is null).</summary>
    public List<string> UsersOf(string ws, string modelName, string? version)
    {
        lock (Lock)
        {
            return _endpoints.Values
                .Where(e => string.Equals(e.Request.Model.Workspace, ws, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(e.Request.Model.Name, modelName, StringComparison.OrdinalIgnoreCase)
                    && (version is null || string.Equals(e.Request.Model.Version, version, StringComparison.Ordinal)))
                .OrderBy(e => e.Seq)
                .Select(e => $"{e.Workspace}/{e.Name}")
                .ToList();
        }
    }

    /// <summary>An operation by id; null when unknown.</summary>
    public OperationView? Operation(string operationId)
    {
        lock (Lock)
        {
            if (!_operations.TryGetValue(operationId, out var op))
            {
                return null;
            }
            return op.Status switch
            {
                OperationEntry.Canceled => new(op.Id, op.Kind, op.Status, op.StartTime, op.CanceledAt, "OperationCanceled",
                    $"The creation of serverless endpoint '{op.EndpointName}' was canceled because the endpoint was deleted."),
                OperationEntry.InProgress => new(op.Id, op.Kind, op.Status, op.StartTime, null, null, null),
                OperationEntry.Failed => new(op.Id, op.Kind, op.Status, op.StartTime, op.DoneAt, "EndpointProvisioningFailed",
                    $"The serverless endpoint '{op.EndpointName}' failed to provision: its name contains the emulator's failure marker '{FailMarker}'."),
                _ => new(op.Id, op.Kind, op.Status, op.StartTime, op.DoneAt, null, null),
            };
        }
    }

    // ---- the clock ----

    /// <summary>
    /// Moves every endpoint and operation to <paramref name="now"/> (under the lock): a create step that has ended
    /// gives Succeeded / Online (or Failed / CreationFailed), a delete step that has ended removes the endpoint.
    /// </summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        foreach (var (key, e) in _endpoints.ToList())
        {
            if (e.DeleteAt is DateTimeOffset d)
            {
                if (now >= d + e.DeleteStep)
                {
                    _endpoints.Remove(key);
                }
            }
            else if (e.ProvisioningState == "Creating" && now >= e.CreatedAt + e.Step)
            {
                (e.ProvisioningState, e.EndpointState) = e.Fails ? ("Failed", "CreationFailed") : ("Succeeded", "Online");
            }
        }
        foreach (var op in _operations.Values.Where(o => o.Status == OperationEntry.InProgress && now >= o.DoneAt))
        {
            op.Status = op.Fails ? OperationEntry.Failed : OperationEntry.Succeeded;
        }
    }

    /// <summary>When the next create or delete step ends (under the lock); null when none is running.</summary>
    public DateTimeOffset? NextChange()
    {
        var ends = _endpoints.Values
            .Select(e => e.DeleteAt is DateTimeOffset d ? d + e.DeleteStep : e.ProvisioningState == "Creating" ? e.CreatedAt + e.Step : (DateTimeOffset?)null)
            .Concat(_operations.Values.Where(o => o.Status == OperationEntry.InProgress).Select(o => (DateTimeOffset?)o.DoneAt))
            .Where(t => t is not null)
            .ToList();
        return ends.Count == 0 ? null : ends.Min();
    }

    private string NewOperation(string kind, EndpointEntry e, DateTimeOffset start, DateTimeOffset done)
    {
        var id = Guid.NewGuid().ToString();
        _operations[id] = new OperationEntry(id, kind, e.Name, start, done, kind == "create" && e.Fails);
        return id;
    }

    private static bool SameModel(ModelRef a, ModelRef b) =>
        a.FromRegistry == b.FromRegistry
        && string.Equals(a.Workspace, b.Workspace, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Version, b.Version, StringComparison.Ordinal);

    /// <summary>Emulator choice: a key is 32 random bytes, base64url without padding (43 characters).</summary>
    private static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject KeysBody(EndpointEntry e) => new() { ["primaryKey"] = e.PrimaryKey, ["secondaryKey"] = e.SecondaryKey };

    /// <summary>Emulator choice: the inference URL is the emulator's own /inference/{workspace}/{endpoint} route (H.1).</summary>
    public static string InferenceUri(string baseUrl, string ws, string name) => $"{baseUrl}/inference/{ws}/{name}";

    private JsonObject Render(EndpointEntry e, string baseUrl)
    {
        var r = e.Request;
        var body = new JsonObject
        {
            ["id"] = _workspaces.ArmId(e.Workspace) + "/serverlessEndpoints/" + e.Name,
            ["name"] = e.Name,
            ["type"] = EndpointType,
            ["systemData"] = SystemData.Of(e.CreatedAt, e.LastModifiedAt),
            ["location"] = r.Location,
            ["tags"] = r.Tags.DeepClone(),
            ["sku"] = r.Sku.DeepClone(),
            ["properties"] = new JsonObject
            {
                ["authMode"] = r.AuthMode,
                ["modelSettings"] = new JsonObject { ["modelId"] = r.ModelId },
                ["contentSafety"] = r.ContentSafety.DeepClone(),
                // Emulator choice: the uri is there from the start; it answers once the endpoint is Succeeded/Online.
                ["inferenceEndpoint"] = new JsonObject { ["uri"] = InferenceUri(baseUrl, e.Workspace, e.Name), ["headers"] = new JsonObject() },
                ["provisioningState"] = e.ProvisioningState,
                ["endpointState"] = e.EndpointState,
            },
        };
        if (r.Kind is not null)
        {
            body["kind"] = r.Kind;
        }
        if (r.Identity is not null)
        {
            body["identity"] = r.Identity.DeepClone();
        }
        return body;
    }

    // ---- entries (mutated under the lock only) ----

}
