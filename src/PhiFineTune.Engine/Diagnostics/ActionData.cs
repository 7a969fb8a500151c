namespace PhiFineTune.Engine.Diagnostics;

/// <summary>
/// Keys of <see cref="Exception.Data"/> on a <see cref="FineTuneException"/>: names a front end needs to word its own
/// recommended action (the Engine's is in domain words and names no command).
/// </summary>
public static class ActionData
{
    /// <summary>A fine-tuned model's name.</summary>
    public const string Model = "PhiFineTune.Model";
    /// <summary>The existing deployment of a model.</summary>
    public const string Deployment = "PhiFineTune.Deployment";
    /// <summary>The deployments of a model, quoted and comma-separated.</summary>
    public const string Deployments = "PhiFineTune.Deployments";
}
