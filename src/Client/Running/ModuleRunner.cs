using System.Diagnostics;
using EsmCacheCluster.Client.Resolution;
using Microsoft.ClearScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Client.Running;

/// <summary>
/// Runs an ES module graph on V8 with the cache: the host API for .NET (<see cref="CreateEngine"/>) and what
/// <c>esmcache run</c> uses (<see cref="RunAsync"/>), with console, process and timers enough for ordinary scripts.
/// </summary>
public static class ModuleRunner
{
    /// <summary>
    /// A V8 engine whose module loading goes through the cache: call <see cref="CachedModuleLoader.PrepareAsync"/>
    /// with the entry file, then import it. Dispose the loader after the engine has finished with the modules.
    /// </summary>
    public static (V8ScriptEngine Engine, CachedModuleLoader Loader) CreateEngine(ModuleCacheClient? cache, ModuleResolver? resolver = null)
    {
        var engine = new V8ScriptEngine(V8ScriptEngineFlags.EnableDynamicModuleImports | V8ScriptEngineFlags.EnableTaskPromiseConversion);
        var loader = new CachedModuleLoader(engine, cache, resolver ?? new ModuleResolver());
        return (engine, loader);
    }

    /// <summary>Runs <paramref name="entry"/>: the exit code (uncaught errors: 1, printed with their stack) and where the time went.</summary>
    public static async Task<RunResult> RunAsync(string entry, string[] args, ModuleCacheClient? cache, TextWriter stdout, TextWriter stderr)
    {
        string path = Path.GetFullPath(entry);
        if (!File.Exists(path))
        {
            stderr.WriteLine($"esmcache: {entry}: no such file");
            return new RunResult(2, new LoadStats());
        }

        var (engine, loader) = CreateEngine(cache);
        using var _ = engine;
        using var __ = loader;
        var host = new HostBridge(stdout, stderr, ["esmcache", path, .. args]);
        engine.AddHostObject("__esmcacheHost", host);
        engine.Execute(new DocumentInfo("esmcache:prelude"), Prelude);

        await loader.PrepareAsync(path);
        var watch = Stopwatch.StartNew();
        int exit = 0;
        try
        {
            // A classic script imports the entry, so errors of evaluation and of top-level await arrive as a rejection.
            var outcome = new Outcome();
            engine.Script.__esmcacheOutcome = outcome;
            engine.Execute(new DocumentInfo("esmcache:main"),
                $"import({System.Text.Json.JsonSerializer.Serialize(new Uri(path).AbsoluteUri)}).then(() => __esmcacheOutcome.Done(), e => __esmcacheOutcome.Fail(e));");
            host.RunTimers(() => host.ExitCode is not null);
            if (host.ExitCode is { } code)
            {
                exit = code;
            }
            else if (outcome.Error is { } error)
            {
                stderr.WriteLine($"Uncaught {Describe(error)}");
                exit = 1;
            }
            else if (!outcome.Finished)
            {
                stderr.WriteLine("esmcache: the module graph never finished evaluating (a top-level await that never settles)");
                exit = 13;
            }
        }
        catch (ScriptEngineException e) when (FindExit(e) is { } code)
        {
            exit = code;
        }
        catch (ScriptEngineException e)
        {
            stderr.WriteLine($"Uncaught {e.ErrorDetails}");
            exit = 1;
        }

        loader.Stats.Evaluate = watch.Elapsed;
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

    private static string Describe(object error) => error is ScriptObject script && script.GetProperty("stack") is string stack ? stack : error.ToString() ?? "error";

    public sealed record RunResult(int ExitCode, LoadStats Stats);

    /// <summary>Receives the entry's outcome from script code.</summary>
    public sealed class Outcome
    {
        public bool Finished { get; private set; }

        public object? Error { get; private set; }

        public void Done() => Finished = true;

        public void Fail(object error)
        {
            Finished = true;
            Error = error;
        }
    }

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
