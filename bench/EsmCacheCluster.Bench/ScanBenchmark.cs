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
        string cli = BuiltProgram.Dll("Cli", "esmcache");

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

    internal static Sample Scan(string cli, string[] args)
    {
        // Wide enough that the summary table keeps each row on one line for the patterns below.
        var run = BuiltProgram.Run(cli, args, new Dictionary<string, string> { ["COLUMNS"] = "200" });
        // The time row may wrap inside its cell: read it with the table's borders and line breaks taken out.
        var records = RecordsPhase().Match(TableBorders().Replace(run.Stdout, " "));
        var files = FilesRow().Match(run.Stdout);
        if (!records.Success || !files.Success)
        {
            throw new InvalidOperationException($"unexpected scan output:\n{run.Stdout}\n{run.Stderr}");
        }

        return new Sample(run.Milliseconds / 1000, double.Parse(records.Groups[1].Value.Replace(",", "")), int.Parse(files.Groups[1].Value.Replace(",", "")), run.PeakKb);
    }

    internal static Sample Median(List<Sample> runs)
    {
        var sorted = runs.OrderBy(r => r.Seconds).ToList();
        return sorted[sorted.Count / 2] with { RecordsMs = Measure.Median(runs.Select(r => r.RecordsMs)) };
    }

    internal readonly record struct Sample(double Seconds, double RecordsMs, int Files, long PeakKb);

    [GeneratedRegex(@"records ([0-9,]+?), resolve")]
    private static partial Regex RecordsPhase();

    [GeneratedRegex(@"[│\s]+")]
    private static partial Regex TableBorders();

    [GeneratedRegex(@"files\s*│\s*([\d,]+)")]
    private static partial Regex FilesRow();
}
