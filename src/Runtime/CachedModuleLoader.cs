using System.Collections.Concurrent;
using System.Diagnostics;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Transform;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Runtime;

/// <summary>
/// A ClearScript module loader backed by the cache. Before V8 runs the entry, the loader walks the static graph
/// from the cached records (resolving and fetching imports in parallel) and compiles every module from its V8
/// code cache; when V8 then asks for an import, it gets the same <see cref="DocumentInfo"/> back, so it reuses
/// that compiled module (and a module never runs twice). Bytecode is used only for the exact bytes it was made
/// from: V8 itself would accept a cache made for another source of the same length.
/// </summary>
public sealed class CachedModuleLoader : DocumentLoader, IDisposable
{
    private V8ScriptEngine? _engine;
    private readonly IModuleRecordSource? _cache;
    private readonly ModuleResolver _resolver;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModule>>> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<V8Script> _compiled = new();
    private readonly Lock _walkLock = new();
    private readonly Dictionary<string, Task<List<LoadedModule>>> _walks = new(StringComparer.Ordinal);

    // Preparing the graph resolves every import once; V8 then asks for the same ones while linking.
    private readonly ConcurrentDictionary<(string Referrer, string Specifier), Graph.Resolution.Resolution> _resolutions = new();

    /// <param name="cache">Records and bytecode from here; null to load sources only and let V8 compile them.</param>
    public CachedModuleLoader(V8ScriptEngine engine, IModuleRecordSource? cache, ModuleResolver resolver)
        : this(cache, resolver)
    {
        Attach(engine);
    }

    /// <summary>A loader that can walk a graph (<see cref="Prefetch"/>) before its engine exists; <see cref="Attach"/> it later.</summary>
    public CachedModuleLoader(IModuleRecordSource? cache, ModuleResolver resolver)
    {
        _cache = cache;
        _resolver = resolver;
    }

    /// <summary>Makes this the engine's module loader; modules are compiled on it from then on.</summary>
    public void Attach(V8ScriptEngine engine)
    {
        if (_engine is not null)
        {
            throw new InvalidOperationException("The loader already serves an engine: one loader per engine.");
        }

        _engine = engine;
        engine.DocumentSettings.Loader = this;
    }

    public LoadStats Stats { get; } = new();

    /// <summary>
    /// Starts walking the static graph below <paramref name="entryPath"/> (and literal dynamic imports) on the
    /// thread pool: resolving, reading sources, fetching records and bytecode. It needs no engine, so a host can
    /// start it first and create the engine meanwhile (V8 takes tens of milliseconds to start). Without a cache
    /// it does nothing: V8 loads on demand.
    /// </summary>
    public Task Prefetch(string entryPath) => Walk(entryPath);

    /// <summary>
    /// Finishes the walk <see cref="Prefetch"/> started (or walks now) and compiles each module from its code cache
    /// on the attached engine, so V8 links compiled modules.
    /// </summary>
    /// <remarks>Cancelling stops waiting for the walk and compiling; modules not compiled yet load on demand.</remarks>
    public async Task PrepareAsync(string entryPath, CancellationToken cancellationToken = default)
    {
        var engine = _engine ?? throw new InvalidOperationException($"{nameof(Attach)} an engine before preparing modules for it.");
        var waited = Stopwatch.StartNew();
        var loaded = await Walk(entryPath).WaitAsync(cancellationToken).ConfigureAwait(false);
        Stats.PrepareWaited = waited.Elapsed;
        foreach (var module in loaded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (module.Bytecode is { } bytecode && !module.Compiled)
            {
                var watch = Stopwatch.StartNew();
                var script = engine.Compile(module.Info, module.Code, V8CacheKind.Code, bytecode, out bool accepted);
                Stats.AddCompileFromCache(watch.Elapsed, accepted);
                _compiled.Enqueue(script);
                module.Compiled = true;

                // V8 holds the compiled module now; the cache bytes would only add to peak memory.
                module.Bytecode = null;
            }
        }
    }

    private Task<List<LoadedModule>> Walk(string entryPath)
    {
        if (_cache is null)
        {
            return Task.FromResult(new List<LoadedModule>());
        }

        lock (_walkLock)
        {
            if (!_walks.TryGetValue(entryPath, out var walk))
            {
                walk = Task.Run(() => WalkAsync(entryPath));
                _walks.Add(entryPath, walk);
            }

            return walk;
        }
    }

    private async Task<List<LoadedModule>> WalkAsync(string entryPath)
    {
        // Breadth first, a whole frontier at a time: every module of a level loads in parallel.
        var watch = Stopwatch.StartNew();
        var seen = new HashSet<string>(StringComparer.Ordinal) { entryPath };
        var frontier = new List<string> { entryPath };
        var loaded = new List<LoadedModule>();
        while (frontier.Count > 0)
        {
            var level = await Task.WhenAll(frontier.Select(Load)).ConfigureAwait(false);
            frontier = [];
            foreach (var module in level)
            {
                loaded.Add(module);
                foreach (var import in module.Imports)
                {
                    if (seen.Add(import))
                    {
                        frontier.Add(import);
                    }
                }
            }
        }

        Stats.Prepare = watch.Elapsed;
        return loaded;
    }

    public override Task<Document> LoadDocumentAsync(DocumentSettings settings, DocumentInfo? sourceInfo, string specifier, DocumentCategory category, DocumentContextCallback contextCallback)
    {
        long start = Stopwatch.GetTimestamp();
        string referrer = sourceInfo is { Uri: { IsFile: true } uri } ? uri.LocalPath : Path.Combine(Environment.CurrentDirectory, "[eval]");
        var resolution = Resolve(specifier, referrer);
        if (resolution.Builtin is { } builtin)
        {
            throw new NotSupportedException($"Cannot load '{builtin}' imported from {referrer}: Node's builtin modules are not available on this V8 host.");
        }

        if (resolution.Path is not { } path)
        {
            throw new FileNotFoundException($"Cannot find module '{specifier}' imported from {referrer}: {resolution.Error}");
        }

        return LoadDocumentCoreAsync(path, start, Stats.AddOnDemand);
    }

    /// <summary>The document of an already resolved module path (the entry), the same one imports get.</summary>
    public Task<Document> GetDocumentAsync(string path) => LoadDocumentCoreAsync(path, Stopwatch.GetTimestamp(), Stats.AddEntry);

    private async Task<Document> LoadDocumentCoreAsync(string path, long start, Action<TimeSpan> account)
    {
        var module = await Load(path).ConfigureAwait(false);
        if (!module.Compiled && !module.IsJson && !module.CountedFromSource)
        {
            // V8 compiles it when this returns: compiling it here instead (to time it) measured slower, since
            // ClearScript then also matches the compiled module to the document when V8 links it.
            module.CountedFromSource = true;
            Stats.FromSource();
        }

        account(Stopwatch.GetElapsedTime(start));
        return module.Document;
    }

    private Graph.Resolution.Resolution Resolve(string specifier, string referrer)
    {
        var watch = Stopwatch.StartNew();
        var resolution = _resolutions.GetOrAdd((referrer, specifier), static (key, resolver) => resolver.Resolve(key.Specifier, key.Referrer), _resolver);
        Stats.AddResolve(watch.Elapsed);
        return resolution;
    }

    private Task<LoadedModule> Load(string path) =>
        _modules.GetOrAdd(path, p => new Lazy<Task<LoadedModule>>(() => Task.Run(() => LoadCoreAsync(p)))).Value;

    private async Task<LoadedModule> LoadCoreAsync(string path)
    {
        var watch = Stopwatch.StartNew();
        byte[] bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        Stats.Module(json);
        var uri = new Uri(path);
        var meta = new Dictionary<string, object> { ["url"] = uri.AbsoluteUri };
        var info = new DocumentInfo(uri)
        {
            Category = json ? DocumentCategory.Json : ModuleCategory.Standard,
            ContextCallback = _ => meta, // import.meta
        };
        var transform = json ? TransformOptions.None : _resolver.TransformFor(path);
        if (transform.IsPlainJavaScript)
        {
            // This host links ES modules only: every JavaScript file it loads is one, whatever its package says.
            transform = TransformOptions.None;
        }

        if (!transform.Runnable)
        {
            throw new NotSupportedException($"{path}: JSX is preserved (no jsx setting in its tsconfig.json): set \"jsx\" to react-jsx, react-jsxdev or react to run it.");
        }

        if (json || _cache is null)
        {
            string code = SourceText.Decode(bytes);
            if (!transform.IsNone)
            {
                // No cache: transform here, every run (what --no-cache compares against).
                var result = TypeScriptTransformer.Shared.Transform(code, transform, uri.AbsoluteUri);
                code = result.Emitted ?? throw SyntaxError(path, result.Error!);
            }

            Stats.AddFetch(watch.Elapsed);
            return new LoadedModule(path, info, code, null, []);
        }

        var source = ModuleSource.Of(bytes, transform);
        var fetch = await _cache.GetWithBytecodeAsync(source).ConfigureAwait(false);
        Stats.AddFetch(watch.Elapsed);
        var record = fetch.Record;
        // A transformed module runs the JavaScript it became (with its positions): what the bytecode was made from.
        string compiled = transform.IsNone
            ? SourceText.Decode(bytes)
            : record.EmittedCode ?? throw SyntaxError(path, record.SyntaxError ?? new ModuleSyntaxError("the cache answered without the emitted code", 1, 1));

        // Only bytecode made from these very bytes, by this very engine build.
        byte[]? bytecode = record.SourceHash == source.Hash && record.HasBytecode && record.BytecodeProducer == V8BytecodeProducer.Fingerprint
            ? record.Bytecode.ToArray()
            : null;

        var imports = new List<string>();
        foreach (var request in record.RequestedModules)
        {
            if (Resolve(request.Specifier, path).Path is { } target)
            {
                imports.Add(target);
            }
        }

        foreach (var dynamic in record.DynamicImports)
        {
            if (dynamic.Specifier is { } specifier && Resolve(specifier, path).Path is { } target)
            {
                imports.Add(target);
            }
        }

        return new LoadedModule(path, info, compiled, bytecode, imports);
    }

    private static ScriptEngineException SyntaxError(string path, ModuleSyntaxError error) =>
        new($"SyntaxError: {error.Message}\n    at {new Uri(path).AbsoluteUri}:{error.Line}:{error.Column}");

    public void Dispose()
    {
        foreach (var script in _compiled)
        {
            script.Dispose();
        }

        _compiled.Clear();
    }

    private sealed class LoadedModule(string path, DocumentInfo info, string code, byte[]? bytecode, List<string> imports)
    {
        public string Path { get; } = path;

        public DocumentInfo Info { get; } = info;

        public string Code { get; } = code;

        public byte[]? Bytecode { get; set; } = bytecode;

        public List<string> Imports { get; } = imports;

        public bool IsJson => Info.Category == DocumentCategory.Json;

        /// <summary>One document per module, always with the same <see cref="DocumentInfo"/>: V8 then links one instance.</summary>
        public Document Document { get; } = new StringDocument(info, code);

        public bool Compiled { get; set; }

        public bool CountedFromSource { get; set; }
    }
}
