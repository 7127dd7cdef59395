using System.CommandLine;
using EsmCacheCluster.Client.Running;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache run</c>: run an ES module graph on V8, compiling modules from cached bytecode.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var entry = new Argument<string>("entry") { Description = "The entry module (.mjs or .js)." };
        var args = new Argument<string[]>("args") { Description = "Arguments for the script (process.argv); put -- before ones that start with '-'.", Arity = ArgumentArity.ZeroOrMore };
        var stats = new Option<bool>("--stats") { Description = "Print where the load time went: resolve, fetch, compile from cache / from source, evaluate." };
        var options = new ScanOptions();
        var command = new Command("run",
            "Run an ES module graph on V8 with the cache: every module is compiled from its cached V8 code cache when\n" +
            "that was made from the same bytes by the same V8 build, otherwise from source (counted in --stats).\n" +
            "console, process.argv/env/exit and timers are provided; Node's builtin modules are not.\n\n" +
            "Examples:\n" +
            "  esmcache run app.mjs                    run with the cache (embedded default)\n" +
            "  esmcache run app.mjs --stats -- --flag  pass --flag to the script, print the load breakdown\n" +
            "  esmcache run app.mjs --no-cache         compile everything from source, to compare\n" +
            "Exit code: the script's (process.exit), 1 for an uncaught error, 2 when the entry is missing.")
        {
            entry, args, stats,
        };
        command.Add(options.Cluster);
        command.Add(options.NoCache);
        command.Add(options.CacheDir);
        command.SetAction(async result =>
        {
            await using var session = options.OpenSession(result);
            var run = await ModuleRunner.RunAsync(
                result.GetValue(entry)!,
                result.GetValue(args) ?? [],
                session.Mode == "none" ? null : session.Client,
                Console.Out,
                Console.Error);
            if (result.GetValue(stats))
            {
                var s = run.Stats;
                Console.Error.WriteLine(
                    $"esmcache run: {s.Modules} modules ({s.JsonModules} JSON); load {s.Total.TotalMilliseconds:F1} ms = " +
                    $"prepare {s.Prepare.TotalMilliseconds:F1} ms + compile from cache {s.CompileFromCache.TotalMilliseconds:F1} ms ({s.CompiledFromCache} modules) + " +
                    $"evaluate {s.Evaluate.TotalMilliseconds:F1} ms (linking, compiling {s.CompiledFromSource} modules from source, running); " +
                    $"cache rejected {s.CacheRejected}; summed over parallel loads: resolve {s.Resolve.TotalMilliseconds:F1} ms, fetch {s.Fetch.TotalMilliseconds:F1} ms");
            }

            return run.ExitCode;
        });
        return command;
    }
}
