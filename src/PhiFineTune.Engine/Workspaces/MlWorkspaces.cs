using PhiFineTune.Engine.Arm;

namespace PhiFineTune.Engine.Workspaces;

/// <summary>Azure ML workspaces (hubs and projects, contract D.1): their ids and Workspaces_Get.</summary>
public static class MlWorkspaces
{
    public const string ApiVersion = "2025-01-01-preview";

    public static string ResourceId(string subscriptionId, string resourceGroupName, string workspaceName) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}" +
        $"/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}";

    /// <summary>The connection's workspace id, the parent of its jobs, models, endpoints and datastores.</summary>
    internal static string ResourceId(FineTuneConnection connection) =>
        ResourceId(connection.SubscriptionId, connection.ResourceGroupName, connection.WorkspaceName);

    internal static async Task<WorkspaceDetails> GetAsync(ArmRequests arm, string resourceId, CancellationToken cancellationToken)
    {
        using var workspace = await arm.GetAsync(arm.Address(resourceId, ApiVersion), new ArmCall("GetWorkspace", resourceId),
            cancellationToken).ConfigureAwait(false);
        var root = workspace.RootElement;
        var properties = JsonRead.Object(root, "properties");
        return new WorkspaceDetails(JsonRead.String(root, "id"), JsonRead.String(root, "name"), JsonRead.String(root, "kind"),
            JsonRead.String(root, "location"), JsonRead.String(properties, "workspaceId"),
            JsonRead.String(properties, "hubResourceId"), JsonRead.String(properties, "mlFlowTrackingUri"));
    }
}
