using System.Text.Json;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Connection;
using PhiFineTune.Engine.Deployments;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Jobs;
using PhiFineTune.Engine.Workspaces;

namespace PhiFineTune.Engine.Models;

/// <summary>
/// The workspace's fine-tuned models (contract B.6: ModelContainers and ModelVersions), each version with the
/// serverless endpoints that deploy it, and their removal under the rule of B.9.
/// </summary>
public static class FineTunedModels
{
    public const string ApiVersion = MlWorkspaces.ApiVersion;

    /// <summary>Every version of every model in the workspace, newest model first.</summary>
    public static async Task<List<FineTunedModel>> ListAsync(FineTuneConnection connection, CancellationToken cancellationToken)
    {
        var arm = connection.Clients().Arm;
        var names = (await arm.ListOrNullAsync(Address(connection, ""), new ArmCall("GetFineTunedModel", connection.WorkspaceName),
                cancellationToken).ConfigureAwait(false) ?? [])
            .Select(m => JsonRead.String(m, "name")).OfType<string>().ToList();
        var deployments = await ServerlessEndpoints.ListAsync(connection, cancellationToken).ConfigureAwait(false);
        var all = new List<FineTunedModel>();
        foreach (var name in names)
            all.AddRange(await VersionsAsync(connection, name, deployments, cancellationToken).ConfigureAwait(false) ?? []);
        return all;
    }

    /// <summary>The versions of one model, newest first, or only <paramref name="version"/>; NotFound when there is none.</summary>
    public static async Task<List<FineTunedModel>> GetAsync(FineTuneConnection connection, string name, string? version,
        CancellationToken cancellationToken)
    {
        var deployments = await ServerlessEndpoints.ListAsync(connection, cancellationToken).ConfigureAwait(false);
        var versions = (await VersionsAsync(connection, name, deployments, cancellationToken).ConfigureAwait(false) ?? [])
            .Where(v => version is null || string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase)).ToList();
        if (versions.Count == 0)
        {
            throw new FineTuneException("GetFineTunedModelNotFound", FailureKind.NotFound,
                $"The workspace '{connection.WorkspaceName}' has no fine-tuned model '{name}'{(version is null ? "" : $" version {version}")}.",
                name, ActionTexts.CheckModelName);
        }
        return versions;
    }

    /// <summary>The model version a completed job registered (its OutputModelName, the version whose jobName is the job).</summary>
    public static async Task<FineTunedModel> ForJobAsync(FineTuneJob job, CancellationToken cancellationToken)
    {
        if (!string.Equals(job.Status, FineTuneJobStatus.Completed, StringComparison.OrdinalIgnoreCase))
        {
            throw new FineTuneException("JobNotCompleted", FailureKind.InvalidOperation,
                $"The job '{job.Name}' is {job.Status}; only a Completed job has a fine-tuned model.", job.Name,
                ActionTexts.WaitForJob);
        }
        var name = job.OutputModelName ?? job.Name;
        var versions = await GetAsync(job.Connection, name, null, cancellationToken).ConfigureAwait(false);
        return versions.FirstOrDefault(v => string.Equals(v.JobName, job.Name, StringComparison.OrdinalIgnoreCase)) ??
               throw new FineTuneException("GetFineTunedModelNotFound", FailureKind.NotFound,
                   $"No version of the model '{name}' was registered by the job '{job.Name}'.", job.Name,
                   $"Check the versions of the model {name}.") { Data = { [ActionData.Model] = name } };
    }

    /// <summary>
    /// Deletes a model version, and the model itself once it has no version left; with no version, the whole model
    /// (contract B.9 step 3). The service refuses while a deployment uses it: that 409 names the deployments.
    /// </summary>
    public static async Task RemoveAsync(FineTuneConnection connection, string name, string? version, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        using var scope = ObserverScope.Enter(observer);
        var arm = connection.Clients().Arm;
        var call = new ArmCall("RemoveFineTunedModel", name)
        {
            OnFailure = failure => failure.Status == 409
                ? new FineTuneException("ModelInUse", FailureKind.Conflict,
                    $"The service refused to delete the model {name}{(version is null ? "" : $" version {version}")}: {failure.ServiceMessage ?? failure.Error.Message}",
                    name, ActionTexts.RemoveDeploymentsFirst) { HttpStatus = 409 }
                : null,
        };
        if (version is not null)
        {
            using var _ = await arm.DeleteAsync(Address(connection, "/" + Uri.EscapeDataString(name) + "/versions/" +
                Uri.EscapeDataString(version)), call, cancellationToken).ConfigureAwait(false);
            var left = await arm.ListOrNullAsync(Address(connection, "/" + Uri.EscapeDataString(name) + "/versions"), call,
                cancellationToken).ConfigureAwait(false);
            if (left is null || left.Count > 0) return;
            observer.Verbose($"The model {name} has no version left; deleting the model.");
        }
        using var __ = await arm.DeleteAsync(Address(connection, "/" + Uri.EscapeDataString(name)), call, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The error for a model that deployments still use (contract B.9), naming them.</summary>
    public static FineTuneException InUse(string name, string? version, IEnumerable<string> deployments)
    {
        var list = string.Join(", ", deployments.Select(d => $"'{d}'"));
        return new FineTuneException("ModelInUse", FailureKind.Conflict,
            $"The model {name}{(version is null ? "" : $" version {version}")} has deployments: {list}. A model cannot be deleted while it is deployed.",
            name, $"Remove the deployments first, or remove the model with its deployments ({list}).")
        { Data = { [ActionData.Deployments] = list } };
    }

    static async Task<List<FineTunedModel>?> VersionsAsync(FineTuneConnection connection, string name,
        IReadOnlyList<FineTunedModelDeployment> deployments, CancellationToken cancellationToken)
    {
        var versions = await connection.Clients().Arm.ListOrNullAsync(
            Address(connection, "/" + Uri.EscapeDataString(name) + "/versions"), new ArmCall("GetFineTunedModel", name),
            cancellationToken).ConfigureAwait(false);
        return versions?.Select(v => Read(connection, name, v, deployments)).ToList();
    }

    static Uri Address(FineTuneConnection connection, string rest) =>
        connection.Clients().Arm.Address(MlWorkspaces.ResourceId(connection) + "/models" + rest, ApiVersion);

    /// <summary>A ModelVersion resource (contract B.6) as a FineTunedModel.</summary>
    internal static FineTunedModel Read(FineTuneConnection connection, string name, JsonElement version,
        IReadOnlyList<FineTunedModelDeployment> deployments)
    {
        var properties = JsonRead.Object(version, "properties");
        var number = JsonRead.String(version, "name") ?? "";
        var baseModelId = JsonRead.String(JsonRead.Object(properties, "properties"), "baseModelId");
        return new FineTunedModel
        {
            Name = name,
            Version = number,
            BaseModel = FineTuneJobs.BaseModelName(baseModelId),
            BaseModelId = baseModelId,
            JobName = JsonRead.String(properties, "jobName"),
            ModelId = ModelIds.Build(connection, name, number),
            CreatedAt = JsonRead.Time(JsonRead.Object(version, "systemData"), "createdAt"),
            Deployments = deployments.Where(d => ModelIds.Refers(d.ModelId, connection, name, number)).Select(d => d.Name).ToList(),
            ResourceId = JsonRead.String(version, "id") ?? "",
            Connection = connection,
        };
    }
}
