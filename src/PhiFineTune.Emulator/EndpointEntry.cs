namespace PhiFineTune.Emulator;

/// <summary>One stored serverless endpoint (see <see cref="EndpointStore"/>); mutated under the shared lock only.</summary>
internal sealed class EndpointEntry(string workspace, string name, EndpointRequest request, DateTimeOffset createdAt, TimeSpan step,
    long seq, string primaryKey, string secondaryKey)
{
    public string Workspace { get; } = workspace;
    public string Name { get; } = name;
    public EndpointRequest Request { get; set; } = request;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public TimeSpan Step { get; } = step;
    public long Seq { get; } = seq;
    public bool Fails { get; } = name.Contains(EndpointStore.FailMarker, StringComparison.OrdinalIgnoreCase);
    public DateTimeOffset LastModifiedAt { get; set; } = createdAt;
    public string PrimaryKey { get; set; } = primaryKey;
    public string SecondaryKey { get; set; } = secondaryKey;
    public string? CreateOperationId { get; set; }
    public string? DeleteOperationId { get; set; }
    public DateTimeOffset? DeleteAt { get; set; }
    public TimeSpan DeleteStep { get; set; }

    /// <summary>The stored provisioningState; only the clock's advance and the writes change it.</summary>
    public string ProvisioningState { get; set; } = "Creating";

    /// <summary>The stored endpointState, moved together with <see cref="ProvisioningState"/>.</summary>
    public string EndpointState { get; set; } = "Creating";
}
