using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Fills Node's compile cache folder for a tree: every CommonJS and ES module file gets the entry Node would write
/// after loading it, from <paramref name="entries"/> (kept entries, this machine's node, or a cluster). Entries are
/// placed under each file's real path, atomically, readable by the user only; nothing is written that was not
/// checked against the file it is for.
/// </summary>
public sealed class NodeCacheWarmer(NodeRuntime runtime, INodeEntrySource entries, int parallelism)
{
    /// <summary>A file larger than this gets no entry (Node caches it itself on first load).</summary>
    public const long MaxSourceBytes = 32 * 1024 * 1024;

    private static readonly string[] Extensions = [".js", ".cjs", ".mjs"];

    public async Task<NodeWarmResult> WarmAsync(string root, string nodeCacheDirectory, bool includeNodeModules, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        string realRoot = RealPath(Path.GetFullPath(root));
        var files = List(realRoot, includeNodeModules);
        string folder = Path.Combine(Path.GetFullPath(nodeCacheDirectory), runtime.FolderName);
        OwnerOnly.CreateFolder(nodeCacheDirectory);
        OwnerOnly.CreateFolder(folder);

        var types = new NodePackageTypes();
        var skipped = new ConcurrentBag<NodeWarmSkip>();
        int written = 0, hits = 0, generated = 0, done = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, parallelism), CancellationToken = cancellationToken }, async (file, token) =>
        {
            string relative = Path.GetRelativePath(realRoot, file);
            try
            {
                var info = new FileInfo(file);
                if (info.Length > MaxSourceBytes)
                {
                    throw new IOException($"{info.Length:N0} bytes, above the {MaxSourceBytes:N0}-byte limit");
                }

                byte[] bytes = await File.ReadAllBytesAsync(file, token).ConfigureAwait(false);
                var answer = await entries.GetAsync(types.FormatOf(file), Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, token).ConfigureAwait(false);
                // Never write what Node would not accept for this file, whoever made it.
                if (NodeCacheEntry.Check(answer.Entry, runtime.HashedSource(answer.Kind, bytes)) is { } problem)
                {
                    throw new NodeCompileException($"the entry does not fit this file ({problem}); not written");
                }

                AtomicFile.Write(Path.Combine(folder, NodeCacheEntry.FileName(answer.Kind, file)), answer.Entry, createDirectory: false, unixMode: OwnerOnly.File);
                Interlocked.Increment(ref written);
                Interlocked.Increment(ref answer.Generated ? ref generated : ref hits);
            }
            catch (Exception e) when (e is NodeCompileException or IOException or UnauthorizedAccessException)
            {
                skipped.Add(new NodeWarmSkip(relative, e.Message));
            }

            progress?.Report((Interlocked.Increment(ref done), files.Count));
        }).ConfigureAwait(false);

        var skips = skipped.OrderBy(s => s.File, StringComparer.Ordinal).ToList();
        return new NodeWarmResult(runtime.Id, folder, files.Count, written, hits, generated, skips, watch.Elapsed);
    }

    private static List<string> List(string root, bool includeNodeModules)
    {
        var files = new List<string>();
        var folders = new Stack<string>([root]);
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, RecurseSubdirectories = false };
        while (folders.TryPop(out var folder))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                if (entry is DirectoryInfo)
                {
                    if (entry.Name != ".git" && (includeNodeModules || entry.Name != "node_modules"))
                    {
                        folders.Push(entry.FullName);
                    }
                }
                else if (Array.IndexOf(Extensions, Path.GetExtension(entry.Name)) >= 0)
                {
                    files.Add(entry.FullName);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The path with every symbolic link on it resolved, as Node keys CommonJS entries (by the module's real path).</summary>
    private static string RealPath(string path)
    {
        string result = "/";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(result, part);
            for (int hops = 0; new FileInfo(next).LinkTarget is { } target; hops++)
            {
                if (hops > 40)
                {
                    throw new IOException($"{path}: too many levels of symbolic links");
                }

                next = Path.GetFullPath(target, result);
            }

            result = next;
        }

        return result;
    }
}
