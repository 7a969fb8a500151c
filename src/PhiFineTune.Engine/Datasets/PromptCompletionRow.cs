namespace PhiFineTune.Engine.Datasets;

/// <summary>One line of a prompt/completion file: its two values, or the problem that kept them from being read.</summary>
public sealed record PromptCompletionRow(long Line, string? Prompt, string? Completion, string? Problem);
