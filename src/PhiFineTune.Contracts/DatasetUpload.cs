namespace PhiFineTune;

/// <summary>A local file in a workspace datastore (contract E.1 steps 7-11). Holds no SAS, key or token.</summary>
public sealed class DatasetUpload
{
    public required string Path { get; init; }
    public required string DatastoreName { get; init; }
    /// <summary>LocalUpload/&lt;md5hex&gt;/&lt;fileName&gt;</summary>
    public required string BlobName { get; init; }
    /// <summary>azureml://datastores/&lt;datastore&gt;/paths/&lt;blob name&gt;: the job input URI.</summary>
    public required string DatastoreUri { get; init; }
    /// <summary>Lowercase hex MD5 of the seed and the content (the Azure ML CLI's content hash).</summary>
    public required string ContentHash { get; init; }
    public required long Length { get; init; }
    /// <summary>True when a blob of the same content was already marked completed, so nothing was sent.</summary>
    public required bool Skipped { get; init; }
    /// <summary>The asset name and version stored in the blob's metadata.</summary>
    public string? AssetName { get; init; }
    public string? AssetVersion { get; init; }
    /// <summary>True when listSecrets was refused and the connection's identity was used instead of a SAS.</summary>
    public required bool UsedIdentity { get; init; }

    public override string ToString() => DatastoreUri;
}
