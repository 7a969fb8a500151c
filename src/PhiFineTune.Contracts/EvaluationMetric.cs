namespace PhiFineTune;

/// <summary>The scores an evaluation computes for each example (docs/evaluation.md).</summary>
public enum EvaluationMetric
{
    /// <summary>1 when the normalised reply equals the normalised reference (SQuAD v1.1), else 0.</summary>
    ExactMatch,
    /// <summary>The SQuAD v1.1 token-overlap F1.</summary>
    F1,
    /// <summary>The ROUGE-L F-measure (longest common subsequence, rouge_score's tokenizer).</summary>
    RougeL,
}
