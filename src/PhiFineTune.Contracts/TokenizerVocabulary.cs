namespace PhiFineTune;

/// <summary>The vocabulary a Phi model tokenizes with.</summary>
public enum TokenizerVocabulary
{
    /// <summary>tiktoken o200k_base (Phi-4-mini-instruct, Phi-4-multimodal-instruct).</summary>
    O200kBase,
    /// <summary>tiktoken cl100k_base plus chat special tokens (Phi-4).</summary>
    Cl100kBase,
    /// <summary>The Llama 2 SentencePiece vocabulary plus chat special tokens (Phi-3, Phi-3.5).</summary>
    Llama2SentencePiece,
}
