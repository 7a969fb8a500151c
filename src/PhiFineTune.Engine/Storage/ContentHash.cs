using System.Security.Cryptography;
using System.Text;

namespace PhiFineTune.Engine.Storage;

/// <summary>
/// The Azure ML CLI's content hash of a file (contract E.1 step 6): MD5 of the seed bytes, then the content.
/// Streams the file; the result names the blob, so the same content always lands on the same name.
/// </summary>
internal static class ContentHash
{
    static readonly byte[] s_seed = Encoding.UTF8.GetBytes("Initialize for october 2021 AML CLI version");

    public static async Task<(string Md5Hex, long Length)> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(s_seed);
        var buffer = new byte[1 << 20];
        long length = 0;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            length += read;
        }
        return (Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant(), length);
    }
}
