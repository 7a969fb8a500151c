using System.Text.Json;
using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Diagnostics;

namespace PhiFineTune.Engine.Connection;

/// <summary>Signs in and checks that the workspace exists (contract D.1), recording its location and ids.</summary>
public static class WorkspaceConnector
{
    public const string WorkspaceApiVersion = "2025-01-01-preview";

    public static async Task<FineTuneConnection> ConnectAsync(ConnectionRequest request, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        AzureIds.SubscriptionId(request.SubscriptionId);
        AzureIds.ResourceGroupName(request.ResourceGroupName);
        AzureIds.WorkspaceName(request.WorkspaceName);
        if (request.TenantId is { Length: > 0 } tenant && !Guid.TryParse(tenant, out _) && !tenant.Contains('.'))
        {
            throw new FineTuneException("InvalidTenantId", FailureKind.InvalidArgument,
                $"-TenantId '{tenant}' is not valid: a tenant is a GUID or a domain such as contoso.onmicrosoft.com.",
                tenant, "Correct -TenantId and run the command again.");
        }
        RejectExpiredToken(request);

        using var scope = ObserverScope.Enter(observer);
        var credential = CredentialFactory.Create(request, observer);
        var session = new ConnectionSession(request, credential);
        var resourceId = WorkspaceResourceId(request.SubscriptionId, request.ResourceGroupName, request.WorkspaceName);
        observer.Verbose($"Connecting to {resourceId} at {session.Endpoint} ({request.Method}).");
        try
        {
            using var workspace = await ArmCalls.GetAsync(session.Pipeline, session.Endpoint, resourceId,
                WorkspaceApiVersion, cancellationToken).ConfigureAwait(false);
            var root = workspace.RootElement;
            var properties = root.TryGetProperty("properties", out var p) ? p : default;
            if (String(properties, "mlFlowTrackingUri") is { } tracking && tracking.StartsWith("azureml://", StringComparison.OrdinalIgnoreCase))
            {
                session.MlflowBase = new Uri("https://" + tracking["azureml://".Length..].TrimEnd('/') + "/");
            }
            return new FineTuneConnection(session)
            {
                ConnectionId = Guid.NewGuid(),
                SubscriptionId = request.SubscriptionId,
                ResourceGroupName = request.ResourceGroupName,
                WorkspaceName = String(root, "name") ?? request.WorkspaceName,
                WorkspaceKind = String(root, "kind") ?? "Default",
                Location = String(root, "location") ?? throw new FineTuneException("WorkspaceWithoutLocation",
                    FailureKind.InvalidOperation, $"The workspace '{resourceId}' has no location.", resourceId),
                WorkspaceId = String(properties, "workspaceId"),
                HubResourceId = String(properties, "hubResourceId"),
                ResourceId = String(root, "id") ?? resourceId,
                Environment = request.Emulator is null ? request.Cloud.ToString() : "Emulator",
                ArmEndpoint = session.Endpoint,
                AuthenticationMethod = request.Method,
                TenantId = request.TenantId,
                ClientId = request.ClientId,
                ConnectedAt = DateTimeOffset.UtcNow,
            };
        }
        catch (Exception e)
        {
            throw ErrorMapper.Map(e, "GetWorkspace", resourceId);
        }
    }

    public static string WorkspaceResourceId(string subscriptionId, string resourceGroupName, string workspaceName) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}" +
        $"/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}";

    static void RejectExpiredToken(ConnectionRequest request)
    {
        if (request.Method != AuthenticationMethod.AccessToken || request.AccessToken is null) return;
        var expiry = SecureStringTokenCredential.JwtExpiry(CredentialFactory.Plain(request.AccessToken));
        if (expiry is { } when && when <= DateTimeOffset.UtcNow)
        {
            throw new FineTuneException("AccessTokenExpired", FailureKind.Authentication,
                $"The access token given to -AccessToken expired at {when:u}.", null,
                "Get a new token (for example with Get-AzAccessToken -AsSecureString) and connect again.");
        }
    }

    static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
