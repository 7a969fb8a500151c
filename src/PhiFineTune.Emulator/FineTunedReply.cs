using System.Text.RegularExpressions;

namespace PhiFineTune.Emulator;

/// <summary>
/// Emulator choice (contract H.4): the reply of a fine-tuned model, which depends on its job's training data and
/// hyperparameters, deterministically, so that an evaluation and a sweep measure something and tests can predict it.
/// The nearest training example to the last user message is the one whose prompt shares the largest part of its
/// words (Jaccard index of the two sets of lower-cased letter-or-digit runs; the first in the file on a tie). With none
/// sharing a word the model falls back to the echo a base model gives (null here). Otherwise the reply is that
/// example's answer, cut to its first ceil(n × <see cref="ModelMemory.Fraction"/>) whitespace-separated words of its n;
/// except that a prompt the model was trained on (the same words, whitespace collapsed) gets the whole answer when
/// FNV-1a(job name + "\n" + prompt) mod 100 is below round(100 × fraction).
/// </summary>
public static partial class FineTunedReply
{
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    /// <summary>The reply to <paramref name="user"/>, or null when no training example shares a word with it.</summary>
    public static string? Answer(ModelMemory memory, string user)
    {
        var words = Words(user);
        TrainedExample? nearest = null;
        var best = 0.0;
        foreach (var example in memory.Examples)
        {
            var similarity = Jaccard(words, Words(example.Prompt));
            if (similarity > best)
            {
                best = similarity;
                nearest = example;
            }
        }
        if (nearest is null)
        {
            return null;
        }
        var fraction = memory.Fraction;
        var answer = nearest.Answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (Collapse(nearest.Prompt) == Collapse(user) && Fnv1a(memory.JobName + "\n" + Collapse(user)) % 100 < Math.Round(100 * fraction))
        {
            return string.Join(" ", answer);
        }
        return string.Join(" ", answer.Take((int)Math.Ceiling(answer.Length * fraction)));
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static string Collapse(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>FNV-1a over the UTF-16 code units, as 32-bit unsigned.</summary>
    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
