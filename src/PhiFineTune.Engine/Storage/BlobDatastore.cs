namespace PhiFineTune.Engine.Storage;

/// <summary>A blob datastore as Datastores_Get describes it (contract D.2); never its secret.</summary>
internal sealed record BlobDatastore(string Name, string AccountName, string ContainerName);
