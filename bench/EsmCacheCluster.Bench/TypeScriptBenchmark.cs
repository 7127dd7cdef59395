using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issues 11 and 20. <c>esmcache scan</c> of a tree of real TypeScript (the sources of bench/typescript-corpus) as a
/// developer's loop of whole processes (cold, <c>--no-cache</c>, warm, a one-file edit); then the work per
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
        using var loop = new DeveloperLoop(BuiltProgram.Dll("Cli", "esmcache"), tree, [], TreeCopy.EditTarget(tree, "packages/rxjs/src/internal/operators/map.ts"));
        for (int round = 0; round < rounds; round++)
        {
            loop.Round();
        }

        loop.Print($"esmcache scan <TypeScript tree> --json, edit {Path.GetRelativePath(tree, loop.EditFile)}");
        Console.WriteLine("  (targets from issue 11: warm >= 5x faster than --no-cache; issue 20: --no-cache on >= 1.75 cores of 2)");
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
