using System.Globalization;

namespace PhiFineTune.Engine.Evaluation;

/// <summary>
/// Perplexity from a mean cross-entropy loss in nats, as the fine-tuning job reports its loss: exp(loss). A
/// perplexity of k reads as "as unsure as a fair choice among k tokens"; 1 is certainty.
/// </summary>
public static class Perplexity
{
    /// <summary>exp(<paramref name="loss"/>); positive infinity when the loss is more than about 709.</summary>
    /// <exception cref="FineTuneException">InvalidLoss: the loss is negative, NaN or infinite.</exception>
    public static double FromLoss(double loss)
    {
        if (!double.IsFinite(loss) || loss < 0)
            throw new FineTuneException("InvalidLoss", FailureKind.InvalidArgument,
                string.Create(CultureInfo.InvariantCulture, $"The loss {loss} is not a finite number of 0 or more, so it has no perplexity."), loss,
                "Perplexity is exp(loss) of a cross-entropy loss; read the job's loss by step: a loss that is not a number means the training diverged.");
        return Math.Exp(loss);
    }
}
