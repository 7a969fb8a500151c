namespace PhiFineTune.Engine.Projects;

/// <summary>What New-FineTuneProject is asked for. Names left null are derived (<see cref="ProjectNames"/>).</summary>
public sealed class ProjectRequest
{
    public required string SubscriptionId { get; init; }
    public required string ResourceGroupName { get; init; }
    public required string HubName { get; init; }
    /// <summary>The project's (workspace's) name.</summary>
    public required string Name { get; init; }
    public required string Location { get; init; }
    /// <summary>The base model the project is for; its fine-tuning regions are checked instead of every model's.</summary>
    public string? Model { get; init; }
    public string? StorageAccountName { get; init; }
    public string? KeyVaultName { get; init; }
    public string? AIServicesName { get; init; }
    /// <summary>How long each resource's creation may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
}
