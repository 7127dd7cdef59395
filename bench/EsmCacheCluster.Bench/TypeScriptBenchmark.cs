using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 11's figures. <c>esmcache scan</c> of a tree of real TypeScript (the sources of
/// bench/typescript-corpus) as whole processes, cold, warm and <c>--no-cache</c>, interleaved; then the work per
/// core in this process: transform + analysis of the TypeScript corpus next to analysis of the JavaScript corpus.
/// </summary>
internal static class TypeScriptBenchmark
{
    public static void Run(Corpus javaScript, int rounds)
    {
        var corpus = Corpus.Load(Path.Combine(Path.GetDirectoryName(javaScript.Root)!, "typescript-corpus"));
        var files = corpus.Files.Where(f => TransformOptions.TryGetLanguage(f.Path, out var language) && language is SourceLanguage.TypeScript or SourceLanguage.Tsx or SourceLanguage.Jsx).ToList();
        long bytes = files.Sum(f => (long)f.Bytes.Length);
        int tsx = files.Count(f => f.Path.EndsWith(".tsx", StringComparison.Ordinal));
        Console.WriteLine($"TypeScript corpus: {files.Count - tsx:N0} .ts + {tsx:N0} .tsx files, {bytes / 1e6:F1} MB (bench/typescript-corpus)");

        using var tree = new TempFolder();
        foreach (var (path, content) in files)
        {
            string target = Path.Combine(tree.Path, path.Replace("node_modules/", "packages/", StringComparison.Ordinal));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }

        ScanProcesses(tree.Path, rounds);
        BaselineComparison.Run("the TypeScript tree", tree.Path, rounds);
        PerCore(files, bytes, javaScript, rounds);
    }

    private static void ScanProcesses(string tree, int rounds)
    {
        string cli = BuiltProgram.Dll("Cli", "esmcache");
        using var warmCache = new TempFolder();
        ScanBenchmark.Scan(cli, ["scan", tree, "--cache-dir", warmCache.Path]); // fills the warm cache
        var cold = new List<ScanBenchmark.Sample>();
        var warm = new List<ScanBenchmark.Sample>();
        var none = new List<ScanBenchmark.Sample>();
        for (int round = 0; round < rounds; round++)
        {
            using (var empty = new TempFolder())
            {
                cold.Add(ScanBenchmark.Scan(cli, ["scan", tree, "--cache-dir", empty.Path]));
            }

            warm.Add(ScanBenchmark.Scan(cli, ["scan", tree, "--cache-dir", warmCache.Path]));
            none.Add(ScanBenchmark.Scan(cli, ["scan", tree, "--no-cache"]));
        }

        var c = ScanBenchmark.Median(cold);
        var w = ScanBenchmark.Median(warm);
        var n = ScanBenchmark.Median(none);
        Console.WriteLine($"esmcache scan <TypeScript tree> ({w.Files} files), whole process, median of {rounds}");
        Console.WriteLine($"  {"",-10} {"process",9} {"records",9} {"peak RSS",10}");
        foreach (var (name, r) in (ReadOnlySpan<(string, ScanBenchmark.Sample)>)[("cold", c), ("warm", w), ("--no-cache", n)])
        {
            Console.WriteLine($"  {name,-10} {r.Seconds * 1000,6:F0} ms {r.RecordsMs,6:F0} ms {r.PeakKb / 1024.0,7:F0} MB");
        }

        Console.WriteLine($"  warm vs --no-cache: {n.Seconds / w.Seconds:F1}x faster whole process (target >= 5x), records phase {n.RecordsMs / Math.Max(1, w.RecordsMs):F1}x (target >= 25x)");
    }

    /// <summary>One thread, in process, after a warm-up: what a cache hit saves per core.</summary>
    private static void PerCore(List<(string Path, byte[] Bytes)> files, long bytes, Corpus javaScript, int rounds)
    {
        using var generator = new ModuleGenerator();
        var keys = files.Select(f =>
        {
            TransformOptions.TryGetLanguage(f.Path, out var language);
            return new CacheKey(ContentHash.Compute(f.Bytes), new TransformOptions(language));
        }).ToArray();
        var stripped = new string?[files.Count];
        var texts = files.Select(f => SourceText.Decode(f.Bytes)).ToArray();
        var transformer = new Transform.TypeScriptTransformer();
        var javaScriptTexts = javaScript.Files.Select(f => SourceText.Decode(f.Bytes)).ToArray();
        var times = Measure.Interleaved(rounds,
            () =>
            {
                for (int i = 0; i < files.Count; i++)
                {
                    generator.Generate(files[i].Path, files[i].Bytes, keys[i], includeBytecode: false);
                }
            },
            () =>
            {
                for (int i = 0; i < files.Count; i++)
                {
                    stripped[i] = transformer.Transform(texts[i], keys[i].Transform, files[i].Path).ForAnalysis;
                }
            },
            () =>
            {
                for (int i = 0; i < files.Count; i++)
                {
                    if (stripped[i] is { } code)
                    {
                        AnalysisGenerator.AnalyzeCode(code, keys[i].Hash, files[i].Bytes.Length);
                    }
                }
            },
            () =>
            {
                foreach (var (_, source) in javaScript.Files)
                {
                    AnalysisGenerator.Analyze(source);
                }
            },
            () =>
            {
                for (int i = 0; i < files.Count; i++)
                {
                    SourceScan.Of(texts[i], keys[i].Transform.Language);
                }
            },
            () =>
            {
                foreach (var text in javaScriptTexts)
                {
                    SourceScan.Of(text, SourceLanguage.JavaScript);
                }
            });
        transformer.Dispose();
        Console.WriteLine($"per core (one thread, median of {rounds}):");
        Console.WriteLine($"  TypeScript transform + analysis {Measure.MBps(bytes, times[0])}  ({times[0] * 1000:F0} ms for {bytes / 1e6:F1} MB)");
        Console.WriteLine($"    of which transform (amaro, sucrase for JSX) {Measure.MBps(bytes, times[1])}, analysis of its output {Measure.MBps(bytes, times[2])}");
        Console.WriteLine($"  JavaScript analysis             {Measure.MBps(javaScript.TotalBytes, times[3])}  ({javaScript.Files.Count:N0} files of bench/corpus, {javaScript.TotalBytes / 1e6:F1} MB)");
        Console.WriteLine($"  a TypeScript miss costs {times[0] / bytes / (times[3] / javaScript.TotalBytes):F1}x a JavaScript miss per byte");
        Console.WriteLine($"  the source view (reference scan): TypeScript {Measure.MBps(bytes, times[4])}, JavaScript {Measure.MBps(javaScript.TotalBytes, times[5])}: " +
            $"{times[4] / times[0] * 100:F0}% of a TypeScript miss, {times[5] / times[3] * 100:F0}% of a JavaScript miss (included in both)");
    }
}
