using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 4's figures: <c>esmcache scan</c> of the corpus tree as whole processes (start-up included), cold
/// (empty cache folder: the embedded silo starts and generates), warm (the folder answers, no silo), and
/// <c>--no-cache</c>, interleaved in one run.
/// </summary>
internal static partial class ScanBenchmark
{
    public static void Run(Corpus corpus, int rounds)
    {
        string cli = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(corpus.Root))!, "src", "Cli", "bin", Configuration, "net10.0", "esmcache.dll");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"Build the CLI first (dotnet build -c {Configuration}): {cli} is missing.");
        }

        string[] tree = ["scan", corpus.Root, "--include-node-modules"];
        using var warmCache = new TempFolder();
        Scan(cli, [.. tree, "--cache-dir", warmCache.Path]); // fills the warm cache

        var cold = new List<Sample>();
        var warm = new List<Sample>();
        var none = new List<Sample>();
        for (int round = 0; round < rounds; round++)
        {
            using (var empty = new TempFolder())
            {
                cold.Add(Scan(cli, [.. tree, "--cache-dir", empty.Path]));
            }

            warm.Add(Scan(cli, [.. tree, "--cache-dir", warmCache.Path]));
            none.Add(Scan(cli, [.. tree, "--no-cache"]));
        }

        var w = Median(warm);
        var n = Median(none);
        var c = Median(cold);
        Console.WriteLine($"esmcache scan {corpus.Root} --include-node-modules ({w.Files} files), whole process, median of {rounds}");
        Console.WriteLine($"  {"",-10} {"process",9} {"records",9} {"peak RSS",10}");
        foreach (var (name, r) in (ReadOnlySpan<(string, Sample)>)[("cold", c), ("warm", w), ("--no-cache", n)])
        {
            Console.WriteLine($"  {name,-10} {r.Seconds * 1000,6:F0} ms {r.RecordsMs,6:F0} ms {r.PeakKb / 1024.0,7:F0} MB");
        }

        Console.WriteLine($"  warm vs --no-cache: {n.Seconds / w.Seconds:F1}x faster whole process (target >= 3x), records phase {n.RecordsMs / Math.Max(1, w.RecordsMs):F1}x (target >= 10x)");
    }

    private static Sample Scan(string cli, string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", "PEAK %M", "dotnet", cli, .. args])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["COLUMNS"] = "200";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double seconds = watch.Elapsed.TotalSeconds;
        string output = stdout.Result;
        var records = RecordsPhase().Match(output);
        var files = FilesRow().Match(output);
        var peak = PeakRss().Match(stderr);
        if (!records.Success || !files.Success)
        {
            throw new InvalidOperationException($"unexpected scan output:\n{output}\n{stderr}");
        }

        return new Sample(seconds, double.Parse(records.Groups[1].Value.Replace(",", "")), int.Parse(files.Groups[1].Value.Replace(",", "")),
            peak.Success ? long.Parse(peak.Groups[1].Value) : 0);
    }

    private static Sample Median(List<Sample> runs)
    {
        var sorted = runs.OrderBy(r => r.Seconds).ToList();
        return sorted[sorted.Count / 2] with { RecordsMs = Measure.Median(runs.Select(r => r.RecordsMs)) };
    }

    private readonly record struct Sample(double Seconds, double RecordsMs, int Files, long PeakKb);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [GeneratedRegex(@"records ([0-9,]+?), resolve")]
    private static partial Regex RecordsPhase();

    [GeneratedRegex(@"files\s*│\s*([\d,]+)")]
    private static partial Regex FilesRow();

    [GeneratedRegex(@"PEAK (\d+)")]
    private static partial Regex PeakRss();
}
