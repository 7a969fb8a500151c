using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

// dotnet Cl100kCount.dll CORPUS.jsonl OUT.tsv
// Writes line<TAB>message<TAB>role<TAB>chars<TAB>tokens (both 1-based), one row per message with string content:
// the cl100k_base count of Microsoft.ML.Tokenizers (CountTokens with pre-tokenization and normalization), which
// TokenCounter gives exactly with its own merge (TokenCounterTests).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Cl100kCount CORPUS.jsonl OUT.tsv");
    return 2;
}
var tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
using var output = new StreamWriter(args[1], false, new UTF8Encoding(false));
long line = 0, messages = 0, tokens = 0;
foreach (var text in File.ReadLines(args[0], Encoding.UTF8))
{
    line++;
    if (string.IsNullOrWhiteSpace(text)) continue;
    using var document = JsonDocument.Parse(text);
    var index = 0;
    foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
    {
        index++;
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String) continue;
        var value = content.GetString()!;
        var count = tokenizer.CountTokens(value, considerPreTokenization: true, considerNormalization: true);
        var role = message.TryGetProperty("role", out var r) ? r.GetString() : "";
        output.Write($"{line}\t{index}\t{role}\t{value.Length}\t{count}\n");
        messages++;
        tokens += count;
    }
}
Console.Error.WriteLine($"{args[0]}: {line} lines, {messages} messages, {tokens} cl100k_base tokens");
return 0;
