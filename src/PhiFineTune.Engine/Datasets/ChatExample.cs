namespace PhiFineTune.Engine.Datasets;

/// <summary>What the messages of one line add up to, as the line checker and its fast lane find them.</summary>
internal struct ChatExample
{
    public bool SawMessages, MessagesIsArray, HasSystem, HasAssistant;
    public int Messages, Tokens, AssistantTokens;
    public ChatRole LastRole;
}
