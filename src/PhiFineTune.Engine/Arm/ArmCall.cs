namespace PhiFineTune.Engine.Arm;

/// <summary>
/// What a request is for, in the words of its errors: the operation (the prefix of their error ids, e.g.
/// <c>GetFineTuneJob</c> → <c>GetFineTuneJobNotFound</c>) and the target. <see cref="OnFailure"/> turns a service's
/// refusal into a more specific error (for example a 409 into ModelAlreadyDeployed); null keeps the mapped one.
/// </summary>
internal sealed record ArmCall(string Operation, object? Target)
{
    public Func<ArmFailure, Exception?>? OnFailure { get; init; }
}
