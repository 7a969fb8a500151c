using System.Text.Json;
using System.Text.Json.Nodes;
using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Projects;

/// <summary>
/// The three calls a project makes on each of its resources, through the Engine's one ARM client: read, create (a PUT
/// followed to its end as contract C.5 says) and delete (likewise).
/// </summary>
internal static class ProjectArm
{
    public static async Task<JsonElement?> GetOrNullAsync(ArmRequests arm, string resourceType, string id, string operation,
        CancellationToken cancellationToken)
    {
        using var found = await arm.GetOrNullAsync(arm.Address(id, ProjectResourceTypes.ApiVersion(resourceType)),
            new ArmCall(operation, id), cancellationToken).ConfigureAwait(false);
        return found?.RootElement.Clone();
    }

    /// <summary>PUTs the resource, follows its operation when there is one, and returns the resource as it then reads.</summary>
    public static async Task<JsonElement> PutAsync(ArmRequests arm, string resourceType, string id, JsonNode body,
        TimeSpan timeout, Action<string> status, CancellationToken cancellationToken)
    {
        var address = arm.Address(id, ProjectResourceTypes.ApiVersion(resourceType));
        var call = new ArmCall("NewFineTuneProject", id);
        using (var answer = await arm.PutAsync(address, body, call, cancellationToken).ConfigureAwait(false))
        {
            var state = JsonRead.String(JsonRead.Object(answer.Body ?? default, "properties"), "provisioningState");
            if (answer.AsyncOperation is not null || answer.Status == 202 || (state is not null && !ProvisioningStates.IsTerminal(state)))
            {
                var outcome = await arm.WaitAsync(answer, address, timeout, call, (current, _) => status(current),
                    cancellationToken).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    throw outcome.Failure("NewFineTuneProjectResourceFailed",
                        $"Creating the {ProjectResourceTypes.Describe(resourceType)} '{id}'", id, RunAgain);
                }
            }
            else if (state is not null && !ProvisioningStates.Succeeded.Equals(state, StringComparison.OrdinalIgnoreCase))
            {
                throw new OperationOutcome(state, null, null).Failure("NewFineTuneProjectResourceFailed",
                    $"Creating the {ProjectResourceTypes.Describe(resourceType)} '{id}'", id, RunAgain);
            }
        }
        using var created = await arm.GetAsync(address, call, cancellationToken).ConfigureAwait(false);
        return created.RootElement.Clone();
    }

    /// <summary>DELETEs the resource and follows its operation; false when there was nothing to delete.</summary>
    public static async Task<bool> DeleteAsync(ArmRequests arm, string resourceType, string id, TimeSpan timeout,
        Action<string> status, CancellationToken cancellationToken)
    {
        var address = arm.Address(id, ProjectResourceTypes.ApiVersion(resourceType));
        var call = new ArmCall("RemoveFineTuneProject", id);
        using var answer = await arm.DeleteAsync(address, call, cancellationToken).ConfigureAwait(false);
        if (answer.Status is 404 or 204) return false;
        if (answer is { Status: 202 } and ({ Location: not null } or { AsyncOperation: not null }))
        {
            var outcome = await arm.WaitAsync(answer, address, timeout, call, (current, _) => status(current),
                cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                throw outcome.Failure("RemoveFineTuneProjectResourceFailed",
                    $"Deleting the {ProjectResourceTypes.Describe(resourceType)} '{id}'", id,
                    "Read the resource again to see whether it still exists, then run the removal again.");
            }
        }
        return true;
    }

    const string RunAgain = "Run the command again: it reuses what was created and goes on from there.";
}
