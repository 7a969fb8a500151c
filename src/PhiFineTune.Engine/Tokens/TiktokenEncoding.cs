namespace PhiFineTune.Engine.Tokens;

/// <summary>
/// What counting needs of a tiktoken encoding, as TiktokenTokenizer.CreateForEncoding sets it up in
/// Microsoft.ML.Tokenizers 2.0.1 (TokenCounterTests holds the two to each other): its pre-tokenizer pattern, its
/// special tokens and its mergeable ranks, read once per process from the library's data package.
/// </summary>
internal sealed class TiktokenEncoding
{
    public static readonly TiktokenEncoding O200kBase = new(
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        ["<|endoftext|>", "<|endofprompt|>"],
        "Microsoft.ML.Tokenizers.O200kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate");

    public static readonly TiktokenEncoding Cl100kBase = new(
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s",
        ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"],
        "Microsoft.ML.Tokenizers.Cl100kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate");

    readonly Lazy<TiktokenRanks> _ranks;

    TiktokenEncoding(string pattern, string[] specialTokens, string dataType, string resource)
    {
        Pattern = pattern;
        SpecialTokens = specialTokens;
        _ranks = new(() => TiktokenRanks.LoadEmbedded(dataType, resource));
    }

    public string Pattern { get; }

    /// <summary>Split out of the text before the pattern applies; each counts as one token.</summary>
    public string[] SpecialTokens { get; }

    public TiktokenRanks Ranks => _ranks.Value;
}
