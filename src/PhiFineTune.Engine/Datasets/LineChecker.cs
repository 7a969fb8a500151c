using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using PhiFineTune.Engine.Tokens;
using static PhiFineTune.DatasetIssueCategory;

namespace PhiFineTune.Engine.Datasets;

/// <summary>
/// Checks one JSONL line against the chat format of the Phi fine-tuning guide and the service's rules
/// (docs/datasets.md), counting messages and tokens. One per worker thread: it reuses its buffers.
/// </summary>
internal sealed class LineChecker
{
    readonly FineTuneBaseModel _model;
    readonly TokenCountCache? _tokens;
    readonly FastLineScanner? _fastLane;
    char[] _chars = new char[4096];

    /// <param name="useFastLane">False sends every line through Utf8JsonReader: for tests that compare the two.</param>
    public LineChecker(FineTuneBaseModel model, TokenCounter? tokens, bool useFastLane = true)
    {
        _model = model;
        _tokens = tokens?.CreateCache();
        _fastLane = useFastLane ? new FastLineScanner(model, _tokens) : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Check(ReadOnlySpan<byte> line, long number, ChunkResult result)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (number == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        if (line.Trim(" \t"u8).IsEmpty)
        {
            result.Error(number, BlankLine, "The line is blank; every line must hold one JSON object.", line);
            return;
        }

        result.Examples++;
        if (!Utf8.IsValid(line))
        {
            Utf8.ToUtf16(line, _chars.Length >= line.Length ? _chars : _chars = new char[line.Length], out var valid, out _,
                replaceInvalidSequences: false);
            result.Error(number, InvalidUtf8, $"Invalid UTF-8 at byte {valid + 1}; the file must be UTF-8.", line);
            return;
        }

        var errorsBefore = result.ErrorCount;
        // The fast lane takes the common valid lines; whatever it is not sure of, the reader checks and words.
        if (_fastLane is null || !_fastLane.TryScan(line, out var example))
        {
            if (!TryParse(line, number, result, out example)) return;
        }

        if (!example.SawMessages)
        {
            if (result.ErrorCount == errorsBefore)
                result.Error(number, MissingMessages, "The object has no \"messages\" array.", line);
            return;
        }
        if (example.MessagesIsArray)
        {
            if (example.Messages == 0)
                result.Error(number, EmptyMessages, "\"messages\" is empty.", line);
            else if (!example.HasAssistant)
                result.Error(number, MissingAssistantMessage, "No message has the role \"assistant\"; there is nothing to learn.", line);
            else if (example.LastRole is not (ChatRole.Assistant or ChatRole.None))
                result.Error(number, LastMessageNotAssistant, $"The last message is from \"{Name(example.LastRole)}\"; it must be from \"assistant\".", line);
        }

        result.Messages += example.Messages;
        if (result.ErrorCount != errorsBefore) return;

        result.ValidExamples++;
        result.Hashes.Add((LineHash.Of(line), number));
        if (!example.HasSystem)
        {
            if (result.ExamplesWithoutSystemMessage++ == 0) result.FirstLineWithoutSystemMessage = number;
        }
        if (_tokens is not null)
        {
            result.TokensPerExample.Add(example.Tokens);
            result.AssistantTokens += example.AssistantTokens;
            if (_model.ContextLength is { } context && example.Tokens > context)
            {
                result.ExamplesOverContext++;
                result.Warning(number, ExceedsContextLength,
                    $"The example has {example.Tokens} tokens, over the {context} of {_model.Name}; the service truncates it.", line);
            }
        }
    }

    /// <summary>Parses with Utf8JsonReader; false when the line is not readable JSON (reported as InvalidJson).</summary>
    bool TryParse(ReadOnlySpan<byte> line, long number, ChunkResult result, out ChatExample example)
    {
        example = new ChatExample();
        try
        {
            Parse(line, number, result, ref example);
            return true;
        }
        catch (JsonException e)
        {
            result.Error(number, InvalidJson,
                $"Invalid JSON at byte {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}", line);
            return false;
        }
        catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Assembly == typeof(JsonException).Assembly)
        {
            // A \uD800-\uDFFF escape without its pair is valid JSON syntax, but the reader cannot unescape it to text.
            result.Error(number, InvalidJson, $"Invalid JSON: {FirstSentence(e.Message)}", line);
            return false;
        }
    }

    void Parse(ReadOnlySpan<byte> line, long number, ChunkResult result, ref ChatExample example)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            result.Error(number, NotAnObject, $"The line is {Describe(reader.TokenType)}, not a JSON object.", line);
            reader.Skip();
            reader.Read();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("messages"u8))
            {
                example.SawMessages = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    result.Error(number, MessagesNotArray, $"\"messages\" is {Describe(reader.TokenType)}, not an array.", line);
                    reader.Skip();
                    continue;
                }
                example.MessagesIsArray = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    example.Messages++;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        result.Error(number, MessageNotAnObject, $"Message {example.Messages} is {Describe(reader.TokenType)}, not an object.", line);
                        reader.Skip();
                        continue;
                    }
                    CheckMessage(ref reader, line, number, result, ref example);
                }
            }
            else if (_model.SupportsToolMessages && (reader.ValueTextEquals("tools"u8) || reader.ValueTextEquals("parallel_tool_calls"u8)))
            {
                reader.Skip();
            }
            else
            {
                result.Warning(number, UnknownKey, $"Unknown key \"{reader.GetString()}\" is ignored by the service.", line);
                reader.Skip();
            }
        }
        // A second value after the object throws here (InvalidJson); trailing whitespace does not.
        reader.Read();
    }

    void CheckMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, long number, ChunkResult result, ref ChatExample example)
    {
        var index = example.Messages;
        var role = ChatRole.None;
        string? unknownRole = null;
        bool hasContent = false, contentIsNull = false, hasToolCalls = false, weightSet = false;
        var contentTokens = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                role = reader.TokenType == JsonTokenType.String ? ParseRole(ref reader) : ChatRole.None;
                if (role == ChatRole.None) unknownRole = reader.TokenType == JsonTokenType.String ? reader.GetString() : Describe(reader.TokenType);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                hasContent = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) contentIsNull = true;
                else if (reader.TokenType != JsonTokenType.String)
                {
                    result.Error(number, InvalidContent, $"Message {index}: \"content\" is {Describe(reader.TokenType)}; it must be a string.", line);
                    reader.Skip();
                }
                else if (_tokens is null)
                {
                    if (IsBlank(ref reader))
                        result.Error(number, EmptyContent, $"Message {index}: \"content\" is empty.", line);
                }
                else
                {
                    var text = Text(ref reader);
                    if (text.IsWhiteSpace())
                        result.Error(number, EmptyContent, $"Message {index}: \"content\" is empty.", line);
                    else
                        contentTokens = _tokens.Count(text);
                }
            }
            else if (reader.ValueTextEquals("weight"u8))
            {
                weightSet = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var weight) || weight is not (0 or 1))
                    result.Error(number, InvalidWeight, $"Message {index}: \"weight\" must be 0 or 1.", line);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("name"u8) ||
                     (_model.SupportsToolMessages && (reader.ValueTextEquals("tool_call_id"u8) || reader.ValueTextEquals("tool_calls"u8))))
            {
                hasToolCalls |= reader.ValueTextEquals("tool_calls"u8);
                reader.Skip();
            }
            else
            {
                result.Warning(number, UnknownKey, $"Message {index}: unknown key \"{reader.GetString()}\" is ignored by the service.", line);
                reader.Skip();
            }
        }

        if (role == ChatRole.None)
        {
            if (unknownRole is null)
                result.Error(number, MissingRole, $"Message {index} has no \"role\".", line);
            else
                result.Error(number, UnknownRole, $"Message {index}: role \"{unknownRole}\" is not system, user or assistant{(_model.SupportsToolMessages ? " or tool" : "")}.", line);
        }
        else if (role == ChatRole.Tool && !_model.SupportsToolMessages)
        {
            result.Error(number, ToolRoleNotSupported, $"Message {index}: {_model.Name} does not take \"tool\" messages in training data.", line);
        }
        if (!hasContent)
            result.Error(number, MissingContent, $"Message {index} has no \"content\".", line);
        else if (contentIsNull && !(role == ChatRole.Assistant && hasToolCalls))
            result.Error(number, EmptyContent, $"Message {index}: \"content\" is null.", line);
        if (weightSet && role is not (ChatRole.Assistant or ChatRole.None))
            result.Error(number, WeightOnNonAssistantMessage, $"Message {index}: \"weight\" is allowed on assistant messages only.", line);

        example.LastRole = role;
        example.HasSystem |= role == ChatRole.System;
        example.HasAssistant |= role == ChatRole.Assistant;
        example.Tokens += contentTokens + TokenCounter.TemplateTokensPerMessage;
        if (role == ChatRole.Assistant) example.AssistantTokens += contentTokens;
    }

    static ChatRole ParseRole(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("user"u8) ? ChatRole.User
        : reader.ValueTextEquals("assistant"u8) ? ChatRole.Assistant
        : reader.ValueTextEquals("system"u8) ? ChatRole.System
        : reader.ValueTextEquals("tool"u8) ? ChatRole.Tool
        : ChatRole.None;

    /// <summary>
    /// Whether a string value is empty or only whitespace. Without token counting the text is not otherwise needed,
    /// so plain ASCII values are judged on their bytes (a letter up front settles it) and only others are decoded.
    /// </summary>
    bool IsBlank(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence) return Text(ref reader).IsWhiteSpace();
        foreach (var b in reader.ValueSpan)
        {
            if (b >= 0x80) return Text(ref reader).IsWhiteSpace();
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    /// <summary>The unescaped string value, in a reused buffer.</summary>
    ReadOnlySpan<char> Text(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var written = Encoding.UTF8.GetChars(reader.ValueSpan, _chars);
            return _chars.AsSpan(0, written);
        }
        return _chars.AsSpan(0, reader.CopyString(_chars));
    }

    static string Name(ChatRole role) => role.ToString().ToLowerInvariant();

    static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString().ToLowerInvariant(),
    };

    static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
