namespace PhiFineTune.Emulator;

/// <summary>
/// What the pipeline needs to know about one operation. It is attached to the endpoint as metadata by
/// <see cref="ArmRouting.MapArm"/>; fault injection, the auth and api-version checks and the request log all key off it.
/// </summary>
/// <param name="OperationId">The contract's operationId (or an emulator-defined id for non-ARM routes).</param>
/// <param name="ApiVersions">Accepted api-version values; null = the route takes no api-version.</param>
/// <param name="RequiresBearer">Whether a Bearer token must be present.</param>
/// <param name="Action">The RBAC action named in a 403 AuthorizationFailed message.</param>
/// <param name="ScopeTemplate">The scope named in a 403 message; {name} is replaced by that route value.</param>
/// <param name="IsArm">True for ARM operations (matched by the fault operation "*").</param>
/// <param name="ResourceType">The full resource type whose api-versions (ApiVersions.json) the operation accepts and
/// whose shape rules apply to its answers; null for the data planes.</param>
public sealed record ArmOperation(
    string OperationId,
    string[]? ApiVersions,
    bool RequiresBearer,
    string Action,
    string ScopeTemplate,
    bool IsArm = true,
    string? ResourceType = null);
