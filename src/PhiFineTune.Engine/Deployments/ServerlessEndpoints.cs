using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Workspaces;

namespace PhiFineTune.Engine.Deployments;

/// <summary>
/// Serverless endpoints of the connection's workspace (contract B.2, B.8): the deployments of fine-tuned models.
/// Create and delete are long-running (C.5); keys come from listKeys and leave this class only as SecureString,
/// except to <see cref="FineTunedModelChat"/>, which puts the key in one request header.
/// </summary>
public static partial class ServerlessEndpoints
{
    public const string ApiVersion = MlWorkspaces.ApiVersion;

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{0,51}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>The PUT's name pattern (contract B.2), checked before any request.</summary>
    public static string CheckName(string? name) =>
        name is not null && NamePattern().IsMatch(name)
            ? name
            : throw new FineTuneException("InvalidDeploymentName", FailureKind.InvalidArgument,
                $"'{name}' is not a valid deployment name: it must start with a letter and have 1 to 52 letters, digits or hyphens (^[a-zA-Z][a-zA-Z0-9-]{{0,51}}$).",
                name, "Choose a name such as faq-model-1.");

    /// <summary>The PUT body (contract B.8): location from the workspace, Consumption, key auth, content safety.</summary>
    public static JsonObject Body(string location, string modelId, bool contentSafety) => new()
    {
        ["location"] = location,
        ["sku"] = new JsonObject { ["name"] = "Consumption" },
        ["properties"] = new JsonObject
        {
            ["authMode"] = "Key",
            ["modelSettings"] = new JsonObject { ["modelId"] = modelId },
            ["contentSafety"] = new JsonObject { ["contentSafetyStatus"] = contentSafety ? "Enabled" : "Disabled" },
        },
    };

    public static async Task<FineTunedModelDeployment> GetAsync(FineTuneConnection connection, string name,
        bool includeKeys, CancellationToken cancellationToken)
    {
        var deployment = await FindAsync(connection, name, cancellationToken).ConfigureAwait(false) ??
            throw new FineTuneException("GetFineTunedModelDeploymentNotFound", FailureKind.NotFound,
                $"The workspace '{connection.WorkspaceName}' has no deployment (serverless endpoint) named '{name}'.", name,
                ActionTexts.CheckDeploymentName);
        return includeKeys ? await WithKeysAsync(deployment, cancellationToken).ConfigureAwait(false) : deployment;
    }

    /// <summary>The endpoint, or null when the workspace has none of that name.</summary>
    public static async Task<FineTunedModelDeployment?> FindAsync(FineTuneConnection connection, string name,
        CancellationToken cancellationToken)
    {
        using var endpoint = await connection.Clients().Arm.GetOrNullAsync(Address(connection, name),
            new ArmCall("GetFineTunedModelDeployment", name), cancellationToken).ConfigureAwait(false);
        return endpoint is null ? null : Read(connection, endpoint.RootElement);
    }

    /// <summary>Every serverless endpoint of the workspace, following nextLink (contract C.7).</summary>
    public static async Task<List<FineTunedModelDeployment>> ListAsync(FineTuneConnection connection,
        CancellationToken cancellationToken)
    {
        var all = new List<FineTunedModelDeployment>();
        await foreach (var endpoint in connection.Clients().Arm.ListAsync(Address(connection, null),
                           new ArmCall("GetFineTunedModelDeployment", connection.WorkspaceName), cancellationToken).ConfigureAwait(false))
            all.Add(Read(connection, endpoint));
        return all;
    }

    /// <summary>The endpoints that deploy this model (any version when <paramref name="version"/> is null).</summary>
    public static async Task<List<FineTunedModelDeployment>> UsersOfAsync(FineTuneConnection connection, string modelName,
        string? version, CancellationToken cancellationToken) =>
        (await ListAsync(connection, cancellationToken).ConfigureAwait(false))
        .Where(d => ModelIds.Refers(d.ModelId, connection, modelName, version)).ToList();

    /// <summary>
    /// Checks the one-deployment-per-model rule (contract B.9) and the name. Returns the endpoint when one of this name
    /// deploys this model already (a re-run), null when the PUT may go ahead; throws when the model is deployed under
    /// another name or the name deploys another model.
    /// </summary>
    public static async Task<FineTunedModelDeployment?> CheckAsync(DeploymentRequest request, CancellationToken cancellationToken)
    {
        var connection = request.Connection;
        var all = await ListAsync(connection, cancellationToken).ConfigureAwait(false);
        var users = all.Where(d => request.IsBaseModel
            ? string.Equals(d.ModelId, request.ModelId, StringComparison.OrdinalIgnoreCase)
            : ModelIds.Refers(d.ModelId, connection, request.ModelName, request.ModelVersion)).ToList();
        if (users.FirstOrDefault(u => string.Equals(u.Name, request.Name, StringComparison.OrdinalIgnoreCase)) is { } same)
            return same;
        // The one-deployment rule is for custom models (contract B.9); a base model may have many.
        if (users.Count > 0 && !request.IsBaseModel) throw ModelDeployed(request, users[0].Name, null);
        if (all.FirstOrDefault(d => string.Equals(d.Name, request.Name, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            throw new FineTuneException("DeploymentNameInUse", FailureKind.Conflict,
                $"The deployment name '{request.Name}' is in use by a deployment of {Label(taken)}.",
                request.Name, ActionTexts.ChooseAnotherDeploymentName);
        }
        return null;
    }

    /// <summary>"Phi-4-mini-instruct (base model)" or "my-model version 2", for messages.</summary>
    public static string Label(FineTunedModelDeployment deployment) =>
        deployment.ModelVersion is null && deployment.ModelName is not null
            ? $"{deployment.ModelName} (base model)"
            : $"{deployment.ModelName} version {deployment.ModelVersion}";

    /// <summary>Sends the PUT (contract B.8); the service's 409 becomes the one-deployment-per-model error.</summary>
    public static async Task<DeploymentCreation> CreateAsync(DeploymentRequest request, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var connection = request.Connection;
        var body = Body(connection.Location, request.ModelId, request.ContentSafety);
        var call = new ArmCall("NewFineTunedModelDeployment", request.Name)
        {
            OnFailure = failure => failure.Status == 409
                ? ModelDeployed(request, null, failure.ServiceMessage ?? failure.Error.Message)
                : null,
        };
        observer.Verbose($"Creating serverless endpoint {request.Name} for {request.ModelId}.");
        using var answer = await connection.Clients().Arm.PutAsync(Address(connection, request.Name), body, call, cancellationToken)
            .ConfigureAwait(false);
        return new DeploymentCreation(Read(connection, answer.Body!.Value), answer.AsyncOperation, answer.RetryAfter);
    }

    /// <summary>Follows the PUT's operation to its end with progress (contract C.5), then reads the endpoint.</summary>
    public static async Task<FineTunedModelDeployment> WaitAsync(DeploymentCreation creation, TimeSpan timeout,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var deployment = creation.Deployment;
        var connection = deployment.Connection;
        const int activity = 4501;
        var activityName = $"Deploying {Label(deployment)} as {deployment.Name}";
        try
        {
            observer.Progress(new OperationProgress(activity, activityName, deployment.ProvisioningState));
            if (deployment.IsTerminal) return await GetAsync(connection, deployment.Name, false, cancellationToken).ConfigureAwait(false);
            var last = deployment.ProvisioningState;
            var started = new ArmResponse(201, null, creation.RetryAfter) { AsyncOperation = creation.Operation };
            var outcome = await connection.Clients().Arm.WaitAsync(started, Address(connection, deployment.Name), timeout,
                new ArmCall("NewFineTunedModelDeployment", deployment.Name), (status, elapsed) =>
                {
                    if (status != last) observer.Verbose($"{deployment.Name}: {last} -> {status}.");
                    last = status;
                    observer.Progress(new OperationProgress(activity, activityName, $"{status}, {elapsed:hh\\:mm\\:ss} elapsed"));
                }, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                throw outcome.Failure("DeploymentFailed", $"The deployment '{deployment.Name}'", deployment.Name, ActionTexts.Redeploy);
            }
            return await GetAsync(connection, deployment.Name, false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            observer.Progress(new OperationProgress(activity, activityName, "Done", Completed: true));
        }
    }

    /// <summary>
    /// DELETEs the endpoint and follows the operation until it is gone (contract B.8, C.5). False when there was none; an
    /// operation that ends Failed or Canceled is an error, since the endpoint (and what it costs) may still be there.
    /// </summary>
    public static async Task<bool> DeleteAsync(FineTuneConnection connection, string name, TimeSpan timeout,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var arm = connection.Clients().Arm;
        var call = new ArmCall("RemoveFineTunedModelDeployment", name);
        const int activity = 4502;
        try
        {
            using var answer = await arm.DeleteAsync(Address(connection, name), call, cancellationToken).ConfigureAwait(false);
            // ARM answers a DELETE of nothing with 204 (or 404 from some services).
            if (answer.Status is 404 or 204) return false;
            if (answer is { Status: 202 } and ({ Location: not null } or { AsyncOperation: not null }))
            {
                observer.Progress(new OperationProgress(activity, $"Deleting deployment {name}", "Deleting"));
                var outcome = await arm.WaitAsync(answer, Address(connection, name), timeout, call,
                    (_, elapsed) => observer.Progress(new OperationProgress(activity, $"Deleting deployment {name}",
                        $"Deleting, {elapsed:hh\\:mm\\:ss} elapsed")), cancellationToken).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    throw outcome.Failure("DeploymentDeleteFailed", $"Deleting the deployment '{name}'", name, ActionTexts.DeleteDeploymentAgain);
                }
            }
            return true;
        }
        finally
        {
            observer.Progress(new OperationProgress(activity, $"Deleting deployment {name}", "Done", Completed: true));
        }
    }

    /// <summary>The deployment with its keys as read-only SecureStrings.</summary>
    static async Task<FineTunedModelDeployment> WithKeysAsync(FineTunedModelDeployment deployment, CancellationToken cancellationToken)
    {
        using var keys = await ListKeysAsync(deployment.Connection, deployment.Name, cancellationToken).ConfigureAwait(false);
        var root = keys.RootElement;
        return Copy(deployment, Secure(JsonRead.String(root, "primaryKey")), Secure(JsonRead.String(root, "secondaryKey")));
    }

    /// <summary>POST listKeys (contract B.8). The document holds the keys: the caller disposes it at once.</summary>
    internal static async Task<JsonDocument> ListKeysAsync(FineTuneConnection connection, string name,
        CancellationToken cancellationToken)
    {
        var arm = connection.Clients().Arm;
        using var answer = await arm.PostAsync(arm.Address(Path(connection, name) + "/listKeys", ApiVersion), null,
            new ArmCall("GetFineTunedModelDeploymentKey", name), cancellationToken).ConfigureAwait(false);
        return answer.TakeBody();
    }

    static SecureString? Secure(string? text)
    {
        if (text is null) return null;
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    static FineTuneException ModelDeployed(DeploymentRequest request, string? existing, string? serviceMessage) =>
        new("ModelAlreadyDeployed", FailureKind.Conflict,
            $"The model {request.Label} has a deployment already" +
            (existing is null ? "" : $": '{existing}'") + "; a fine-tuned model can have only one deployment." +
            (serviceMessage is null ? "" : $" The service said: {serviceMessage}"),
            request.Name, existing is null
                ? ActionTexts.UseExistingDeployment
                : $"Use '{existing}', or remove it first.")
        { Data = { [ActionData.Deployment] = existing } };

    static Uri Address(FineTuneConnection connection, string? name) =>
        connection.Clients().Arm.Address(Path(connection, name), ApiVersion);

    static string Path(FineTuneConnection connection, string? name) =>
        MlWorkspaces.ResourceId(connection) + "/serverlessEndpoints" + (name is null ? "" : "/" + Uri.EscapeDataString(name));

    /// <summary>A ServerlessEndpointTrackedResource (contract B.8) as a FineTunedModelDeployment.</summary>
    internal static FineTunedModelDeployment Read(FineTuneConnection connection, JsonElement endpoint)
    {
        var properties = JsonRead.Object(endpoint, "properties");
        var modelId = JsonRead.String(JsonRead.Object(properties, "modelSettings"), "modelId");
        var parsed = ModelIds.Parse(modelId);
        var uri = JsonRead.String(JsonRead.Object(properties, "inferenceEndpoint"), "uri");
        return new FineTunedModelDeployment
        {
            Name = JsonRead.String(endpoint, "name") ?? "",
            // A missing provisioningState counts as Succeeded (contract C.5).
            ProvisioningState = JsonRead.String(properties, "provisioningState") ?? FineTunedModelDeploymentState.Succeeded,
            EndpointState = JsonRead.String(properties, "endpointState"),
            ScoringUri = Uri.TryCreate(uri, UriKind.Absolute, out var scoring) ? scoring : null,
            ModelId = modelId,
            ModelName = parsed?.Name ?? ModelIds.RegistryModelName(modelId),
            ModelVersion = parsed?.Version,
            ContentSafety = JsonRead.String(JsonRead.Object(properties, "contentSafety"), "contentSafetyStatus"),
            AuthMode = JsonRead.String(properties, "authMode"),
            Location = JsonRead.String(endpoint, "location"),
            CreatedAt = JsonRead.Time(JsonRead.Object(endpoint, "systemData"), "createdAt"),
            ResourceId = JsonRead.String(endpoint, "id") ?? "",
            CheckedAt = DateTimeOffset.UtcNow,
            Connection = connection,
        };
    }

    static FineTunedModelDeployment Copy(FineTunedModelDeployment d, SecureString? primary, SecureString? secondary) => new()
    {
        Name = d.Name, ProvisioningState = d.ProvisioningState, EndpointState = d.EndpointState, ScoringUri = d.ScoringUri,
        ModelId = d.ModelId, ModelName = d.ModelName, ModelVersion = d.ModelVersion, ContentSafety = d.ContentSafety,
        AuthMode = d.AuthMode, Location = d.Location, CreatedAt = d.CreatedAt, ResourceId = d.ResourceId,
        CheckedAt = d.CheckedAt, Connection = d.Connection, PrimaryKey = primary, SecondaryKey = secondary,
    };
}
