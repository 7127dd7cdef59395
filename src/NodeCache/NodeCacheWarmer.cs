using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Fills Node's compile cache folder for a tree: every CommonJS and ES module file gets the entry Node would write
/// after loading it, from the store when these bytes were compiled before by this runtime, else compiled now by
/// the runtime itself (never run). Entries are placed under each file's real path, atomically, readable by the user
/// only; nothing is written that was not checked against the file it is for.
/// </summary>
public sealed class NodeCacheWarmer(NodeRuntime runtime, NodeEntryStore store, Func<CancellationToken, Task<NodeCompiler>> startCompiler, int compilers)
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
        var pool = new CompilerPool(startCompiler, compilers);
        int entries = 0, hits = 0, generated = 0, done = 0;
        try
        {
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, compilers * 2), CancellationToken = cancellationToken }, async (file, token) =>
            {
                string relative = Path.GetRelativePath(realRoot, file);
                try
                {
                    var (kind, entry, fromStore) = await EntryForAsync(file, types.FormatOf(file), pool, token).ConfigureAwait(false);
                    AtomicFile.Write(Path.Combine(folder, NodeCacheEntry.FileName(kind, file)), entry, createDirectory: false, unixMode: OwnerOnly.File);
                    Interlocked.Increment(ref entries);
                    Interlocked.Increment(ref fromStore ? ref hits : ref generated);
                }
                catch (Exception e) when (e is NodeCompileException or IOException or UnauthorizedAccessException)
                {
                    skipped.Add(new NodeWarmSkip(relative, e.Message));
                }

                progress?.Report((Interlocked.Increment(ref done), files.Count));
            }).ConfigureAwait(false);
        }
        finally
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }

        var skips = skipped.OrderBy(s => s.File, StringComparer.Ordinal).ToList();
        return new NodeWarmResult(runtime.Id, folder, files.Count, entries, hits, generated, skips, watch.Elapsed);
    }

    private async Task<(NodeCacheKind Kind, byte[] Entry, bool FromStore)> EntryForAsync(string file, NodeModuleFormat format, CompilerPool pool, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file);
        if (info.Length > MaxSourceBytes)
        {
            throw new IOException($"{info.Length:N0} bytes, above the {MaxSourceBytes:N0}-byte limit");
        }

        byte[] bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        // How the store names what it holds: the format asked for, and for detection what it found.
        (string Name, NodeCacheKind Kind)[] candidates = format switch
        {
            NodeModuleFormat.CommonJs => [("commonjs", NodeCacheKind.CommonJs)],
            NodeModuleFormat.EsModule => [("module", NodeCacheKind.EsModule)],
            _ => [("detected-commonjs", NodeCacheKind.CommonJs), ("detected-module", NodeCacheKind.EsModule)],
        };
        foreach (var (name, kind) in candidates)
        {
            if (store.Find(runtime, name, sha256, runtime.HashedSource(kind, bytes)) is { } stored)
            {
                return (kind, stored, true);
            }
        }

        var compiler = await pool.TakeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (compiledAs, payload) = await compiler.CompileAsync(format, file, bytes, cancellationToken).ConfigureAwait(false);
            byte[] entry = NodeCacheEntry.Compose(runtime.HashedSource(compiledAs, bytes), payload);
            string name = (format, compiledAs) switch
            {
                (NodeModuleFormat.Detect, NodeCacheKind.CommonJs) => "detected-commonjs",
                (NodeModuleFormat.Detect, _) => "detected-module",
                (_, NodeCacheKind.CommonJs) => "commonjs",
                _ => "module",
            };
            store.Add(runtime, name, sha256, entry);
            return (compiledAs, entry, false);
        }
        finally
        {
            pool.Return(compiler);
        }
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

    /// <summary>Compilers started on first need, up to the given number, each lent to one file at a time.</summary>
    private sealed class CompilerPool(Func<CancellationToken, Task<NodeCompiler>> start, int size) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _slots = new(Math.Max(1, size), Math.Max(1, size));
        private readonly ConcurrentBag<NodeCompiler> _free = [];
        private readonly ConcurrentBag<NodeCompiler> _all = [];

        public async Task<NodeCompiler> TakeAsync(CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_free.TryTake(out var compiler))
            {
                return compiler;
            }

            try
            {
                compiler = await start(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _slots.Release();
                throw;
            }

            _all.Add(compiler);
            return compiler;
        }

        public void Return(NodeCompiler compiler)
        {
            _free.Add(compiler);
            _slots.Release();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var compiler in _all)
            {
                await compiler.DisposeAsync().ConfigureAwait(false);
            }

            _slots.Dispose();
        }
    }
}
