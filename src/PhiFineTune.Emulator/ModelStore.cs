using System.Globalization;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Workspace models (B.6): the containers and versions that completed fine-tuning jobs register
/// (<see cref="JobStore"/> calls <see cref="Register"/> in the same advance that makes a job Completed). It shares
/// <see cref="EmulatorState"/>'s lock (<see cref="StoreClock.Lock"/>); every public member takes it. Nothing here
/// changes with time: reads only read, and the two deletes (writes) move every store to now first.
/// </summary>
public sealed class ModelStore
{
    public const string ModelType = "Microsoft.MachineLearningServices/workspaces/models";
    public const string ModelVersionType = "Microsoft.MachineLearningServices/workspaces/models/versions";

    private readonly StoreClock _clock;
    private readonly Dictionary<string, ModelEntry> _models = new(StringComparer.OrdinalIgnoreCase);
    private long _seq;

    public ModelStore(StoreClock clock, WorkspaceStore workspaces)
    {
        _clock = clock;
        _workspaces = workspaces;
    }

    private readonly WorkspaceStore _workspaces;

    private object Lock => _clock.Lock;

    // Emulator choice: model names match case-insensitively, as ARM names do.
    private static string ModelKey(string ws, string name) => ws.ToLowerInvariant() + "/" + name;

    public void Clear()
    {
        lock (Lock)
        {
            _models.Clear();
        }
    }

    /// <summary>Removes every model of a deleted workspace (L.3).</summary>
    public void RemoveWorkspace(string ws)
    {
        lock (Lock)
        {
            foreach (var key in _models.Keys.Where(k => k.StartsWith(ws.ToLowerInvariant() + "/", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                _models.Remove(key);
            }
        }
    }

    /// <summary>
    /// Registers the output model of job <paramref name="jobName"/>, which has just completed, created at
    /// <paramref name="at"/>: a new version of the container its outputs name, answering from <paramref name="training"/>
    /// (<see cref="FineTunedReply"/>). Called by <see cref="JobStore"/> under the lock.
    /// </summary>
    public void Register(string ws, string jobName, JsonObject jobProperties, DateTimeOffset at, IReadOnlyList<TrainedExample> training)
    {
        lock (Lock)
        {
            var output = jobProperties["outputs"]?["registered_model"];
            // Emulator choice: without an assetName the model is named after the job.
            var name = (string?)output?["assetName"] ?? jobName;
            if (!_models.TryGetValue(ModelKey(ws, name), out var model))
            {
                model = new ModelEntry(ws, name, at, ++_seq);
                _models[ModelKey(ws, name)] = model;
            }
            var version = model.NextVersion++.ToString(CultureInfo.InvariantCulture);
            var baseModelId = (string?)jobProperties["fineTuningDetails"]?["model"]?["uri"] ?? "";
            // Emulator choice (F.2, B.6): the properties the Azure ML fine-tuning registration component sets; the
            // modelUri and flavors are made up (no source shows them for a fine-tuned Phi model).
            model.Versions.Add(new ModelVersionEntry(version, at, new JsonObject
            {
                ["description"] = $"Fine-tuned from {baseModelId} by job {jobName}.",
                ["tags"] = new JsonObject(),
                ["properties"] = new JsonObject
                {
                    ["baseModelId"] = baseModelId,
                    ["baseWeightsId"] = RegistryBaseName(baseModelId),
                    ["baseModelWeightsVersion"] = "1.0",
                    ["hasDeltaWeights"] = "true",
                    ["maas-finetuning"] = "true",
                    ["finetuning-task"] = (string?)jobProperties["fineTuningDetails"]?["taskType"] ?? "",
                },
                ["isAnonymous"] = false,
                ["isArchived"] = false,
                ["flavors"] = new JsonObject
                {
                    ["python_function"] = new JsonObject { ["data"] = new JsonObject { ["loader_module"] = "mlflow.transformers" } },
                    ["transformers"] = new JsonObject { ["data"] = new JsonObject { ["task"] = "chat-completion" } },
                },
                ["jobName"] = jobName,
                ["modelType"] = "mlflow_model",
                ["modelUri"] = $"azureml://jobs/{jobName}/outputs/registered_model",
                ["provisioningState"] = "Succeeded",
            }, ModelMemory.Of(jobName, jobProperties, training)));
        }
    }

    private static string RegistryBaseName(string uri)
    {
        var parts = uri.Split('/');
        var i = Array.IndexOf(parts, "models");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : uri;
    }

    /// <summary>Model containers, newest first.</summary>
    public List<JsonObject> ListModels(string ws)
    {
        lock (Lock)
        {
            return _models.Values.Where(m => string.Equals(m.Workspace, ws, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.Seq).Select(RenderModel).ToList();
        }
    }

    public JsonObject? GetModel(string ws, string name)
    {
        lock (Lock)
        {
            return _models.TryGetValue(ModelKey(ws, name), out var m) ? RenderModel(m) : null;
        }
    }

    // B.9: the 409 for a model that is deployed is checked by EmulatorState.DeleteModel, under the same lock, before this.
    public bool DeleteModel(string ws, string name)
    {
        lock (Lock)
        {
            _clock.AdvanceAll();
            return _models.Remove(ModelKey(ws, name));
        }
    }

    /// <summary>Versions of a model, newest first; null when the container does not exist.</summary>
    public List<JsonObject>? ListVersions(string ws, string name)
    {
        lock (Lock)
        {
            return _models.TryGetValue(ModelKey(ws, name), out var m)
                ? Enumerable.Reverse(m.Versions).Select(v => RenderVersion(m, v)).ToList()
                : null;
        }
    }

    public JsonObject? GetVersion(string ws, string name, string version)
    {
        lock (Lock)
        {
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v ? RenderVersion(m, v) : null;
        }
    }

    // Same B.9 note as DeleteModel (EmulatorState.DeleteModelVersion). Emulator choice: deleting the last version leaves the (empty) container.
    public bool DeleteVersion(string ws, string name, string version)
    {
        lock (Lock)
        {
            _clock.AdvanceAll();
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v && m.Versions.Remove(v);
        }
    }

    /// <summary>What a model version learned (H.4), or null when it does not exist.</summary>
    public ModelMemory? Memory(string ws, string name, string version)
    {
        lock (Lock)
        {
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v ? v.Memory : null;
        }
    }

    /// <summary>The stored spelling of a model name and version if that version exists; null otherwise.</summary>
    public (string Name, string Version)? FindVersion(string ws, string name, string version)
    {
        lock (Lock)
        {
            return _models.TryGetValue(ModelKey(ws, name), out var m) && m.Find(version) is { } v ? (m.Name, v.Version) : null;
        }
    }

    private JsonObject RenderModel(ModelEntry m)
    {
        var latest = m.Versions.LastOrDefault();
        var properties = new JsonObject
        {
            ["description"] = null,
            ["tags"] = new JsonObject(),
            ["properties"] = new JsonObject(),
            ["isArchived"] = false,
            ["latestVersion"] = latest?.Version,
            ["nextVersion"] = m.NextVersion.ToString(CultureInfo.InvariantCulture),
            ["provisioningState"] = "Succeeded",
        };
        return new JsonObject
        {
            ["id"] = _workspaces.ArmId(m.Workspace) + "/models/" + m.Name,
            ["name"] = m.Name,
            ["type"] = ModelType,
            ["systemData"] = SystemData.Of(m.CreatedAt, latest?.CreatedAt ?? m.CreatedAt),
            ["properties"] = properties,
        };
    }

    private JsonObject RenderVersion(ModelEntry m, ModelVersionEntry v) => new()
    {
        ["id"] = _workspaces.ArmId(m.Workspace) + "/models/" + m.Name + "/versions/" + v.Version,
        ["name"] = v.Version,
        ["type"] = ModelVersionType,
        ["systemData"] = SystemData.Of(v.CreatedAt, v.CreatedAt),
        ["properties"] = v.Properties.DeepClone(),
    };
}
