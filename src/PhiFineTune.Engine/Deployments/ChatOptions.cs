namespace PhiFineTune.Engine.Deployments;

/// <summary>Options of one chat completion (contract H.3).</summary>
public sealed record ChatOptions(int? MaxTokens, double? Temperature);
