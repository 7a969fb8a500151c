using PhiFineTune.Engine.Arm;
using PhiFineTune.Engine.Diagnostics;
using PhiFineTune.Engine.Workspaces;

namespace PhiFineTune.Engine.Connection;

/// <summary>Signs in and checks that the workspace exists (contract D.1), recording its location and ids.</summary>
public static class WorkspaceConnector
{
    public static async Task<FineTuneConnection> ConnectAsync(ConnectionRequest request, IOperationObserver observer,
        CancellationToken cancellationToken)
    {
        AzureIds.SubscriptionId(request.SubscriptionId);
        AzureIds.ResourceGroupName(request.ResourceGroupName);
        if (request.WorkspaceName is not null) AzureIds.WorkspaceName(request.WorkspaceName);
        if (request.TenantId is { Length: > 0 } tenant && !Guid.TryParse(tenant, out _) && !tenant.Contains('.'))
        {
            throw new FineTuneException("InvalidTenantId", FailureKind.InvalidArgument,
                $"-TenantId '{tenant}' is not valid: a tenant is a GUID or a domain such as contoso.onmicrosoft.com.",
                tenant, "Correct -TenantId and run the command again.");
        }
        RejectExpiredToken(request);

        using var scope = ObserverScope.Enter(observer);
        var credential = CredentialFactory.Create(request, observer);
        return await ConnectAsync(new ConnectionSession(request, credential), request, observer, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Connects to another workspace with the credential, cloud and endpoint of <paramref name="basis"/> (a project
    /// New-FineTuneProject created, in another resource group or subscription): signs in no second time.
    /// </summary>
    public static async Task<FineTuneConnection> ConnectAsync(FineTuneConnection basis, string subscriptionId,
        string resourceGroupName, string workspaceName, IOperationObserver observer, CancellationToken cancellationToken)
    {
        var old = basis.Clients();
        var request = new ConnectionRequest
        {
            SubscriptionId = AzureIds.SubscriptionId(subscriptionId),
            ResourceGroupName = AzureIds.ResourceGroupName(resourceGroupName),
            WorkspaceName = AzureIds.WorkspaceName(workspaceName),
            Method = old.Request.Method,
            Cloud = old.Request.Cloud,
            TenantId = old.Request.TenantId,
            ClientId = old.Request.ClientId,
            ClientSecret = old.Request.ClientSecret,
            Certificate = old.Request.Certificate,
            AccessToken = old.Request.AccessToken,
            Emulator = old.Request.Emulator,
        };
        using var scope = ObserverScope.Enter(observer);
        return await ConnectAsync(new ConnectionSession(request, old.Credential), request, observer, cancellationToken)
            .ConfigureAwait(false);
    }

    static async Task<FineTuneConnection> ConnectAsync(ConnectionSession session, ConnectionRequest request,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        if (request.WorkspaceName is null) return await ConnectWithoutWorkspaceAsync(session, request, observer, cancellationToken)
            .ConfigureAwait(false);
        var resourceId = MlWorkspaces.ResourceId(request.SubscriptionId, request.ResourceGroupName, request.WorkspaceName);
        observer.Verbose($"Connecting to {resourceId} at {session.Endpoint} ({request.Method}).");
        var workspace = await MlWorkspaces.GetAsync(session.Arm, resourceId, cancellationToken).ConfigureAwait(false);
        if (workspace.MlflowTrackingUri is { } tracking && tracking.StartsWith("azureml://", StringComparison.OrdinalIgnoreCase))
        {
            session.MlflowBase = new Uri("https://" + tracking["azureml://".Length..].TrimEnd('/') + "/");
        }
        return new FineTuneConnection(session)
        {
            ConnectionId = Guid.NewGuid(),
            SubscriptionId = request.SubscriptionId,
            ResourceGroupName = request.ResourceGroupName,
            WorkspaceName = workspace.Name ?? request.WorkspaceName,
            WorkspaceKind = workspace.Kind ?? "Default",
            Location = workspace.Location ?? throw new FineTuneException("WorkspaceWithoutLocation",
                FailureKind.InvalidOperation, $"The workspace '{resourceId}' has no location.", resourceId),
            WorkspaceId = workspace.WorkspaceId,
            HubResourceId = workspace.HubResourceId,
            ResourceId = workspace.Id ?? resourceId,
            Environment = request.Emulator is null ? request.Cloud.ToString() : "Emulator",
            ArmEndpoint = session.Endpoint,
            AuthenticationMethod = request.Method,
            TenantId = request.TenantId,
            ClientId = request.ClientId,
            ConnectedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// A connection to a subscription and resource group with no workspace yet: the sign-in is checked by listing one
    /// resource group of the subscription (contract J.1); the group itself need not exist.
    /// </summary>
    static async Task<FineTuneConnection> ConnectWithoutWorkspaceAsync(ConnectionSession session, ConnectionRequest request,
        IOperationObserver observer, CancellationToken cancellationToken)
    {
        var groups = $"/subscriptions/{request.SubscriptionId}/resourcegroups";
        observer.Verbose($"Connecting to subscription {request.SubscriptionId} at {session.Endpoint} ({request.Method}), no workspace.");
        using (await session.Arm.GetAsync(session.Arm.Address(groups, "2025-04-01", ("$top", "1")),
                   new ArmCall("ConnectFineTuneWorkspace", groups), cancellationToken).ConfigureAwait(false))
        {
        }
        return new FineTuneConnection(session)
        {
            ConnectionId = Guid.NewGuid(),
            SubscriptionId = request.SubscriptionId,
            ResourceGroupName = request.ResourceGroupName,
            WorkspaceName = "",
            WorkspaceKind = "None",
            Location = "",
            ResourceId = $"/subscriptions/{request.SubscriptionId}/resourceGroups/{request.ResourceGroupName}",
            Environment = request.Emulator is null ? request.Cloud.ToString() : "Emulator",
            ArmEndpoint = session.Endpoint,
            AuthenticationMethod = request.Method,
            TenantId = request.TenantId,
            ClientId = request.ClientId,
            ConnectedAt = DateTimeOffset.UtcNow,
        };
    }

    static void RejectExpiredToken(ConnectionRequest request)
    {
        if (request.Method != AuthenticationMethod.AccessToken || request.AccessToken is null) return;
        var expiry = SecureStringTokenCredential.JwtExpiry(CredentialFactory.Plain(request.AccessToken));
        if (expiry is { } when && when <= DateTimeOffset.UtcNow)
        {
            throw new FineTuneException("AccessTokenExpired", FailureKind.Authentication,
                $"The access token given to -AccessToken expired at {when:u}.", null,
                ActionTexts.NewToken);
        }
    }
}
