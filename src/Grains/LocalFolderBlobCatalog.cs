using System.Globalization;
using System.IO.Enumeration;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The local folder's blobs (<c>root/xx/*.bmes</c>) and Node compile cache entries (<c>root/node/*/*/*.entry</c>). A
/// file's modification time is its last read: reads through <see cref="EsmCacheCluster.Format.BmesDirectory"/> and
/// <see cref="NodeEntryFolderStorage"/> move it forward at most daily, so marking needs nothing more.
/// </summary>
public sealed class LocalFolderBlobCatalog(string root) : IModuleBlobCatalog
{
    public string Root { get; } = Path.GetFullPath(root);

    public async IAsyncEnumerable<StoredBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = new FileSystemEnumerable<StoredBlob>(Root, (ref FileSystemEntry entry) =>
        {
            var written = entry.LastWriteTimeUtc;
            return new StoredBlob(entry.ToFullPath(), entry.Length, written, written, written.UtcTicks.ToString(CultureInfo.InvariantCulture));
        }, options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.EndsWith(".bmes", StringComparison.Ordinal),
        };
        foreach (var blob in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return blob;
        }

        string entries = Path.Combine(Root, "node");
        if (Directory.Exists(entries))
        {
            var nodeOptions = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var entry in new FileSystemEnumerable<StoredBlob>(entries, (ref FileSystemEntry entry) =>
            {
                var written = entry.LastWriteTimeUtc;
                return new StoredBlob(entry.ToFullPath(), entry.Length, written, written, written.UtcTicks.ToString(CultureInfo.InvariantCulture));
            }, nodeOptions)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.EndsWith(".entry", StringComparison.Ordinal),
            })
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return entry;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(StoredBlob blob, CancellationToken cancellationToken)
    {
        try
        {
            // A blob rewritten (or read and marked) since it was listed has a newer time: it stays.
            if (File.GetLastWriteTimeUtc(blob.Name).Ticks.ToString(CultureInfo.InvariantCulture) != blob.Version || !File.Exists(blob.Name))
            {
                return Task.FromResult(false);
            }

            File.Delete(blob.Name);
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    public Task MarkReadAsync(GrainId grainId, CancellationToken cancellationToken) => Task.CompletedTask;
}
