namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// One example of an evaluation file: the conversation sent (every message before the last assistant message) and that
/// message, the reference the reply is compared with.
/// </summary>
public sealed record EvaluationExample(int Index, long Line, IReadOnlyList<ChatMessage> Messages, string Reference);
