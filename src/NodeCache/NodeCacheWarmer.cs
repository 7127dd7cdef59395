using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Fills Node's compile cache folder for a tree: every CommonJS and ES module file (and every extensionless script a
/// package.json names in "bin") gets the entry Node would write after loading it, and every TypeScript file outside
/// node_modules (where Node strips no types) the stripped text Node would keep for it, when the runtime keeps those;
/// from <paramref name="entries"/> (kept entries, this machine's node, or a cluster). Entries are placed under each
/// file's real path, atomically, readable by the user only; nothing is written that was not checked against the file
/// it is for.
/// </summary>
/// <remarks>
/// A TypeScript file gets only its stripped text: Node compiles that text (whose last line names the file) and
/// keeps V8's code for it on the first run, as for any file it loads.
/// </remarks>
public sealed class NodeCacheWarmer(NodeRuntime runtime, INodeEntrySource entries, int parallelism)
{
    /// <summary>A file larger than this gets no entry (Node caches it itself on first load).</summary>
    public const long MaxSourceBytes = 32 * 1024 * 1024;

    private static readonly string[] Extensions = [".js", ".cjs", ".mjs"];

    private static readonly byte[] ByteOrderMark = [0xef, 0xbb, 0xbf];

    public async Task<NodeWarmResult> WarmAsync(string root, string nodeCacheDirectory, bool includeNodeModules, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        string realRoot = RealPath(Path.GetFullPath(root));
        var types = new NodePackageTypes();
        var files = List(realRoot, includeNodeModules, types);
        string folder = Path.Combine(Path.GetFullPath(nodeCacheDirectory), runtime.FolderName);
        OwnerOnly.CreateFolder(nodeCacheDirectory);
        OwnerOnly.CreateFolder(folder);

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
                string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                var format = types.FormatOf(file);
                int added;
                bool generatedNow;
                if (NodeTypeStripping.IsTypeScript(file))
                {
                    (added, generatedNow) = await WriteStrippedAsync(folder, file, format, sha256, bytes, token).ConfigureAwait(false);
                }
                else
                {
                    var answer = await GetCheckedAsync(format, sha256, bytes, token).ConfigureAwait(false);
                    AtomicFile.Write(Path.Combine(folder, NodeCacheEntry.FileName(answer.Kind, file)), answer.Entry, createDirectory: false, unixMode: OwnerOnly.File);
                    (added, generatedNow) = (1, answer.Generated);
                }

                Interlocked.Add(ref written, added);
                Interlocked.Increment(ref generatedNow ? ref generated : ref hits);
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

    // A TypeScript file's stripped text under each name Node looks it up by: its URL when the ES module loader strips
    // it, its path when the CommonJS loader does. A CommonJS file may be either (the ES module loader strips it by URL
    // when an ES module imports it), and so may a file Node detects. (Node 24 and 26 then have the CommonJS loader
    // strip that already stripped text again, by path; that second read misses, as it is not the file's text.)
    private async Task<(int Written, bool Generated)> WriteStrippedAsync(string folder, string file, NodeModuleFormat loadsAs, string sha256, byte[] bytes, CancellationToken token)
    {
        if (runtime.TypeScriptSourceUrlPrefix is not { } sourceUrlPrefix)
        {
            throw new NodeCompileException($"Node {runtime.Version} keeps no stripped TypeScript in its compile cache (Node 24.22 and 26.12 do)");
        }

        if (bytes.Length == 0 || bytes.AsSpan().StartsWith(ByteOrderMark))
        {
            throw new NodeCompileException(bytes.Length == 0 ? "empty: Node keeps no entry for it" : "starts with a byte order mark, which Node's loaders hash differently; Node strips it itself");
        }

        var answer = await GetCheckedAsync(NodeModuleFormat.TypeScript, sha256, bytes, token).ConfigureAwait(false);
        byte[] entry = NodeCacheEntry.Compose(bytes, NodeTypeStripping.CachedText(NodeCacheEntry.Payload(answer.Entry), sourceUrlPrefix, file));
        int written = 0;
        foreach (bool asModule in (bool[])[true, false])
        {
            if (!asModule && loadsAs == NodeModuleFormat.EsModule)
            {
                continue;
            }

            AtomicFile.Write(Path.Combine(folder, NodeCacheEntry.StrippedTypeScriptFileName(file, asModule)), entry, createDirectory: false, unixMode: OwnerOnly.File);
            written++;
        }

        return (written, answer.Generated);
    }

    // Never write what Node would not accept for this file, whoever made it.
    private async Task<NodeEntryAnswer> GetCheckedAsync(NodeModuleFormat format, string sha256, byte[] bytes, CancellationToken token)
    {
        var answer = await entries.GetAsync(format, sha256, bytes, token).ConfigureAwait(false);
        string? problem = format.Allows(answer.Kind) ? NodeCacheEntry.Check(answer.Kind, answer.Entry, runtime.HashedSource(answer.Kind, bytes)) : $"an entry of kind {answer.Kind}";
        return problem is null ? answer : throw new NodeCompileException($"the entry does not fit this file ({problem}); not written");
    }

    private static List<string> List(string root, bool includeNodeModules, NodePackageTypes types)
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
                else if (Array.IndexOf(Extensions, Path.GetExtension(entry.Name)) >= 0
                    || (NodeTypeStripping.IsTypeScript(entry.Name) && !IsUnderNodeModules(entry.FullName)))
                {
                    files.Add(entry.FullName);
                }
                else if (entry.Name == "package.json")
                {
                    // A package's commands (bin/tsc) have no extension; Node loads them as the main module.
                    files.AddRange(types.ExtensionlessBins(entry.FullName));
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        files = files.Distinct(StringComparer.Ordinal).ToList(); // one script may be two commands
        return files;
    }

    // Node refuses to strip types under node_modules (by the file's real path): a package must ship JavaScript.
    private static bool IsUnderNodeModules(string path) => path.Contains("/node_modules/", StringComparison.Ordinal);

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
