namespace PhiFineTune.Engine.Projects;

/// <summary>A role definition as RBAC evaluates it (contract K.4): its id (a GUID), name and permission blocks.</summary>
internal sealed record RoleDefinition(string Id, string RoleName, IReadOnlyList<RolePermission> Permissions);
