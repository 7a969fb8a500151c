namespace PhiFineTune.Emulator;

/// <summary>Why a fine-tuning job's data made it fail: an error code and a message naming the file and line.</summary>
public sealed record DataCheckFailure(string Code, string Message);
