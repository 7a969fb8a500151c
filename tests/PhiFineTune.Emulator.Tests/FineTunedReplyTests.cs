using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator.Tests;

/// <summary>The fine-tuned model's reply rule (contract H.4, Emulator choice) as pure functions, predicted exactly.</summary>
public sealed class FineTunedReplyTests
{
    private static readonly TrainedExample[] Faq =
    [
        new("How do I reset a password?", "Open Settings then choose Security and press Reset"),
        new("How do I rotate a storage key?", "Open the storage account then Access keys then Rotate"),
    ];

    private static ModelMemory Memory(int epochs, double? rate = null, string job = "job-1") => new(job, Faq, epochs, rate);

    [Theory]
    [InlineData(1, null, 0.25)]
    [InlineData(2, null, 0.5)]
    [InlineData(3, 2e-5, 0.75)]
    [InlineData(4, null, 1.0)]
    [InlineData(9, null, 1.0)]
    [InlineData(4, 2e-4, 0.5)] // ten times the best rate: half the fit
    [InlineData(4, 2e-6, 0.5)]
    [InlineData(4, 2e-9, 0.25)] // the fit never drops below a quarter
    public void The_learned_fraction_grows_with_epochs_and_peaks_at_the_best_rate(int epochs, double? rate, double fraction) =>
        Assert.Equal(fraction, Memory(epochs, rate).Fraction, 12);

    [Fact]
    public void The_hyperparameters_come_from_the_job_as_sent()
    {
        var properties = JsonNode.Parse("""{"fineTuningDetails":{"hyperParameters":{"num_train_epochs":"3","learning_rate":"0.00005"}}}""")!.AsObject();
        var memory = ModelMemory.Of("j", properties, Faq);
        Assert.Equal(3, memory.Epochs);
        Assert.Equal(5e-5, memory.LearningRate);
        var bare = ModelMemory.Of("j", new JsonObject(), Faq);
        Assert.Equal(1, bare.Epochs);
        Assert.Null(bare.LearningRate);
    }

    [Theory]
    [InlineData(1, "Open Settings")] // ceil(8 × 0.25) = 2 words
    [InlineData(2, "Open Settings then choose")] // ceil(8 × 0.5) = 4
    [InlineData(4, "Open Settings then choose Security and press Reset")]
    public void An_unseen_prompt_gets_the_nearest_examples_answer_cut_to_the_learned_fraction(int epochs, string reply) =>
        // "How can I reset my password?" shares 4 of 8 words with the first prompt, 2 of 11 with the second.
        Assert.Equal(reply, FineTunedReply.Answer(Memory(epochs), "How can I reset my password?"));

    [Fact]
    public void A_prompt_sharing_no_word_gets_no_learned_answer()
    {
        Assert.Null(FineTunedReply.Answer(Memory(4), "Bonjour tout le monde"));
        Assert.Null(FineTunedReply.Answer(new ModelMemory("j", [], 4, null), "How do I reset a password?"));
    }

    [Fact]
    public void A_trained_prompt_gets_its_whole_answer_when_the_seeded_hash_is_under_the_fraction()
    {
        const string prompt = "How do I rotate a storage key?";
        var names = Enumerable.Range(0, 50).Select(i => $"job-{i}").ToList();
        var under = names.First(n => FineTunedReply.Fnv1a(n + "\n" + prompt) % 100 < 50);
        var over = names.First(n => FineTunedReply.Fnv1a(n + "\n" + prompt) % 100 >= 50);
        Assert.Equal("Open the storage account then Access keys then Rotate", FineTunedReply.Answer(Memory(2, job: under), "How do I  rotate a storage key?"));
        Assert.Equal("Open the storage account then", FineTunedReply.Answer(Memory(2, job: over), prompt));
    }

    [Fact]
    public void A_training_line_gives_its_last_user_message_and_the_assistant_message_after_it()
    {
        Assert.Equal(new TrainedExample("second", "answer"), ModelMemory.Parse(
            """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"first"},{"role":"assistant","content":"a1"},{"role":"user","content":"second"},{"role":"assistant","content":"answer"}]}"""));
        Assert.Null(ModelMemory.Parse("""{"messages":[{"role":"assistant","content":"no user"}]}"""));
        Assert.Null(ModelMemory.Parse("not json"));
    }
}
