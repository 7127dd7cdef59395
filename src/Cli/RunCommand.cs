using System.CommandLine;
using EsmCacheCluster.Runtime;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache run</c>: run an ES module graph on V8, compiling modules from cached bytecode.</summary>
internal static class RunCommand
{
    public static Command Create(CommandContext context)
    {
        var entry = new Argument<string>("entry") { Description = "The entry module (.mjs, .js, or TypeScript: .ts, .mts, .tsx under a jsx setting)." };
        var args = new Argument<string[]>("args") { Description = "Arguments for the script (process.argv); put -- before ones that start with '-'.", Arity = ArgumentArity.ZeroOrMore };
        var stats = new Option<bool>("--stats") { Description = "Print where the time went: the graph walk, compile from cache, V8's module requests, evaluation (compile from source, linking, running)." };
        var options = new ScanOptions();
        var command = new Command("run",
            "Run an ES module graph on V8 with the cache: every module is compiled from its cached V8 code cache when\n" +
            "that was made from the same bytes by the same V8 build, otherwise from source (counted in --stats).\n" +
            "console, process.argv/env/exit and timers are provided; Node's builtin modules are not.\n" +
            "TypeScript runs as the JavaScript it becomes (transformed once, cached with its bytecode); TSX and JSX need\n" +
            "a jsx setting in their tsconfig.json.\n\n" +
            "Examples:\n" +
            "  esmcache run app.mjs                    run with the cache (embedded default)\n" +
            "  esmcache run app.mjs --stats -- --flag  pass --flag to the script, print the load breakdown\n" +
            "  esmcache run app.mjs --no-cache         compile everything from source, to compare\n" +
            "  esmcache run src/main.ts                TypeScript: imports of ./x.js find x.ts\n" +
            "Exit code: the script's (process.exit), 1 for an uncaught error or a module that cannot load, 2 when the\n" +
            "entry is missing.")
        {
            entry, args, stats,
        };
        command.Add(options.Cluster);
        command.Add(options.NoCache);
        command.Add(options.CacheDir);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var session = options.OpenSession(result, context);
            ModuleRunner.RunResult run;
            try
            {
                run = await ModuleRunner.RunAsync(
                    context.FullPath(result.GetValue(entry)!),
                    result.GetValue(args) ?? [],
                    session.Mode == CacheMode.None ? null : session.Records,
                    context.Out,
                    context.Error,
                    compactAfterWalk: true,
                    cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.WriteLine("esmcache run: interrupted");
                return ExitCodes.Interrupted;
            }

            if (result.GetValue(stats))
            {
                var s = run.Stats;
                context.Error.WriteLine(
                    $"esmcache run: {s.Modules} modules ({s.JsonModules} JSON); load {Ms(s.Load)} = " +
                    $"graph walk {Ms(s.PrepareWaited)} waited (of {Ms(s.Prepare)}, run while V8 started) + " +
                    $"compile from cache {Ms(s.CompileFromCache)} ({s.CompiledFromCache} modules) + V8's module requests {Ms(s.Requests)}; " +
                    $"evaluate {Ms(s.Evaluate)} (compiling {s.CompiledFromSource} modules from source, linking, the modules' own code); " +
                    $"total {Ms(s.Total)}; cache rejected {s.CacheRejected}; " +
                    $"summed over parallel loads: resolve {Ms(s.Resolve)}, fetch {Ms(s.Fetch)}");
            }

            return run.ExitCode;
        });
        return command;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}
