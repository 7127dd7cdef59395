using System.Diagnostics;
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
        string cli = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(corpus.Root))!, "src", "Cli", "bin", Configuration, "net10.0", "esmcache.dll");
        Console.WriteLine($"esmcache run, whole processes, median of {rounds} interleaved rounds; load = prepare + compile from cache + evaluate (wall time)");
        Console.WriteLine("(evaluate includes linking, V8 compiling from source, and the modules' own top-level code in every mode)");
        Console.WriteLine($"  {"graph",-10} {"mode",-10} {"modules",7} {"process",9} {"load",9} {"evaluate",9} {"cache/src",10} {"peak RSS",9}");
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
                    Console.WriteLine($"  {graph,-10} {mode,-10} {m.Modules,7} {m.ProcessMs,6:F0} ms {m.LoadMs,6:F1} ms {m.EvaluateMs,6:F1} ms {m.FromCache,4}/{m.FromSource,-4} {m.PeakKb / 1024.0,6:F0} MB");
                }

                var warm = Median(samples["warm"]);
                var none = Median(samples["--no-cache"]);
                Console.WriteLine($"  {graph,-10} warm vs --no-cache: load {(1 - warm.LoadMs / none.LoadMs) * 100:F0} % faster, process {(1 - warm.ProcessMs / none.ProcessMs) * 100:F0} % faster, peak memory {(warm.PeakKb / (double)none.PeakKb - 1) * 100:+0;-0} %");
            }
            finally
            {
                File.Delete(entry);
            }
        }
    }

    private static Sample Execute(string cli, string entry, string[] options)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", "PEAK %M", "dotnet", cli, "run", entry, "--stats", .. options])
        {
            info.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double ms = watch.Elapsed.TotalMilliseconds;
        var stats = StatsLine().Match(stderr);
        if (process.ExitCode != 0 || !stats.Success)
        {
            throw new InvalidOperationException($"esmcache run failed ({process.ExitCode}):\n{stdout.Result}\n{stderr}");
        }

        double D(string name) => double.Parse(stats.Groups[name].Value, CultureInfo.InvariantCulture);
        var peak = PeakRss().Match(stderr);
        return new Sample(ms, D("load"), D("evaluate"), (int)D("modules"),
            (int)D("fromCache"), (int)D("fromSource"), peak.Success ? long.Parse(peak.Groups[1].Value) : 0);
    }

    private static Sample Median(List<Sample> samples)
    {
        var sorted = samples.OrderBy(s => s.LoadMs).ToList();
        var middle = sorted[sorted.Count / 2];
        return middle with
        {
            ProcessMs = Measure.Median(samples.Select(s => s.ProcessMs)),
            PeakKb = (long)Measure.Median(samples.Select(s => (double)s.PeakKb)),
        };
    }

    private readonly record struct Sample(double ProcessMs, double LoadMs, double EvaluateMs, int Modules, int FromCache, int FromSource, long PeakKb);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [GeneratedRegex(@"(?<modules>\d+) modules .*?load (?<load>[\d.]+) ms .*?compile from cache [\d.]+ ms \((?<fromCache>\d+) modules\) \+ evaluate (?<evaluate>[\d.]+) ms \(linking, compiling (?<fromSource>\d+) modules")]
    private static partial Regex StatsLine();

    [GeneratedRegex(@"PEAK (\d+)")]
    private static partial Regex PeakRss();
}
