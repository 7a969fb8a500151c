namespace PhiFineTune.Emulator;

/// <summary>A built-in role definition the emulator serves (contract K.4): its id, name, description and permissions.</summary>
public sealed record BuiltInRole(string Id, string RoleName, string Description, string[] Actions, string[] NotActions, string[] DataActions);
