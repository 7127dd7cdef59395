using EsmCacheCluster.Cli;
using EsmCacheCluster.Runtime;
using EsmCacheCluster.Tests.Resolution;

namespace EsmCacheCluster.Tests.Running;

/// <summary>Module graphs run on V8 through the cache give the same results as without it.</summary>
[Trait("Category", "Integration")]
public sealed class RunTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly TempDirectory _app = new();

    private string Write(string relative, string content)
    {
        string path = Path.Combine(_app.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<(int Exit, string Out, string Err, LoadStats Stats)> RunAsync(string entry, bool cache = true, params string[] args)
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: !cache, _cache.Path);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var result = await ModuleRunner.RunAsync(entry, args, cache ? session.Records : null, stdout, stderr);
        return (result.ExitCode, stdout.ToString(), stderr.ToString(), result.Stats);
    }

    /// <summary>Runs cold (generating), then warm, then without the cache: all three must print the same.</summary>
    private async Task<LoadStats> AssertSameEverywhereAsync(string entry, string? expected = null)
    {
        var cold = await RunAsync(entry);
        var warm = await RunAsync(entry);
        var none = await RunAsync(entry, cache: false);
        Assert.True(cold.Exit == 0, cold.Err);
        Assert.Equal(none.Out, cold.Out);
        Assert.Equal(none.Out, warm.Out);
        Assert.Equal(none.Exit, warm.Exit);
        if (expected is not null)
        {
            Assert.Equal(expected, warm.Out.ReplaceLineEndings("\n"));
        }

        Assert.Equal(0, warm.Stats.CompiledFromSource);
        Assert.Equal(0, warm.Stats.CacheRejected);
        Assert.Equal(warm.Stats.Modules - warm.Stats.JsonModules, warm.Stats.CompiledFromCache);
        Assert.Equal(none.Stats.Modules - none.Stats.JsonModules, none.Stats.CompiledFromSource);
        return warm.Stats;
    }

    [Fact]
    public async Task Real_package_graphs_give_identical_results_with_and_without_the_cache()
    {
        string packages = ResolverPackages.Folder;
        string entry = Path.Combine(packages, "run-test-entry.mjs");
        File.WriteAllText(entry, """
            import { chunk, sortBy, debounce, template } from 'lodash-es';
            import { from, map, filter, reduce, lastValueFrom } from 'rxjs';
            import { addDays, format, differenceInCalendarDays } from 'date-fns';
            import { Vector3, Matrix4, MathUtils } from 'three';
            console.log(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)), sortBy(['b', 'c', 'a']).join(''), typeof debounce, template('hi <%= who %>')({ who: 'you' }));
            console.log(await lastValueFrom(from([1, 2, 3, 4]).pipe(map(x => x * 10), filter(x => x > 10), reduce((a, b) => a + b, 0))));
            console.log(format(addDays(new Date(2024, 0, 30), 3), 'yyyy-MM-dd'), differenceInCalendarDays(new Date(2024, 2, 1), new Date(2024, 1, 1)));
            const v = new Vector3(1, 2, 3).applyMatrix4(new Matrix4().makeTranslation(1, 1, 1));
            console.log(v.toArray().join(','), MathUtils.clamp(5, 0, 3));
            """);
        try
        {
            var stats = await AssertSameEverywhereAsync(entry, "[[1,2],[3,4],[5]] abc function hi you\n90\n2024-02-02 29\n2,3,4 3\n");
            Assert.True(stats.Modules > 100, $"{stats.Modules} modules");
        }
        finally
        {
            File.Delete(entry);
        }
    }

    [Fact]
    public async Task Json_modules_top_level_await_cycles_and_shared_modules()
    {
        Write("data.json", """{ "answer": 42 }""");
        Write("counter.js", "globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;\nexport const count = () => globalThis.evaluations;\n");
        Write("a.js", "import { b } from './b.js';\nimport './counter.js';\nexport const a = () => 'a' + b();\n");
        Write("b.js", "import { a } from './a.js';\nimport './counter.js';\nexport const b = () => 'b';\nexport const viaA = () => a();\n");
        string main = Write("main.mjs", """
            import data from './data.json' with { type: 'json' };
            import { a } from './a.js';
            import { viaA } from './b.js';
            import { count } from './counter.js';
            const later = await new Promise(resolve => setTimeout(() => resolve('timer'), 5));
            console.log(data.answer, a(), viaA(), later, count(), process.argv.slice(2).join(' '));
            """);
        await AssertSameEverywhereAsync(main, "42 ab ab timer 1 \n");
    }

    [Fact]
    public async Task A_same_length_edit_runs_the_new_code()
    {
        string lib = Write("lib.js", "export const value = () => 'old';\n");
        string main = Write("main.mjs", "import { value } from './lib.js';\nconsole.log(value());\n");
        Assert.Equal("old\n", (await RunAsync(main)).Out.ReplaceLineEndings("\n"));
        Assert.Equal("old\n", (await RunAsync(main)).Out.ReplaceLineEndings("\n")); // now warm: from the code cache

        // The same number of bytes: V8 alone would accept the old code cache for it.
        File.WriteAllText(lib, "export const value = () => 'new';\n");
        var edited = await RunAsync(main);
        Assert.Equal("new\n", edited.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Missing_modules_syntax_errors_and_uncaught_errors_are_reported_clearly()
    {
        string missing = Write("missing.mjs", "import './nope.js';\n");
        var result = await RunAsync(missing);
        Assert.Equal(1, result.Exit);
        Assert.Contains("Cannot find module './nope.js'", result.Err);

        string broken = Write("broken.mjs", "import './bad.js';\n");
        Write("bad.js", "export let = ;\n");
        result = await RunAsync(broken);
        Assert.Equal(1, result.Exit);
        Assert.Contains("SyntaxError", result.Err);

        string throws = Write("throws.mjs", "function fail() { throw new Error('boom'); }\nfail();\n");
        result = await RunAsync(throws);
        Assert.Equal(1, result.Exit);
        Assert.Contains("Error: boom", result.Err);
        Assert.Contains("throws.mjs:1", result.Err);

        string exits = Write("exits.mjs", "console.log('before');\nprocess.exit(7);\nconsole.log('after');\n");
        result = await RunAsync(exits);
        Assert.Equal(7, result.Exit);
        Assert.Equal("before\n", result.Out.ReplaceLineEndings("\n"));

        string exitCode = Write("exit-code.mjs", "process.exitCode = 3;\nconsole.log('done');\n");
        result = await RunAsync(exitCode);
        Assert.Equal(3, result.Exit);
    }

    [Fact]
    public async Task A_loader_walks_the_graph_before_its_engine_exists_and_the_engine_links_what_it_compiled()
    {
        Write("dep.mjs", "export const answer = 40 + 2;\n");
        string entry = Write("main.mjs", "import { answer } from './dep.mjs';\nglobalThis.seen = answer;\n");
        Assert.Equal(0, (await RunAsync(entry)).Exit); // fills the local cache

        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: false, _cache.Path);
        using var loader = new CachedModuleLoader(session.Records, new EsmCacheCluster.Graph.Resolution.ModuleResolver(
            EsmCacheCluster.Graph.Resolution.ResolveMode.Bundler, ModuleRunner.HostConditions));
        var walk = loader.Prefetch(entry);
        await walk; // no engine yet: the walk needs records only
        Assert.Equal(2, loader.Stats.Modules);
        Assert.Throws<InvalidOperationException>(() => loader.PrepareAsync(entry).GetAwaiter().GetResult());

        EsmCacheCluster.Bytecode.V8Process.Configure(); // the flags the code caches were made with
        using var engine = new Microsoft.ClearScript.V8.V8ScriptEngine();
        loader.Attach(engine);
        Assert.Throws<InvalidOperationException>(() => loader.Attach(engine));
        await loader.PrepareAsync(entry);
        Assert.Equal(2, loader.Stats.CompiledFromCache);
        var main = await loader.GetDocumentAsync(entry);
        engine.Evaluate(main.Info, ((Microsoft.ClearScript.StringDocument)main).StringContents);
        Assert.Equal(42, engine.Evaluate("globalThis.seen"));
        Assert.Equal(0, loader.Stats.CompiledFromSource);
        Assert.Equal(2, loader.Stats.Modules); // the walk's modules, not loaded again
    }

    [Theory]
    [InlineData("setInterval(() => {}, 20);\n")] // the runner waits for timers
    [InlineData("setTimeout(() => { while (true) {} }, 0);\n")] // V8 runs script forever
    public async Task A_cancelled_run_stops_with_OperationCanceledException(string code)
    {
        string entry = Write("forever.mjs", code);
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: false, _cache.Path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var run = ModuleRunner.RunAsync(entry, [], session.Records, TextWriter.Null, TextWriter.Null, cancellationToken: cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Stats_split_the_time_into_load_and_evaluate()
    {
        Write("dep.mjs", "export const x = 1;\n");
        string entry = Write("main.mjs", "import { x } from './dep.mjs';\nconsole.log(x);\n");
        var cold = await RunAsync(entry);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var warm = await RunAsync(entry);
        wall.Stop();
        var none = await RunAsync(entry, cache: false);
        Assert.Equal(0, warm.Exit);
        Assert.True(warm.Stats.Prepare > TimeSpan.Zero);
        Assert.True(warm.Stats.PrepareWaited <= warm.Stats.Prepare + TimeSpan.FromMilliseconds(1));

        // Every part is measured, and together they are wall time inside the run: not sums over parallel work.
        Assert.True(warm.Stats.CompileFromCache > TimeSpan.Zero);
        Assert.True(warm.Stats.Requests > TimeSpan.Zero);
        Assert.True(warm.Stats.Evaluate > TimeSpan.Zero);
        Assert.InRange(warm.Stats.Total, warm.Stats.Load, wall.Elapsed);
        Assert.Equal(2, warm.Stats.CompiledFromCache);
        Assert.Equal(TimeSpan.Zero, none.Stats.Prepare); // without a cache nothing is walked ahead: V8 asks
        Assert.Equal(TimeSpan.Zero, none.Stats.CompileFromCache);
        Assert.True(none.Stats.Requests > TimeSpan.Zero);
        Assert.Equal(2, none.Stats.CompiledFromSource);
        Assert.Equal(0, cold.Exit);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _app.Dispose();
    }
}
