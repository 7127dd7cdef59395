using System.Reflection;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Format;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Transform;

/// <summary>
/// TypeScript and JSX to JavaScript, in this process. Types are erased by amaro (swc's stripper, the one Node uses)
/// in strip-only mode: every import not marked <c>type</c> stays (TypeScript's <c>verbatimModuleSyntax</c>) and
/// types become whitespace, so every line and column of the output is the source's. Enums, namespaces and
/// parameter properties need code: those files go through amaro's transform mode (positions may move there).
/// JSX is compiled by sucrase's JSX transform, which keeps lines. Decorated classes go through TypeScript's own emit
/// instead of the stripper (only TypeScript lowers legacy decorators, with their metadata, as TypeScript does), its
/// JSX preserved for the JSX stage. amaro runs on Wasmtime (<see cref="WasmtimeAmaro"/>) where it loads, so a
/// TypeScript module starts no JavaScript engine; sucrase, TypeScript and (where Wasmtime does not run, or a strip
/// trapped there) amaro run on V8 (ClearScript), in engines kept for the life of the process, one per core at most,
/// each transforming one module at a time; TypeScript is loaded into an engine on its first decorated module.
/// </summary>
/// <remarks>
/// Engines are made on demand, one per core at most, and kept for the life of the process, on purpose: measured
/// here, V8's WebAssembly code collector deadlocked the process under ClearScript with V8 background work off (a
/// compile job held the wasm engine's lock while the foreground task it posted ran inline and took it again), once
/// several engines had amaro loaded and its code tiered up, and engines were disposed and replaced. Engines that are
/// never disposed did not: 20 processes of 2, 3 or 4 engines transforming the 2,075-file TypeScript corpus three
/// times each on every thread all finished, and a process uses both cores (1.97 of 2). Each engine's WebAssembly
/// memory grows with the largest module and never shrinks (~150 MB after the 30 MB corpus).
/// </remarks>
public sealed class TypeScriptTransformer : IDisposable
{
    private static readonly Lazy<byte[]> Wasm = new(() => Resource("amaro.wasm"));
    private static readonly Lazy<string> AmaroScript = new(() => ResourceText("amaro.js"));
    private static readonly Lazy<string> SucraseScript = new(() => ResourceText("sucrase.js"));
    private static readonly Lazy<string> HostScript = new(() => ResourceText("TransformHost.js"));
    private static readonly Lazy<string> TypeScriptScript = new(() => BrotliText("typescript.js.br"));

    private static readonly (string Amaro, string Sucrase, string TypeScript, string AmaroWasmSha256) Versions = ReadVersions();

    public static TypeScriptTransformer Shared { get; } = new();

    // The process's first engine (it tells whether V8 works here), then up to one per core, each lent to one caller at
    // a time and never disposed (see remarks).
    private static readonly Lazy<(Engine? Engine, string? Problem)> ProcessEngine = new(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How many transformer engines a process keeps at most: one per core (ESMCACHE_TRANSFORM_ENGINES overrides, for measurements).</summary>
    public static int MaxEngines { get; } = int.TryParse(Environment.GetEnvironmentVariable("ESMCACHE_TRANSFORM_ENGINES"), out int n) && n > 0 ? n : Environment.ProcessorCount;

    private static readonly System.Collections.Concurrent.ConcurrentBag<Engine> FreeEngines = [];
    private static readonly SemaphoreSlim EngineSlots = new(MaxEngines, MaxEngines);
    private static int s_engines;
    private bool _disposed;

    public static string AmaroVersion => Versions.Amaro;

    public static string SucraseVersion => Versions.Sucrase;

    public static string TypeScriptVersion => Versions.TypeScript;

    /// <summary>The SHA-256 (hex) of the embedded amaro.wasm, as tools/transformers recorded it (a test checks it).</summary>
    internal static string AmaroWasmSha256 => Versions.AmaroWasmSha256;

    /// <summary>
    /// The recipe a record made under <paramref name="options"/> carries: the tools that may touch the code, their
    /// versions, and the options (<c>amaro/1.2.1+typescript/5.9.3;ts</c>,
    /// <c>amaro/1.2.1+sucrase/3.35.1+typescript/5.9.3;tsx+react-jsx+react</c>). Empty for plain JavaScript. A record
    /// with another recipe is stale.
    /// </summary>
    public static string RecipeFor(TransformOptions options) =>
        options.IsPlainJavaScript ? "" : Recipes.GetOrAdd(options, static o => TransformRecipe.Of(o.Language switch
        {
            SourceLanguage.Declaration => TransformRecipe.DeclarationTools,
            SourceLanguage.CommonTs => $"amaro/{AmaroVersion}",
            SourceLanguage.Jsx => $"amaro/{AmaroVersion}+sucrase/{SucraseVersion}",
            SourceLanguage.Tsx => $"amaro/{AmaroVersion}+sucrase/{SucraseVersion}+typescript/{TypeScriptVersion}",
            _ => $"amaro/{AmaroVersion}+typescript/{TypeScriptVersion}",
        }, o));

    // Asked for every record a client or grain checks, with a handful of distinct options per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TransformOptions, string> Recipes = new();

    /// <summary>
    /// Transforms <paramref name="source"/> (decoded text); <paramref name="fileName"/> names it in JSX development
    /// output. <paramref name="decorated"/>: the source has decorators, which TypeScript's emit lowers.
    /// </summary>
    public TransformResult Transform(string source, TransformOptions options, string fileName, bool decorated = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options.IsPlainJavaScript)
        {
            return new TransformResult(source, source, null);
        }

        if (options.IsDeclaration)
        {
            throw new ArgumentException("Declaration files are not transformed: they emit nothing.", nameof(options));
        }

        using var v8 = new V8Lease();
        return Run(v8, source, options, fileName, decorated && options.Language is SourceLanguage.TypeScript or SourceLanguage.Tsx);
    }

    /// <summary>
    /// A V8 engine lent to one transform, taken only when the transform needs one (JSX, decorators, or a strip
    /// Wasmtime could not do), and returned when it ends.
    /// </summary>
    private sealed class V8Lease : IDisposable
    {
        private Engine? _engine;

        public Engine Engine
        {
            get
            {
                if (_engine is null)
                {
                    var (first, problem) = ProcessEngine.Value;
                    if (first is null)
                    {
                        throw new InvalidOperationException($"TypeScript and JSX need V8 here: {problem}");
                    }

                    EngineSlots.Wait();
                    _engine = Lend(first);
                }

                return _engine;
            }
        }

        public void Dispose()
        {
            if (_engine is not null)
            {
                FreeEngines.Add(_engine);
                _engine = null;
                EngineSlots.Release();
            }
        }
    }

    /// <summary>A free engine, or a new one while there are fewer than <see cref="MaxEngines"/> (a slot is held, so one is free or may be made).</summary>
    private static Engine Lend(Engine first)
    {
        if (FreeEngines.TryTake(out var free))
        {
            return free;
        }

        if (Interlocked.CompareExchange(ref s_engines, 1, 0) == 0)
        {
            return first;
        }

        Interlocked.Increment(ref s_engines);
        return new Engine();
    }

    /// <summary>
    /// Readies what the first module of <paramref name="options"/> will need, on another thread, so that the first
    /// module a scan must transform finds it ready: Wasmtime's amaro for TypeScript (or V8's, where Wasmtime is not
    /// available), V8 as well for JSX. What a one-file edit of a TypeScript tree waits for is this start.
    /// </summary>
    public static void Prepare(TransformOptions options)
    {
        if (options.IsPlainJavaScript || options.IsDeclaration)
        {
            return;
        }

        if (Interlocked.Exchange(ref s_strippingPrepared, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ =>
            {
                if (!WasmtimeAmaro.Prepare())
                {
                    // V8 strips here: amaro's WebAssembly compiles its functions on first call, so a first strip now
                    // rather than in the first module's time (its transform then costs a millisecond, not forty).
                    ProcessEngine.Value.Engine?.WarmStrip();
                }
            }, null);
        }

        if (options.AllowsJsx && Interlocked.Exchange(ref s_jsxPrepared, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = ProcessEngine.Value, null);
        }
    }

    private static int s_strippingPrepared;
    private static int s_jsxPrepared;

    /// <summary>amaro's WebAssembly, the bytes both V8 and Wasmtime run.</summary>
    internal static byte[] AmaroWasm => Wasm.Value;

    private static TransformResult Run(V8Lease v8, string source, TransformOptions options, string fileName, bool decorated)
    {
        bool tsx = options.AllowsJsx;
        var result = decorated ? StripOutcome.Parse(v8.Engine.Transpile(source, tsx, options.Decorators)) : Strip(v8, source, tsx, transform: false);
        if (decorated && result.Error is { } transpileError)
        {
            return Failed(transpileError);
        }

        if (result.Error is { Code: "UnsupportedSyntax" } stripError)
        {
            if (options.Language == SourceLanguage.Jsx)
            {
                return Failed(stripError with { Message = $"TypeScript syntax in a .jsx file (name it .tsx): {stripError.Message}" });
            }

            // Enums, namespaces, parameter properties, <T>x assertions need code, not whitespace; import x = require()
            // and export = become require() and module.exports, as TypeScript emits them for CommonJS.
            result = Strip(v8, source, tsx, transform: true);
        }

        if (result.Error is { } error)
        {
            return Failed(error);
        }

        string stripped = result.Code!;
        if (options.Language == SourceLanguage.Jsx && FirstDifference(source, stripped) is int at and >= 0)
        {
            var (line, column) = SourceText.Position(source, at);
            return TransformResult.Failed("TypeScript syntax in a .jsx file (name it .tsx)", line, column);
        }

        if (!tsx || !stripped.Contains('<', StringComparison.Ordinal))
        {
            return new TransformResult(stripped, stripped, null);
        }

        string? compiled = options.Jsx switch
        {
            JsxMode.React or JsxMode.Preserve => v8.Engine.Jsx(stripped, "classic", null, development: false, fileName),
            JsxMode.ReactJsx => v8.Engine.Jsx(stripped, "automatic", options.JsxImportSource, development: false, fileName),
            _ => v8.Engine.Jsx(stripped, "automatic", options.JsxImportSource, development: true, fileName),
        };
        if (compiled[0] == 'S')
        {
            var jsxError = TransformerError.Parse(compiled.AsSpan(1));
            // sucrase's columns are already 1-based code units.
            return TransformResult.Failed(jsxError.Message, Math.Max(1, jsxError.Line), Math.Max(1, jsxError.Column));
        }

        string code = compiled[1..];
        return options.Jsx == JsxMode.Preserve ? new TransformResult(stripped, code, null) : new TransformResult(code, code, null);
    }

    /// <summary>amaro's and TypeScript's error: lines 1-based, columns 0-based code units of the line.</summary>
    private static TransformResult Failed(TransformerError error) =>
        TransformResult.Failed(error.Message, Math.Max(1, error.Line), Math.Max(0, error.Column) + 1);

    /// <summary>amaro's strip (or transform) on V8, whatever Wasmtime could do: the reference tests hold Wasmtime to.</summary>
    internal static StripOutcome StripOnV8(string source, bool tsx, bool transform)
    {
        using var v8 = new V8Lease();
        return StripOutcome.Parse(v8.Engine.Strip(source, tsx, transform));
    }

    /// <summary>amaro's strip (or transform): on Wasmtime when it runs here, else (or when it traps) on V8.</summary>
    private static StripOutcome Strip(V8Lease v8, string source, bool tsx, bool transform) =>
        WasmtimeAmaro.TryStrip(source, tsx, transform, out var outcome) ? outcome : StripOutcome.Parse(v8.Engine.Strip(source, tsx, transform));

    private static int FirstDifference(string a, string b)
    {
        int common = a.AsSpan().CommonPrefixLength(b);
        return common == a.Length && common == b.Length ? -1 : common;
    }

    private static (Engine?, string?) CreateEngine()
    {
        try
        {
            return (new Engine(), null);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException
                                      or EntryPointNotFoundException or TypeLoadException or InvalidOperationException
                                      or PlatformNotSupportedException or ScriptEngineException)
        {
            return (null, $"{e.GetType().Name}: {(e.InnerException ?? e).Message}");
        }
    }

    /// <summary>Marks this handle unusable; the process's engine stays for other users (see remarks).</summary>
    public void Dispose() => _disposed = true;

    private static byte[] Resource(string name)
    {
        using var stream = typeof(TypeScriptTransformer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The transformer resource {name} is missing from {typeof(TypeScriptTransformer).Assembly.GetName().Name}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string ResourceText(string name) => System.Text.Encoding.UTF8.GetString(Resource(name));

    private static string BrotliText(string name)
    {
        using var stream = typeof(TypeScriptTransformer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The transformer resource {name} is missing from {typeof(TypeScriptTransformer).Assembly.GetName().Name}.");
        using var brotli = new System.IO.Compression.BrotliStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static (string, string, string, string) ReadVersions()
    {
        string amaro = "", sucrase = "", typescript = "", wasm = "";
        foreach (string line in ResourceText("versions.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["amaro", var a])
            {
                amaro = a;
            }
            else if (parts is ["sucrase", var s])
            {
                sucrase = s;
            }
            else if (parts is ["typescript", var t])
            {
                typescript = t;
            }
            else if (parts is ["amaro.wasm", var w])
            {
                wasm = w;
            }
        }

        return amaro.Length > 0 && sucrase.Length > 0 && typescript.Length > 0 && wasm.Length == 64
            ? (amaro, sucrase, typescript, wasm)
            : throw new InvalidOperationException("versions.txt of the transformers names no amaro, sucrase or typescript version, or no SHA-256 of amaro.wasm.");
    }

    /// <summary>One V8 engine with amaro loaded (and sucrase, once a JSX file needs it); it lives as long as the process.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The process's one engine is never disposed: disposing amaro's engines is what let V8's wasm code collector deadlock.")]
    private sealed class Engine
    {
        private readonly V8ScriptEngine _engine;
        private ScriptObject? _strip;
        private ScriptObject? _jsx;
        private ScriptObject? _transpile;

        public Engine()
        {
            V8Process.Configure();
            _engine = new V8ScriptEngine(V8ScriptEngineFlags.None);
            try
            {
                _engine.Execute(new DocumentInfo("TransformHost.js"), HostScript.Value);
            }
            catch
            {
                _engine.Dispose();
                throw;
            }
        }

        /// <summary>A new instance of amaro's WebAssembly (V8 reuses the compiled module) and its glue.</summary>
        private void LoadAmaro()
        {
            byte[] wasm = Wasm.Value;
            var bytes = (IArrayBufferView)_engine.Evaluate($"new Uint8Array({wasm.Length})");
            bytes.WriteBytes(wasm, 0, (ulong)wasm.Length, 0);
            _engine.Script.__amaroWasm = bytes;
            _engine.Execute(new DocumentInfo("amaro.js"), AmaroScript.Value);
            _engine.Execute("delete globalThis.__amaroWasm;");
        }

        /// <summary>Loads amaro and strips a line, so that its WebAssembly's functions are compiled; never throws.</summary>
        public void WarmStrip()
        {
            try
            {
                Strip("export const warm: number = 1;", tsx: false, transform: false);
            }
            catch (ScriptEngineException)
            {
                // Only a head start: the first module meets the same error and reports it.
            }
        }

        public string Strip(string source, bool tsx, bool transform)
        {
            // amaro is loaded on the first strip: where Wasmtime strips, an engine serves JSX and decorators only.
            if (_strip is null)
            {
                LoadAmaro();
                _strip = (ScriptObject)_engine.Script.__esmcacheStrip;
            }

            string result = (string)_strip.Invoke(false, source, tsx, transform);
            if (result.StartsWith("A|", StringComparison.Ordinal))
            {
                // Not one of swc's own syntax reports: a trap or panic inside the WebAssembly, which may leave that
                // instance broken. The module gets the error; the next one gets a fresh instance.
                LoadAmaro();
            }

            return result;
        }

        public string Transpile(string code, bool tsx, DecoratorMode decorators)
        {
            if (_transpile is null)
            {
                _engine.Execute(new DocumentInfo("typescript.js"), TypeScriptScript.Value);
                _transpile = (ScriptObject)_engine.Script.__esmcacheTranspile;
            }

            string mode = decorators switch { DecoratorMode.Legacy => "legacy", DecoratorMode.LegacyWithMetadata => "legacy-metadata", _ => "standard" };
            return (string)_transpile.Invoke(false, code, tsx, mode);
        }

        public string Jsx(string code, string runtime, string? importSource, bool development, string fileName)
        {
            if (_jsx is null)
            {
                _engine.Execute(new DocumentInfo("sucrase.js"), SucraseScript.Value);
                _jsx = (ScriptObject)_engine.Script.__esmcacheJsx;
            }

            return (string)_jsx.Invoke(false, code, runtime, importSource ?? "", development, fileName);
        }
    }
}
