namespace PhiFineTune.Engine.Jobs;

/// <summary>What the user asked for; null means the service's default for the model.</summary>
public sealed record HyperparameterRequest(int? Epochs, int? BatchSize, double? LearningRate, double? LearningRateMultiplier);
