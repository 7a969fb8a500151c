namespace PhiFineTune.Engine.Projects;

/// <summary>One permissions block of a role definition: what it allows, less what it excludes.</summary>
internal sealed record RolePermission(IReadOnlyList<string> Actions, IReadOnlyList<string> NotActions);
