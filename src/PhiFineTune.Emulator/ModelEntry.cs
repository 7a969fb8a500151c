namespace PhiFineTune.Emulator;

/// <summary>One stored workspace model container (B.6) with its versions; mutated under the shared lock only.</summary>
internal sealed class ModelEntry(string workspace, string name, DateTimeOffset createdAt, long seq)
{
    public string Workspace { get; } = workspace;
    public string Name { get; } = name;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public long Seq { get; } = seq;
    public int NextVersion { get; set; } = 1;
    public List<ModelVersionEntry> Versions { get; } = new();
    public ModelVersionEntry? Find(string version) => Versions.FirstOrDefault(v => v.Version == version);
}
