namespace PhiFineTune.Engine.Tokens;

/// <summary>
/// Counts the tokens of message contents for one base model's vocabulary: exactly with tiktoken data for o200k_base
/// and cl100k_base, as a calibrated estimate for the Llama 2 SentencePiece vocabulary of Phi-3 and Phi-3.5.
/// Counts only, with its own byte-pair merge over a compact copy of Microsoft.ML.Tokenizers' vocabulary data, and
/// gives exactly the library's counts (TokenCounterTests).
/// </summary>
internal sealed class TokenCounter
{
    /// <summary>Allowance per message for the chat template: role marker, separators and end marker.</summary>
    public const int TemplateTokensPerMessage = 4;

    /// <summary>
    /// Llama 2 tokens per cl100k_base token; the estimate is the cl100k_base count times this ratio, rounded up.
    /// Measured with bench/token-estimate against the Llama 2 tokenizer (docs/benchmarks.md): 1.19 gives right totals
    /// over both corpora, 1.24 fits code and changelogs. 1.24 is kept on purpose: too high errs on the safe side for the
    /// billing estimate and the context-length check.
    /// </summary>
    public const double Llama2PerCl100k = 1.24;

    /// <summary>The measured error of that estimate, quoted in every report that uses it.</summary>
    public const string Llama2EstimateError =
        "measured on 2,385 examples of prose, code and ten languages: 7.8 % off per example on average (95th percentile 16.7 %), totals 4.5 % high";

    readonly double _factor;

    public TokenCounter(TokenizerVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        (Encoding, _factor) = vocabulary switch
        {
            TokenizerVocabulary.O200kBase => (TiktokenEncoding.O200kBase, 1.0),
            TokenizerVocabulary.Cl100kBase => (TiktokenEncoding.Cl100kBase, 1.0),
            _ => (TiktokenEncoding.Cl100kBase, Llama2PerCl100k),
        };
        _ = Encoding.Ranks;
    }

    public TokenizerVocabulary Vocabulary { get; }

    internal TiktokenEncoding Encoding { get; }

    public bool IsExact => _factor == 1.0;

    /// <summary>A per-thread memo of recent contents: the same system message on every line is counted once.</summary>
    public TokenCountCache CreateCache() => new(this);

    internal int Scale(int count) => _factor == 1.0 ? count : (int)Math.Ceiling(count * _factor);
}
