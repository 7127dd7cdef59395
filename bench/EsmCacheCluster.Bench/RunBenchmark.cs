using System.Globalization;
using System.Text.RegularExpressions;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 5's figures: <c>esmcache run</c> of real package graphs (an entry importing each package's namespace)
/// as whole processes, with <c>--no-cache</c>, a cold cache and a warm cache, interleaved; the load breakdown from
/// <c>--stats</c>; and peak memory.
/// </summary>
internal static partial class RunBenchmark
{
    private static readonly string[] Graphs = ["lodash-es", "three", "rxjs", "date-fns"];

    public static void Run(Corpus corpus, int rounds)
    {
        string cli = BuiltProgram.Dll("Cli", "esmcache");
        Console.WriteLine($"esmcache run, whole processes, median of {rounds} interleaved rounds (by total), from --stats:");
        Console.WriteLine("  load = what the engine waits for outside V8's evaluation: the graph walk's part not hidden behind V8's");
        Console.WriteLine("  start-up, compiling from code caches, V8's module requests (resolve, read); evaluate = V8 compiling from");
        Console.WriteLine("  source the modules without a usable cache, linking, the modules' own code; total = load + evaluate");
        Console.WriteLine($"  {"graph",-10} {"mode",-10} {"modules",7} {"process",9} {"load",9} {"evaluate",9} {"total",9} {"cache/src",10} {"peak RSS",9}");
        foreach (var graph in Graphs)
        {
            string entry = Path.Combine(corpus.Root, $".run-{graph}.mjs");
            File.WriteAllText(entry, $"import * as m from '{graph}';\nconsole.log(Object.keys(m).length);\n");
            using var warmCache = new TempFolder();
            try
            {
                Execute(cli, entry, ["--cache-dir", warmCache.Path]);
                var samples = new Dictionary<string, List<Sample>> { ["--no-cache"] = [], ["cold"] = [], ["warm"] = [] };
                for (int round = 0; round < rounds; round++)
                {
                    samples["--no-cache"].Add(Execute(cli, entry, ["--no-cache"]));
                    using (var empty = new TempFolder())
                    {
                        samples["cold"].Add(Execute(cli, entry, ["--cache-dir", empty.Path]));
                    }

                    samples["warm"].Add(Execute(cli, entry, ["--cache-dir", warmCache.Path]));
                }

                foreach (var (mode, list) in samples)
                {
                    var m = Median(list);
                    Console.WriteLine($"  {graph,-10} {mode,-10} {m.Modules,7} {m.ProcessMs,6:F0} ms {m.LoadMs,6:F1} ms {m.EvaluateMs,6:F1} ms {m.TotalMs,6:F1} ms {m.FromCache,4}/{m.FromSource,-4} {m.PeakKb / 1024.0,6:F0} MB");
                }

                var warm = Median(samples["warm"]);
                var none = Median(samples["--no-cache"]);
                // Without a cache V8 compiles from source inside its evaluation, where timing it apart slows it
                // (ClearScript then matches each compiled module again). Evaluation is otherwise the same work in
                // both modes, so its excess over the warm evaluation is taken as compiling from source: a lower
                // bound, as the warm evaluation also carries that matching for every precompiled module.
                double compileFromSource = Math.Max(0, none.EvaluateMs - warm.EvaluateMs);
                double noneLoading = none.LoadMs + compileFromSource;
                Console.WriteLine($"  {graph,-10} warm vs --no-cache: module loading {warm.LoadMs:F1} vs {noneLoading:F1} ms = {Faster(warm.LoadMs, noneLoading)} % faster (target >= 30; --no-cache: load + compile from source >= {compileFromSource:F1} ms)");
                Console.WriteLine($"  {"",-10} total {Faster(warm.TotalMs, none.TotalMs)} % faster, process {Faster(warm.ProcessMs, none.ProcessMs)} % faster, peak memory {(warm.PeakKb / (double)none.PeakKb - 1) * 100:+0.0;-0.0} % (target <= +10)");
            }
            finally
            {
                File.Delete(entry);
            }
        }
    }

    private static Sample Execute(string cli, string entry, string[] options)
    {
        var run = BuiltProgram.Run(cli, ["run", entry, "--stats", .. options]);
        var stats = StatsLine().Match(run.Stderr);
        if (run.ExitCode != 0 || !stats.Success)
        {
            throw new InvalidOperationException($"esmcache run failed ({run.ExitCode}):\n{run.Stdout}\n{run.Stderr}");
        }

        double D(string name) => double.Parse(stats.Groups[name].Value, CultureInfo.InvariantCulture);
        return new Sample(run.Milliseconds, D("load"), D("evaluate"), D("total"), (int)D("modules"), (int)D("fromCache"), (int)D("fromSource"), run.PeakKb);
    }

    private static Sample Median(List<Sample> samples)
    {
        var sorted = samples.OrderBy(s => s.TotalMs).ToList();
        var middle = sorted[sorted.Count / 2];
        return middle with
        {
            ProcessMs = Measure.Median(samples.Select(s => s.ProcessMs)),
            PeakKb = (long)Measure.Median(samples.Select(s => (double)s.PeakKb)),
        };
    }

    private readonly record struct Sample(double ProcessMs, double LoadMs, double EvaluateMs, double TotalMs, int Modules, int FromCache, int FromSource, long PeakKb);

    private static string Faster(double ms, double baseline) => ((1 - ms / baseline) * 100).ToString("F0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<modules>\d+) modules .*?load (?<load>[\d.]+) ms .*?compile from cache [\d.]+ ms \((?<fromCache>\d+) modules\).*?evaluate (?<evaluate>[\d.]+) ms \(compiling (?<fromSource>\d+) modules from source.*?total (?<total>[\d.]+) ms")]
    private static partial Regex StatsLine();
}
