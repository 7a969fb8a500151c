using Azure;

namespace PhiFineTune.Emulator;

/// <summary>
/// Reads a job input and runs <see cref="TrainingDataCheck"/> on it.
/// Emulator choice (how to make a job fail): a data uri that contains <see cref="FailMarker"/> fails the job without
/// any storage; otherwise, when the emulator has blob storage and the uri is a workspaceblobstore datastore path, the
/// blob is read and checked (a missing blob fails the job); any other uri, or no blob storage, passes.
/// </summary>
public static class JobDataCheck
{
    public const string FailMarker = "emulator-fail";
    public const string DatastorePrefix = "azureml://datastores/workspaceblobstore/paths/";

    public static async Task<DataCheckFailure?> CheckAsync(BlobStorage? blob, string what, string? uri, CancellationToken cancellationToken)
    {
        if (uri is null)
        {
            return null;
        }
        var prefix = what == "validation" ? "Validation" : "Training";
        if (uri.Contains(FailMarker, StringComparison.OrdinalIgnoreCase))
        {
            return new($"Invalid{prefix}Data", $"The {what} data '{uri}' is invalid: it contains the emulator's failure marker '{FailMarker}'.");
        }
        if (blob is null || !uri.StartsWith(DatastorePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var path = Uri.UnescapeDataString(uri[DatastorePrefix.Length..]);
        try
        {
            var response = await blob.Container().GetBlobClient(path).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = response.Value.Content;
            return await TrainingDataCheck.CheckAsync(content, what, path, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new($"{prefix}DataNotFound", $"The {what} data '{uri}' was not found: datastore workspaceblobstore has no blob '{path}'.");
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            return new("DataAccessError", $"The {what} data '{uri}' could not be read: {e.Message}");
        }
    }
}
