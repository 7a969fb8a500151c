namespace PhiFineTune;

/// <summary>A deployment's answer to a chat (contract H.4).</summary>
public sealed record FineTunedModelReply
{
    public required string Content { get; init; }
    /// <summary>stop, length, content_filter or tool_calls.</summary>
    public string? FinishReason { get; init; }
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }
    public int? TotalTokens { get; init; }
    public string? Model { get; init; }
    public required string DeploymentName { get; init; }
    public string? Id { get; init; }

    public override string ToString() => Content;
}
