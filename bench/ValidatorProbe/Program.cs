using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using PhiFineTune;
using PhiFineTune.Engine.Datasets;
using PhiFineTune.Engine.Models;
using PhiFineTune.Engine.Tokens;

// dotnet ValidatorProbe.dll check FILE [--workers N] [--no-tokens] [--model NAME]
//     DatasetValidator.CheckAsync as Test-FineTuneDataset calls it, with a chosen number of worker threads.
// dotnet ValidatorProbe.dll parse FILE [--threads N]
//     Utf8JsonReader over every line, unescaping every string (no checks, no tokens); 1 thread by default.
// dotnet ValidatorProbe.dll tokens FILE [--vocab o200k_base|cl100k_base] [--threads N [--per-thread]]
//     Parse as above and CountTokens on every message content with Microsoft.ML.Tokenizers (a plain count, no memo
//     of repeated contents); N threads share one tokenizer, or with --per-thread have one each.
// dotnet ValidatorProbe.dll pretokenize FILE [--vocab ...] [--threads N [--per-thread]]
//     As tokens, but only the tokenizer's regex pre-tokenizer: "tokens" is then the number of pre-tokens (words).
// dotnet ValidatorProbe.dll wordcache FILE [--vocab ...] [--threads N [--per-thread]]
//     As tokens, but each thread keeps a lock-free memo of tokens per pre-token (word) in front of the tokenizer:
//     the same total, to show what a counter of that shape could reach.
// dotnet ValidatorProbe.dll regex FILE [--threads N]
//     Only the cl100k_base pre-tokenization pattern (tiktoken's; Microsoft.ML.Tokenizers has it with atomic groups,
//     in a [GeneratedRegex] singleton that every tokenizer instance shares), in a compiled Regex of each thread's own
//     (PROBE_SHARED_REGEX=1: one Regex shared by all threads): "tokens" is the number of matches.
// dotnet ValidatorProbe.dll wordcache-own-regex FILE --vocab cl100k_base [--threads N]
//     As wordcache, with each thread's own compiled copy of the cl100k_base pattern instead of the tokenizer's shared
//     pre-tokenizer (cl100k_base only: the pattern is written out here).
// dotnet ValidatorProbe.dll memory FILE [--model NAME] [--workers N] [--no-tokens]
//     Where the memory of the token-counting check goes, step by step: the TokenCounter, one memo per worker, then
//     CheckAsync; after each, VmRSS, VmHWM, the managed heap kept (after a full GC) and the bytes allocated.
// dotnet ValidatorProbe.dll tokenizer - [--vocab o200k_base|cl100k_base]
//     Loads the vocabulary only: time, managed heap kept, peak RSS.
// Each prints one JSON object: seconds, MB/s (1 MB = 1,048,576 bytes), CPU seconds, peak RSS (VmHWM).
var args_ = args.ToList();
if (args_.Count < 2) { Console.Error.WriteLine("usage: check|parse|tokens|pretokenize|wordcache|regex|wordcache-own-regex FILE [options], or tokenizer -"); return 2; }
var mode = args_[0];
var path = args_[1];
string? Option(string name) { var i = args_.IndexOf(name); return i >= 0 && i + 1 < args_.Count ? args_[i + 1] : null; }
var size = path == "-" ? 0 : new FileInfo(path).Length;
var watch = Stopwatch.StartNew();
var result = new Dictionary<string, object?> { ["mode"] = mode, ["bytes"] = size };

switch (mode)
{
    case "check":
    {
        var options = new DatasetCheckOptions
        {
            Model = BaseModelCatalog.Resolve(Option("--model") ?? BaseModelCatalog.DefaultModel),
            CountTokens = !args_.Contains("--no-tokens"),
            Workers = int.TryParse(Option("--workers"), out var w) ? w : Environment.ProcessorCount,
        };
        long issues = 0;
        var report = await DatasetValidator.CheckAsync(path, options, _ => Interlocked.Increment(ref issues),
            NullObserver.Instance, CancellationToken.None);
        result["workers"] = options.Workers;
        result["countTokens"] = options.CountTokens;
        result["model"] = options.Model.Name;
        result["examples"] = report.Examples;
        result["errors"] = report.ErrorCount;
        result["totalTokens"] = report.TokensPerExample?.ToString();
        break;
    }
    case "parse":
    case "tokens":
    case "pretokenize":
    case "wordcache":
    case "regex":
    case "wordcache-own-regex":
    {
        // Threads split the lines round-robin (each reads the whole file, from the page cache); with --per-thread
        // every thread has a tokenizer of its own instead of sharing one, as the Engine's workers share TokenCounter's.
        var vocab = Option("--vocab") ?? "o200k_base";
        var threads = int.TryParse(Option("--threads"), out var t) ? t : 1;
        var perThread = args_.Contains("--per-thread");
        var counting = mode is not ("parse" or "regex");
        Tokenizer? shared = counting && !perThread ? TiktokenTokenizer.CreateForEncoding(vocab) : null;
        var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(thread => Task.Run(() =>
        {
            Tokenizer? tokenizer = !counting ? null : shared ?? TiktokenTokenizer.CreateForEncoding(vocab);
            return ParseAndCount(path, tokenizer, mode, thread, threads);
        })));
        result["threads"] = threads;
        result["lines"] = counts.Sum(c => c.Lines);
        result["strings"] = counts.Sum(c => c.Strings);
        if (counting) { result["vocab"] = vocab; result["perThread"] = perThread; result["tokens"] = counts.Sum(c => c.Tokens); }
        break;
    }
    case "memory":
    {
        var model = BaseModelCatalog.Resolve(Option("--model") ?? BaseModelCatalog.DefaultModel);
        var workers = int.TryParse(Option("--workers"), out var w) ? w : Environment.ProcessorCount;
        var steps = new List<Dictionary<string, object>>();
        void Step(string name, Action? action = null)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var stepWatch = Stopwatch.StartNew();
            action?.Invoke();
            var seconds = stepWatch.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            var rssBeforeCollect = Status("VmRSS:");
            var kept = GC.GetTotalMemory(forceFullCollection: true);
            steps.Add(new()
            {
                ["step"] = name, ["seconds"] = Math.Round(seconds, 3),
                ["rssMB"] = Math.Round(rssBeforeCollect / 1048576.0, 1), ["hwmMB"] = Math.Round(Status("VmHWM:") / 1048576.0, 1),
                ["heapKeptMB"] = Math.Round(kept / 1048576.0, 1), ["rssAfterFullGcMB"] = Math.Round(Status("VmRSS:") / 1048576.0, 1),
                ["rssAnonMB"] = Math.Round(Status("RssAnon:") / 1048576.0, 1), ["rssFileMB"] = Math.Round(Status("RssFile:") / 1048576.0, 1), ["allocatedMB"] = Math.Round(allocated / 1048576.0, 1),
                ["lastGcHeapMB"] = Math.Round(info.HeapSizeBytes / 1048576.0, 1), ["committedMB"] = Math.Round(info.TotalCommittedBytes / 1048576.0, 1),
                ["gen0"] = GC.CollectionCount(0), ["gen2"] = GC.CollectionCount(2),
            });
        }
        var countTokens = !args_.Contains("--no-tokens");
        Step("start");
        TokenCounter? counter = null;
        var caches = new List<TokenCountCache>();
        if (countTokens)
        {
            Step("TokenCounter", () => counter = new TokenCounter(model.Tokenizer));
            Step($"{workers} memos", () => { for (var i = 0; i < workers; i++) caches.Add(counter!.CreateCache()); });
            Step("first count each", () => { foreach (var c in caches) c.Count("Hello, world! Ça va? 你好 🙂 and some more words to warm up the memo"); });
        }
        Step("CheckAsync", () =>
        {
            var report = DatasetValidator.CheckAsync(path, new DatasetCheckOptions { Model = model, Workers = workers, CountTokens = countTokens }, _ => { },
                NullObserver.Instance, CancellationToken.None).GetAwaiter().GetResult();
            result["totalTokens"] = report.TokensPerExample?.ToString();
        });
        GC.KeepAlive(caches);
        result["model"] = model.Name;
        result["steps"] = steps;
        result["gcPauseTimePercent"] = GC.GetGCMemoryInfo().PauseTimePercentage;
        break;
    }
    case "tokenizer":
    {
        // What loading a vocabulary costs: time, managed heap that stays, and peak RSS.
        var before = GC.GetTotalMemory(true);
        var tokenizer = TiktokenTokenizer.CreateForEncoding(Option("--vocab") ?? "o200k_base");
        result["createSeconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3);
        result["tokensOfHello"] = tokenizer.CountTokens("Hello, world! Ça va? 你好 🙂");
        result["heapBytesKept"] = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(tokenizer);
        break;
    }
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

var seconds = watch.Elapsed.TotalSeconds;
result["seconds"] = Math.Round(seconds, 3);
result["mbPerSecond"] = Math.Round(size / 1048576.0 / seconds, 1);
result["cpuSeconds"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 2);
result["peakRssBytes"] = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:"))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).FirstOrDefault();
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

static long Status(string field) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).FirstOrDefault();

static List<(int Offset, int Length)> Matches(System.Text.RegularExpressions.Regex regex, ReadOnlySpan<char> text)
{
    var list = new List<(int, int)>();
    foreach (var m in regex.EnumerateMatches(text)) list.Add((m.Index, m.Length));
    return list;
}

static System.Text.RegularExpressions.Regex NewCl100kRegex() => new(
    @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    System.Text.RegularExpressions.RegexOptions.Compiled);

static (long Lines, long Strings, long Tokens) ParseAndCount(string path, Tokenizer? tokenizer, string mode, int thread, int threads)
{
    // wordcache: the tokenizer's own pre-tokenizer, then a per-thread, lock-free memo of tokens per pre-token (word);
    // the tokenizer runs only on words not seen before. tiktoken's BPE works within a pre-token, so the sum is exact.
    var words = new Dictionary<string, int>(1 << 16);
    var regex = mode is "regex" or "wordcache-own-regex" ? (threads > 1 && Environment.GetEnvironmentVariable("PROBE_SHARED_REGEX") == "1" ? SharedRegex : NewCl100kRegex()) : null;
    var wordLookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
    long lines = 0, strings = 0, tokens = 0, index = 0;
    var chars = new char[1 << 16];
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
    var buffer = new byte[8 << 20];
    var filled = 0;
    while (true)
    {
        var read = stream.Read(buffer, filled, buffer.Length - filled);
        filled += read;
        if (read == 0 && filled == 0) break;
        var span = buffer.AsSpan(0, filled);
        var cut = read == 0 ? filled : span.LastIndexOf((byte)'\n') + 1;
        if (cut == 0)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            continue;
        }
        var rest = span[..cut];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty || index++ % threads != thread) continue;
            lines++;
            var reader = new Utf8JsonReader(line);
            var content = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName) { content = reader.ValueTextEquals("content"u8); continue; }
                if (reader.TokenType != JsonTokenType.String) continue;
                strings++;
                if (chars.Length < reader.ValueSpan.Length) chars = new char[reader.ValueSpan.Length * 2];
                var n = reader.CopyString(chars);
                if (content && regex is not null && mode == "regex") { foreach (var _ in regex.EnumerateMatches(chars.AsSpan(0, n))) tokens++; continue; }
                if (!content || tokenizer is null) continue;
                var text = chars.AsSpan(0, n);
                if (mode == "tokens") tokens += tokenizer.CountTokens(text);
                else if (mode == "pretokenize") foreach (var _ in tokenizer.PreTokenizer!.PreTokenize(text)) tokens++;
                else
                {
                    foreach (var (offset, length) in regex is null ? tokenizer.PreTokenizer!.PreTokenize(text) : Matches(regex, text))
                    {
                        var word = text.Slice(offset, length);
                        if (!wordLookup.TryGetValue(word, out var count))
                        {
                            count = tokenizer.CountTokens(word, considerPreTokenization: false, considerNormalization: false);
                            if (words.Count >= 1 << 20) words.Clear();
                            if (length <= 64) wordLookup[word] = count;
                        }
                        tokens += count;
                    }
                }
            }
        }
        if (read == 0) break;
        span[cut..].CopyTo(buffer);
        filled -= cut;
    }
    return (lines, strings, tokens);
}

partial class Program
{
    static readonly System.Text.RegularExpressions.Regex SharedRegex = new(
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        System.Text.RegularExpressions.RegexOptions.Compiled);
}
