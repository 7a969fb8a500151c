namespace PhiFineTune.Emulator;

/// <summary>One example a fine-tuned model was trained on: its last user message and the assistant message after it.</summary>
public sealed record TrainedExample(string Prompt, string Answer);
