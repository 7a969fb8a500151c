namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>A request as <see cref="ScriptedArmServer"/> received it, with the time since the server started.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, string? Authorization, TimeSpan At);
