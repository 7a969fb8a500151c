namespace PhiFineTune.Emulator;

/// <summary>One stored role assignment (contract K.4): its canonical scope, name (a GUID) and what it grants to whom.</summary>
public sealed record RoleAssignmentEntry(
    string Scope, string Name, string RoleDefinitionId, string PrincipalId, string PrincipalType, string? Description, DateTimeOffset CreatedOn);
