using EsmCacheCluster.Format;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Entries this machine made or was given, by runtime, by how the source was compiled and by the SHA-256 of the
/// file's bytes: <c>ROOT/&lt;runtime id&gt;/&lt;sha256&gt;.&lt;compiled as&gt;</c>. An entry does not
/// depend on the file's path, so one made for a file in one checkout serves the same bytes in any other. Every read
/// is checked against the source it is for; files are the user's alone.
/// </summary>
public sealed class NodeEntryStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The stored entry of <paramref name="kind"/> for <paramref name="source"/>, when there is one and it is whole and for these bytes.</summary>
    public byte[]? Find(NodeRuntime runtime, string compiledAs, NodeCacheKind kind, string sha256, ReadOnlySpan<byte> source)
    {
        string path = PathOf(runtime, compiledAs, sha256);
        byte[] entry;
        try
        {
            entry = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (NodeCacheEntry.Check(kind, entry, source) is not null)
        {
            return null;
        }

        CacheUse.MarkRead(path); // its last use, for the cache folder's cap (moved at most daily)
        return entry;
    }

    /// <summary>What this store added, for the cache folder's cap.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    private long _bytesWritten;

    public void Add(NodeRuntime runtime, string compiledAs, string sha256, byte[] entry)
    {
        string path = PathOf(runtime, compiledAs, sha256);
        OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, entry, createDirectory: false, unixMode: OwnerOnly.File);
        Interlocked.Add(ref _bytesWritten, entry.Length);
    }

    private string PathOf(NodeRuntime runtime, string compiledAs, string sha256) => Path.Combine(Root, runtime.Id, $"{sha256}.{compiledAs}");
}
