using System.Diagnostics;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Resolution;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Runtime;

/// <summary>
/// Runs an ES module graph on V8 with the cache: the host API for .NET (<see cref="CreateEngine"/>) and what
/// <c>esmcache run</c> uses (<see cref="RunAsync"/>), with console, process and timers enough for ordinary scripts.
/// </summary>
public static class ModuleRunner
{
    /// <summary>
    /// Export conditions for this host: it runs ES modules on plain V8, not in Node, so packages' "node" builds
    /// (often CommonJS) do not apply; their "import" and "module" builds do. Those builds are made for bundlers
    /// (rxjs's esm5 imports './internal/Observable' without an extension), so the runner resolves in bundler mode.
    /// </summary>
    public static readonly string[] HostConditions = ["import", "module"];

    /// <summary>
    /// A V8 engine whose module loading goes through the cache: call <see cref="CachedModuleLoader.PrepareAsync"/>
    /// with the entry file, then import it. Dispose the loader after the engine has finished with the modules.
    /// </summary>
    public static (V8ScriptEngine Engine, CachedModuleLoader Loader) CreateEngine(IModuleRecordSource? cache, ModuleResolver? resolver = null)
    {
        var loader = CreateLoader(cache, resolver);
        var engine = NewEngine();
        loader.Attach(engine);
        return (engine, loader);
    }

    private static CachedModuleLoader CreateLoader(IModuleRecordSource? cache, ModuleResolver? resolver) =>
        new(cache, resolver ?? new ModuleResolver(ResolveMode.Bundler, HostConditions));

    private static V8ScriptEngine NewEngine()
    {
        // ClearScript forgets modules past this many per engine, and then imports of the forgotten ones resolve
        // against the wrong referrer (seen with rxjs + three + date-fns: 1,170 modules). Graphs are larger than
        // its default of 1,024.
        ModuleCategory.Standard.MaxCacheSize = Math.Max(ModuleCategory.Standard.MaxCacheSize, 1u << 20);
        DocumentCategory.Json.MaxCacheSize = Math.Max(DocumentCategory.Json.MaxCacheSize, 1u << 16);
        V8Process.Configure();
        return new V8ScriptEngine(V8ScriptEngineFlags.EnableDynamicModuleImports | V8ScriptEngineFlags.EnableTaskPromiseConversion);
    }

    /// <summary>Runs <paramref name="entry"/>: the exit code (uncaught errors: 1, printed with their stack) and where the time went.</summary>
    /// <param name="compactAfterWalk">
    /// For a process that exists to run this graph (esmcache run): once the graph walk is done, collect and
    /// compact the whole heap and return the free memory to the system, while V8 is still starting. What the
    /// walk read (sources, blobs) is dead by then; without this the process carries it to its peak (peak RSS of
    /// date-fns: 129 -> 124 MB). A host with a large heap of its own should leave it off.
    /// </param>
    /// <param name="cancellationToken">
    /// Stops the run (the graph walk, waiting timers, or script running in V8, which is interrupted) with an
    /// <see cref="OperationCanceledException"/>.
    /// </param>
    public static async Task<RunResult> RunAsync(
        string entry, string[] args, IModuleRecordSource? cache, TextWriter stdout, TextWriter stderr, bool compactAfterWalk = false, CancellationToken cancellationToken = default)
    {
        string path = Path.GetFullPath(entry);
        if (!File.Exists(path))
        {
            stderr.WriteLine($"esmcache: {entry}: no such file");
            return new RunResult(2, new LoadStats());
        }

        // The graph walk needs records, not V8: it runs while V8 starts.
        var loader = CreateLoader(cache, resolver: null);
        var walked = loader.Prefetch(path);
        if (cache is not null && compactAfterWalk)
        {
            walked = walked.ContinueWith(
                static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        using var engine = NewEngine();
        using var __ = loader; // disposed before the engine: its compiled scripts belong to it
        loader.Attach(engine);
        var host = new HostBridge(stdout, stderr, ["esmcache", path, .. args]);
        engine.AddHostObject("__esmcacheHost", host);
        engine.Execute(new DocumentInfo("esmcache:prelude"), Prelude);

        // Counted as waiting for the walk: the collection is its tail.
        var waitedForCollection = Stopwatch.StartNew();
        Document entryModule;
        try
        {
            await walked.WaitAsync(cancellationToken);
            var collectionWait = waitedForCollection.Elapsed;
            await loader.PrepareAsync(path, cancellationToken);
            loader.Stats.PrepareWaited += collectionWait;
            entryModule = await loader.GetDocumentAsync(path);
        }
        catch (Exception e) when (e is NotSupportedException or FileNotFoundException or ScriptEngineException)
        {
            // A module of the graph cannot load (preserved JSX, a TypeScript syntax error): as in Node, nothing runs.
            stderr.WriteLine($"esmcache: {e.Message}");
            return new RunResult(1, loader.Stats);
        }

        var watch = Stopwatch.StartNew();
        int exit = 0;
        using var interrupt = cancellationToken.Register(engine.Interrupt);
        try
        {
            // Evaluating the entry module itself (not import()) surfaces its errors: a synchronous throw as an
            // exception, top-level await as a task that settles while timers run.
            object result = engine.Evaluate(entryModule.Info, ((StringDocument)entryModule).StringContents);
            var pending = result as Task;
            while (host.ExitCode is null && !cancellationToken.IsCancellationRequested)
            {
                if (pending is { IsCompleted: true })
                {
                    if (pending.Exception?.InnerException is { } error)
                    {
                        throw error;
                    }

                    pending = null;
                }

                if (!host.RunNextTimer(cancellationToken))
                {
                    break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (host.ExitCode is { } code)
            {
                exit = code;
            }
            else if (pending is { IsCompleted: false })
            {
                stderr.WriteLine("esmcache: the entry module never finished evaluating (a top-level await that never settles)");
                exit = 13;
            }
            else if (pending?.Exception?.InnerException is { } late)
            {
                throw late;
            }
            else if (engine.Evaluate("typeof process.exitCode === 'number' ? process.exitCode : 0") is int exitCode)
            {
                // As in Node: a script may set process.exitCode and end normally.
                exit = exitCode;
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // V8 was interrupted on purpose: whatever it threw is the cancellation.
            throw new OperationCanceledException("The run was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (FindExit(e) is { } code)
        {
            exit = code;
        }
        catch (ScriptEngineException e)
        {
            stderr.WriteLine($"Uncaught {(string.IsNullOrEmpty(e.ErrorDetails) ? e.Message : e.ErrorDetails)}");
            exit = 1;
        }

        loader.Stats.EvaluateWall = watch.Elapsed;
        return new RunResult(exit, loader.Stats);
    }

    private static int? FindExit(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is ProcessExitException exit)
            {
                return exit.Code;
            }
        }

        return null;
    }

    public sealed record RunResult(int ExitCode, LoadStats Stats);

    private const string Prelude = """
        (() => {
          const host = __esmcacheHost;
          const inspect = (value, depth = 0) => {
            if (typeof value === 'string') return depth ? JSON.stringify(value) : value;
            if (value instanceof Error) return value.stack ?? String(value);
            if (typeof value === 'function') return `[Function: ${value.name || 'anonymous'}]`;
            if (typeof value === 'bigint') return `${value}n`;
            if (typeof value === 'symbol' || value === undefined || value === null || typeof value !== 'object') return String(value);
            if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
            if (Array.isArray(value)) return `[ ${value.map(v => inspect(v, depth + 1)).join(', ')} ]`;
            if (value instanceof Map) return `Map(${value.size}) { ${[...value].map(([k, v]) => `${inspect(k, depth + 1)} => ${inspect(v, depth + 1)}`).join(', ')} }`;
            if (value instanceof Set) return `Set(${value.size}) { ${[...value].map(v => inspect(v, depth + 1)).join(', ')} }`;
            if (value instanceof Date) return value.toISOString();
            const entries = Object.keys(value).map(k => `${k}: ${inspect(value[k], depth + 1)}`);
            return entries.length ? `{ ${entries.join(', ')} }` : '{}';
          };
          const format = (args) => args.map(a => inspect(a)).join(' ');
          globalThis.console = {
            log: (...a) => host.Out(format(a)), info: (...a) => host.Out(format(a)), debug: (...a) => host.Out(format(a)),
            error: (...a) => host.Err(format(a)), warn: (...a) => host.Err(format(a)),
          };
          const env = JSON.parse(host.Env());
          globalThis.process = {
            argv: [...host.Argv], env, platform: 'linux', exitCode: undefined,
            cwd: () => host.Cwd(),
            exit: (code) => host.Exit(code ?? globalThis.process.exitCode ?? 0),
            nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
          };
          globalThis.setTimeout = (fn, ms, ...args) => host.SetTimer(() => fn(...args), ms ?? 0, false);
          globalThis.setInterval = (fn, ms, ...args) => host.SetTimer(() => fn(...args), ms ?? 0, true);
          globalThis.clearTimeout = globalThis.clearInterval = (id) => { if (id !== undefined) host.ClearTimer(id); };
          globalThis.global = globalThis;
        })();
        """;
}
