using System.Collections.Concurrent;
using System.Diagnostics;
using EsmCacheCluster.Client.Resolution;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Client.Running;

/// <summary>
/// A ClearScript module loader backed by the cache. Before V8 runs the entry, the loader walks the static graph
/// from the cached records (resolving and fetching imports in parallel) and compiles every module from its V8
/// code cache; when V8 then asks for an import, it gets the same <see cref="DocumentInfo"/> back, so it reuses
/// that compiled module (and a module never runs twice). Bytecode is used only for the exact bytes it was made
/// from: V8 itself would accept a cache made for another source of the same length.
/// </summary>
public sealed class CachedModuleLoader : DocumentLoader, IDisposable
{
    private readonly V8ScriptEngine _engine;
    private readonly ModuleCacheClient? _cache;
    private readonly ModuleResolver _resolver;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModule>>> _modules = new(StringComparer.Ordinal);
    private readonly List<V8Script> _compiled = [];

    // Preparing the graph resolves every import once; V8 then asks for the same ones while linking.
    private readonly ConcurrentDictionary<(string Referrer, string Specifier), Resolution.Resolution> _resolutions = new();

    /// <param name="cache">Records and bytecode from here; null to load sources only and let V8 compile them.</param>
    public CachedModuleLoader(V8ScriptEngine engine, ModuleCacheClient? cache, ModuleResolver resolver)
    {
        _engine = engine;
        _cache = cache;
        _resolver = resolver;
        engine.DocumentSettings.Loader = this;
    }

    public LoadStats Stats { get; } = new();

    /// <summary>
    /// Loads the static graph below <paramref name="entryPath"/> (and literal dynamic imports) and compiles each
    /// module from its code cache on the engine's thread. Without a cache it does nothing: V8 loads on demand.
    /// </summary>
    public async Task PrepareAsync(string entryPath)
    {
        if (_cache is null)
        {
            return;
        }

        // Breadth first, a whole frontier at a time: every module of a level loads in parallel.
        var prepare = Stopwatch.StartNew();
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

        Stats.Prepare = prepare.Elapsed;
        foreach (var module in loaded)
        {
            if (module.Bytecode is { } bytecode)
            {
                var watch = Stopwatch.StartNew();
                var script = _engine.Compile(module.Info, module.Code, V8CacheKind.Code, bytecode, out bool accepted);
                Stats.AddCompileFromCache(watch.Elapsed, accepted);
                _compiled.Add(script);
                module.Compiled = true;
            }
        }
    }

    public override Task<Document> LoadDocumentAsync(DocumentSettings settings, DocumentInfo? sourceInfo, string specifier, DocumentCategory category, DocumentContextCallback contextCallback)
    {
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

        return LoadDocumentCoreAsync(path);
    }

    /// <summary>The document of an already resolved module path (the entry), the same one imports get.</summary>
    public Task<Document> GetDocumentAsync(string path) => LoadDocumentCoreAsync(path);

    private async Task<Document> LoadDocumentCoreAsync(string path)
    {
        var module = await Load(path).ConfigureAwait(false);
        if (!module.Compiled && !module.IsJson && !module.CountedFromSource)
        {
            // V8 asks once per import statement; the module is compiled (from source) once.
            module.CountedFromSource = true;
            Stats.FromSource();
        }

        return module.Document;
    }

    private Resolution.Resolution Resolve(string specifier, string referrer)
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
        string code = SourceText.Decode(bytes);
        if (json || _cache is null)
        {
            Stats.AddFetch(watch.Elapsed);
            return new LoadedModule(path, info, code, null, []);
        }

        var source = ModuleSource.Of(bytes);
        var fetch = await _cache.GetWithBytecodeAsync(source).ConfigureAwait(false);
        Stats.AddFetch(watch.Elapsed);
        var record = fetch.Record;

        // Only bytecode made from these very bytes, by this very engine build.
        byte[]? bytecode = record.SourceHash == source.Hash && record.HasBytecode && record.BytecodeProducer == ModuleGenerator.BytecodeProducer
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

        return new LoadedModule(path, info, code, bytecode, imports);
    }

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

        public byte[]? Bytecode { get; } = bytecode;

        public List<string> Imports { get; } = imports;

        public bool IsJson => Info.Category == DocumentCategory.Json;

        /// <summary>One document per module, always with the same <see cref="DocumentInfo"/>: V8 then links one instance.</summary>
        public Document Document { get; } = new StringDocument(info, code);

        public bool Compiled { get; set; }

        public bool CountedFromSource { get; set; }
    }
}
