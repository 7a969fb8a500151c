using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>Fine-tuning jobs (contract B.2–B.4, G.1): create, get, list, cancel, delete.</summary>
public static partial class JobRoutes
{
    public const string JobsPattern = WorkspaceRoutes.WorkspacePattern + "/jobs";
    public const string JobPattern = JobsPattern + "/{id}";

    /// <summary>B.2: job id, model name (and marketplace subscription name) pattern.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$")]
    public static partial Regex NamePattern();

    // B.3 enums. Emulator choice: values match case-sensitively, as the spec spells them.
    private static readonly string[] JobTypes = { "AutoML", "Command", "Sweep", "Pipeline", "Spark", "FineTuning" };
    private static readonly string[] ModelProviders = { "Custom", "AzureOpenAI" };
    private static readonly string[] TaskTypes =
    {
        "ChatCompletion", "TextCompletion", "TextClassification", "QuestionAnswering", "TextSummarization", "TokenClassification",
        "TextTranslation", "ImageClassification", "ImageInstanceSegmentation", "ImageObjectDetection", "VideoMultiObjectTracking",
    };
    private static readonly string[] JobInputTypes = { "literal", "uri_file", "uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model" };
    private static readonly string[] ListViewTypes = { "ActiveOnly", "ArchivedOnly", "All" };

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Jobs_CreateOrUpdate", "PUT", JobPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = ctx.Route("id");
            if (!NamePattern().IsMatch(name))
            {
                // Emulator choice: a name that breaks the B.2 pattern is a 400 "InvalidResourceName".
                throw new ArmException(400, "InvalidResourceName",
                    $"The job name '{name}' is invalid. It must match the pattern ^[a-zA-Z0-9][a-zA-Z0-9\\-_]{{0,254}}$.") { Target = "id" };
            }
            var properties = Validate(await ArmJson.ReadBody(ctx));
            var (job, created) = state.Jobs.CreateOrUpdate(ws, name, Stored(properties, state.Workspaces.ArmId(ws), name), state.Settings.JobStepMs);
            await ArmJson.Write(ctx, created ? 201 : 200, job);
        });

        app.MapArm("Jobs_Get", "GET", JobPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            await ArmJson.Write(ctx, 200, state.Jobs.GetJob(ws, ctx.Route("id")) ?? throw ArmErrors.ChildNotFound("job", ctx.Route("id"), ws));
        });

        app.MapArm("Jobs_List", "GET", JobsPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var filter = Filter(ctx.Request.Query);
            var jobs = state.Jobs.ListJobs(ws).Where(filter).ToList();
            await ArmJson.Write(ctx, 200, Paging.ArmPage(ctx, state, jobs, state.Settings.PageSize));
        });

        app.MapArm("Jobs_Cancel", "POST", JobPattern + "/cancel", async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = ctx.Route("id");
            var (outcome, operationId) = state.Jobs.Cancel(ws, name);
            switch (outcome)
            {
                case JobStore.CancelOutcome.NotFound:
                    throw ArmErrors.ChildNotFound("job", name, ws);
                case JobStore.CancelOutcome.AlreadyTerminal:
                    // Emulator choice: cancelling a job that has already ended is a 200 with no body (the spec's 200).
                    ctx.Response.StatusCode = 200;
                    return;
                default:
                    Accepted(ctx, state, ws, name, operationId!);
                    return;
            }
        });

        // Emulator choice: the Location of a cancel. 202 (no body, same Location and Retry-After) until the job has
        // ended (Canceled, or any terminal status), then 200 with no body (C.5: a POST action's final answer may be 200
        // with no body).
        app.MapArm("Jobs_CancelOperationResult", "GET", JobPattern + "/cancelOperations/{operationId}", async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            var name = ctx.Route("id");
            switch (state.Jobs.CancelDone(ws, name, ctx.Route("operationId")))
            {
                case null:
                    throw new ArmException(404, "ResourceNotFound", $"No cancel operation '{ctx.Route("operationId")}' is known for job '{name}'.");
                case true:
                    ctx.Response.StatusCode = 200;
                    return;
                default:
                    Accepted(ctx, state, ws, name, ctx.Route("operationId"));
                    return;
            }
        });

        // Emulator choice: Jobs_Delete is synchronous: 200 (no body) when the job existed, 204 when it did not.
        app.MapArm("Jobs_Delete", "DELETE", JobPattern, async ctx =>
        {
            var ws = ArmLookup.Workspace(ctx).Name;
            ctx.Response.StatusCode = state.Jobs.DeleteJob(ws, ctx.Route("id")) ? 200 : 204;
        });
    }

    /// <summary>
    /// 202 + Location (absolute, C.5) + Retry-After. Retry-After is the spec's minimum, 10 s (B.2), whatever the
    /// job step: the contract wins over the accelerated clock. Clients that want speed poll the job instead.
    /// </summary>
    private static void Accepted(HttpContext ctx, EmulatorState state, string ws, string name, string operationId)
    {
        var apiVersion = Uri.EscapeDataString(ctx.Request.Query["api-version"].ToString());
        ctx.Response.StatusCode = 202;
        ctx.Response.Headers.Location = $"{state.BaseUrl}{state.Workspaces.ArmId(ws)}/jobs/{name}/cancelOperations/{operationId}?api-version={apiVersion}";
        ctx.Response.Headers.RetryAfter = "10";
    }

    // ---- Jobs_List filters (G.1) ----

    private static Func<JsonObject, bool> Filter(IQueryCollection query)
    {
        var jobType = query["jobType"].ToString();
        var tag = query["tag"].ToString();
        var view = query["listViewType"].ToString();
        if (view.Length == 0)
        {
            view = "ActiveOnly";
        }
        if (!ListViewTypes.Contains(view))
        {
            // Emulator choice: an unknown listViewType is a 400.
            throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{view}' of query parameter 'listViewType' is invalid; expected ActiveOnly, ArchivedOnly or All.");
        }
        var wanted = query["properties"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToList();
        // Unknown query parameters (e.g. Python's scheduled/scheduleId) are ignored (G.1 Emulator choice).
        return job =>
        {
            var p = job["properties"]!;
            var archived = p["isArchived"]?.GetValue<bool>() ?? false;
            if ((view == "ActiveOnly" && archived) || (view == "ArchivedOnly" && !archived))
            {
                return false;
            }
            if (jobType.Length > 0 && !string.Equals((string?)p["jobType"], jobType, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (tag.Length > 0 && !(p["tags"] is JsonObject tags && tags.ContainsKey(tag)))
            {
                return false;
            }
            var props = p["properties"] as JsonObject;
            return wanted.All(w => props is not null && props.TryGetPropertyValue(w[0], out var v)
                && (w.Length == 1 || string.Equals((string?)v, w[1], StringComparison.Ordinal)));
        };
    }

    // ---- the PUT body ----

    /// <summary>What the job keeps: the sent properties without read-only status, plus the defaults the spec names.</summary>
    private static JsonObject Stored(JsonObject properties, string workspaceArmId, string name)
    {
        var p = (JsonObject)properties.DeepClone();
        p.Remove("status");
        p["experimentName"] ??= "Default";
        p["isArchived"] ??= false;
        p["tags"] ??= new JsonObject();
        p["properties"] ??= new JsonObject();
        // Emulator choice (G.1): a Studio service whose endpoint is the job's studio URL; nothing serves it.
        p["services"] = new JsonObject
        {
            ["Studio"] = new JsonObject
            {
                ["jobServiceType"] = "Studio",
                ["endpoint"] = $"https://ml.azure.com/runs/{name}?wsid={workspaceArmId}&tid={SeedState.TenantId}",
                ["status"] = null,
            },
        };
        return p;
    }

    /// <summary>Checks the FineTuning job body against the spec's required fields and types (B.3); returns properties.</summary>
    public static JsonObject Validate(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw ArmErrors.BadRequest("InvalidRequestContent", "The request body must be a JSON object with \"properties\".");
        }
        var p = Object(root["properties"], "properties");
        var jobType = String(p["jobType"], "properties.jobType", JobTypes);
        if (jobType != "FineTuning")
        {
            // Emulator choice: only FineTuning jobs are served.
            throw ArmErrors.Validation("properties.jobType", $"The emulator serves FineTuning jobs only, not '{jobType}'.");
        }
        OptionalStringMap(p["tags"], "properties.tags");
        OptionalStringMap(p["properties"], "properties.properties");
        OptionalString(p["displayName"], "properties.displayName");
        OptionalString(p["experimentName"], "properties.experimentName");
        OptionalString(p["description"], "properties.description");
        if (p["isArchived"] is { } archived && archived.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            throw ArmErrors.Validation("properties.isArchived", "Must be a boolean.");
        }

        const string d = "properties.fineTuningDetails";
        var details = Object(p["fineTuningDetails"], d);
        var provider = String(details["modelProvider"], d + ".modelProvider", ModelProviders);
        String(details["taskType"], d + ".taskType", TaskTypes);
        var modelUri = JobInput(details["model"], d + ".model");
        JobInput(details["trainingData"], d + ".trainingData");
        if (details["validationData"] is not null)
        {
            JobInput(details["validationData"], d + ".validationData");
        }
        if (details["hyperParameters"] is { } hp)
        {
            if (provider == "Custom")
            {
                // B.3: Custom hyperParameters are a map string → string.
                var map = Object(hp, d + ".hyperParameters");
                foreach (var (key, value) in map)
                {
                    if (value?.GetValueKind() != JsonValueKind.String)
                    {
                        throw ArmErrors.Validation($"{d}.hyperParameters.{key}", "Custom hyperParameters must be strings (for example \"1\", not 1).");
                    }
                }
            }
            else
            {
                var map = Object(hp, d + ".hyperParameters");
                Number(map["batchSize"], d + ".hyperParameters.batchSize", integer: true);
                Number(map["learningRateMultiplier"], d + ".hyperParameters.learningRateMultiplier", integer: false);
                Number(map["nEpochs"], d + ".hyperParameters.nEpochs", integer: true);
            }
        }
        RegistryCatalog.CheckJobModel(modelUri, d + ".model.uri");

        var outputs = Object(p["outputs"], "properties.outputs");
        var registered = Object(outputs["registered_model"], "properties.outputs.registered_model");
        String(registered["jobOutputType"], "properties.outputs.registered_model.jobOutputType", new[] { "mlflow_model" });
        if (OptionalString(registered["assetName"], "properties.outputs.registered_model.assetName") is { } asset && !NamePattern().IsMatch(asset))
        {
            throw ArmErrors.Validation("properties.outputs.registered_model.assetName", $"'{asset}' is not a valid model name (^[a-zA-Z0-9][a-zA-Z0-9\\-_]{{0,254}}$).");
        }
        return p;
    }

    internal static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw ArmErrors.Validation(path, node is null ? "[Required] The field is missing." : "Must be a JSON object.");

    internal static string String(JsonNode? node, string path, string[] allowed)
    {
        if (node is null)
        {
            throw ArmErrors.Validation(path, "[Required] The field is missing.");
        }
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is null || !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw ArmErrors.Validation(path, $"'{node.ToJsonString()}' is not one of: {string.Join(", ", allowed)}.");
        }
        return text;
    }

    internal static string? OptionalString(JsonNode? node, string path) =>
        node is null ? null
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>()
        : throw ArmErrors.Validation(path, "Must be a string.");

    internal static void OptionalStringMap(JsonNode? node, string path)
    {
        if (node is null)
        {
            return;
        }
        foreach (var (key, value) in Object(node, path))
        {
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                throw ArmErrors.Validation($"{path}.{key}", "Must be a string.");
            }
        }
    }

    private static void Number(JsonNode? node, string path, bool integer)
    {
        if (node is null)
        {
            return;
        }
        if (node.GetValueKind() != JsonValueKind.Number || (integer && !int.TryParse(node.ToJsonString(), out _)))
        {
            throw ArmErrors.Validation(path, integer ? "Must be an integer." : "Must be a number.");
        }
    }

    /// <summary>A JobInput: jobInputType from the enum and a non-empty uri. Returns the uri.</summary>
    private static string JobInput(JsonNode? node, string path)
    {
        var input = Object(node, path);
        String(input["jobInputType"], path + ".jobInputType", JobInputTypes);
        var uri = OptionalString(input["uri"], path + ".uri");
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw ArmErrors.Validation(path + ".uri", "[Required] The field is missing or empty.");
        }
        return uri;
    }
}
