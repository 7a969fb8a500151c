namespace PhiFineTune.Engine.Datasets;

/// <summary>The role of a chat message; None when it has none or one the service does not know.</summary>
internal enum ChatRole { None, System, User, Assistant, Tool }
