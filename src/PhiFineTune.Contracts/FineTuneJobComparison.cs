namespace PhiFineTune;

/// <summary>One job's row in Compare-FineTuneJob: its hyperparameters, its validation loss and perplexity, its rank.</summary>
public sealed record FineTuneJobComparison
{
    /// <summary>1 for the best job of the comparison. (Not "Rank": on an array of rows, .Rank is the array's own rank.)</summary>
    public int Position { get; init; }
    public required string JobName { get; init; }
    public required string Status { get; init; }
    public string? BaseModel { get; init; }
    public int? Epochs { get; init; }
    public double? LearningRate { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>The validation loss (eval_loss) at the last logged step; null when the job logged none.</summary>
    public double? FinalValidationLoss { get; init; }
    /// <summary>The lowest validation loss logged, and the step it was logged at.</summary>
    public double? BestValidationLoss { get; init; }
    public long? BestValidationStep { get; init; }
    /// <summary>exp(final validation loss).</summary>
    public double? FinalPerplexity { get; init; }
    /// <summary>exp(best validation loss).</summary>
    public double? BestPerplexity { get; init; }
    /// <summary>The training loss at the last logged step.</summary>
    public double? FinalTrainingLoss { get; init; }
    /// <summary>The sweep the job belongs to (its sweep tag), if any.</summary>
    public string? Sweep { get; init; }
    /// <summary>With -EvaluationPath: the deployment of the job's model that was evaluated.</summary>
    public string? DeploymentName { get; init; }
    /// <summary>With -EvaluationPath: the mean scores of the deployment's replies over the evaluation examples.</summary>
    public double? ExactMatch { get; init; }
    public double? F1 { get; init; }
    public double? RougeL { get; init; }
    /// <summary>With -EvaluationPath: the whole evaluation summary (counts, spreads, failures, tokens).</summary>
    public FineTuneEvaluationSummary? Evaluation { get; init; }
    /// <summary>The job itself; it pipes to New-FineTunedModelDeployment.</summary>
    public required FineTuneJob Job { get; init; }

    public override string ToString() => $"{Position}. {JobName}: best validation loss {BestValidationLoss?.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
}
