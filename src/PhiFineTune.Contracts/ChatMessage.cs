namespace PhiFineTune;

/// <summary>One message of a chat (contract H.3).</summary>
public sealed record ChatMessage(string Role, string Content);
