using Acornima;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 2's figures, all on the same corpus in one run: bare Acornima parse against our analysis, BMES
/// write / validate / read throughput, and V8 compile with and without the code cache for the largest modules.
/// </summary>
internal static class FormatBenchmark
{
    public static void Run(Corpus corpus, int rounds)
    {
        Console.WriteLine($"corpus: {corpus.Files.Count} files, {corpus.TotalBytes / 1e6:F1} MB ({corpus.Root})");
        Console.WriteLine($"analyzer {ModuleGenerator.AnalyzerVersion}; bytecode {ModuleGenerator.BytecodeProducer}");
        Console.WriteLine();

        // Both sides start from the same bytes and decode them the same way; analysis adds SHA-256, the record and
        // the OnNode collection of top-level await, import() and import.meta.
        var parser = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest, ExperimentalESFeatures = ModuleAnalyzer.Features });
        int syntaxErrors = 0;
        var timings = Measure.Interleaved(
            rounds,
            () =>
            {
                foreach (var (_, bytes) in corpus.Files)
                {
                    try
                    {
                        parser.ParseModule(SourceText.Decode(bytes));
                    }
                    catch (ParseErrorException)
                    {
                    }
                }
            },
            () =>
            {
                int errors = 0;
                foreach (var (_, bytes) in corpus.Files)
                {
                    errors += ModuleGenerator.Analyze(bytes).SyntaxError is null ? 0 : 1;
                }

                syntaxErrors = errors;
            });
        Console.WriteLine("parse and analysis (single thread, median of rounds)");
        Console.WriteLine($"  Acornima parse           {Measure.MBps(corpus.TotalBytes, timings[0])}   {timings[0] * 1000,8:F0} ms");
        Console.WriteLine($"  analysis (records)       {Measure.MBps(corpus.TotalBytes, timings[1])}   {timings[1] * 1000,8:F0} ms");
        Console.WriteLine($"  analysis overhead        {(timings[1] / timings[0] - 1) * 100,8:F1} %   (target <= 10 %)");
        Console.WriteLine($"  modules with syntax errors: {syntaxErrors}");
        Console.WriteLine();

        using var generator = new ModuleGenerator();
        var records = new ModuleRecord[corpus.Files.Count];
        double generateSeconds = Measure.Seconds(() =>
            Parallel.For(0, corpus.Files.Count, i => records[i] = generator.Generate(corpus.Files[i].Path, corpus.Files[i].Bytes).Record));
        var blobs = new byte[records.Length][];
        long blobBytes = 0, bytecodeBytes = 0;
        int withBytecode = 0;
        for (int i = 0; i < records.Length; i++)
        {
            blobs[i] = Bmes.Serialize(records[i]);
            blobBytes += blobs[i].Length;
            bytecodeBytes += records[i].Bytecode.Length;
            withBytecode += records[i].HasBytecode ? 1 : 0;
        }

        Console.WriteLine($"generation (parse + analysis + V8 code cache, {Environment.ProcessorCount} threads): {generateSeconds:F1} s; " +
                          $"{withBytecode}/{records.Length} with bytecode; blobs {blobBytes / 1e6:F1} MB " +
                          $"({bytecodeBytes * 100.0 / corpus.TotalBytes:F0} % of source is bytecode)");

        var bmes = Measure.Interleaved(
            rounds * 3,
            () =>
            {
                foreach (var record in records)
                {
                    Bmes.Serialize(record);
                }
            },
            () =>
            {
                foreach (var blob in blobs)
                {
                    if (!Bmes.Validate(blob).IsValid)
                    {
                        throw new InvalidOperationException("invalid blob");
                    }
                }
            },
            () =>
            {
                foreach (var blob in blobs)
                {
                    Bmes.Deserialize(blob);
                }
            },
            () =>
            {
                foreach (var blob in blobs)
                {
                    if (!Bmes.Validate(blob).IsValid)
                    {
                        throw new InvalidOperationException("invalid blob");
                    }

                    Bmes.Deserialize(blob);
                }
            });
        Console.WriteLine("BMES (single thread, median of rounds)");
        Console.WriteLine($"  write                    {Measure.MBps(blobBytes, bmes[0])}");
        Console.WriteLine($"  validate                 {Measure.MBps(blobBytes, bmes[1])}");
        Console.WriteLine($"  read (validating)        {Measure.MBps(blobBytes, bmes[2])}");
        Console.WriteLine($"  validate + read          {Measure.MBps(blobBytes, bmes[3])}   (target >= 1000 MB/s)");
        Console.WriteLine();

        CompileWithAndWithoutCache(corpus, records, rounds);
    }

    /// <summary>
    /// Each compile runs in a fresh V8 runtime, so V8's in-isolate compilation cache cannot help either side. The
    /// runtime first compiles a tiny unrelated module, so the isolate's one-time set-up is not counted for either.
    /// </summary>
    private static void CompileWithAndWithoutCache(Corpus corpus, ModuleRecord[] records, int rounds)
    {
        Console.WriteLine("V8 module compile, fresh runtime per compile (median of rounds)");
        Console.WriteLine($"  {"module",-52} {"size",9} {"source",9} {"cache",9} {"speed-up",8}");
        var large = Enumerable.Range(0, records.Length)
            .Where(i => corpus.Files[i].Bytes.Length > 500_000 && records[i].HasBytecode)
            .OrderByDescending(i => corpus.Files[i].Bytes.Length)
            .ToList();
        var moduleRatios = new List<double>();
        var scriptRatios = new List<double>();
        foreach (int i in large)
        {
            string text = SourceText.Decode(corpus.Files[i].Bytes);
            byte[] cache = records[i].Bytecode.ToArray();
            var document = new DocumentInfo("file:///" + corpus.Files[i].Path) { Category = ModuleCategory.Standard };
            var fromSource = new List<double>();
            var fromCache = new List<double>();
            for (int round = 0; round < rounds + 1; round++)
            {
                using (var runtime = WarmRuntime())
                {
                    V8Script? script = null;
                    double s = Measure.Seconds(() => script = runtime.Compile(document, text));
                    script!.Dispose();
                    if (round > 0)
                    {
                        fromSource.Add(s);
                    }
                }

                using (var runtime = WarmRuntime())
                {
                    bool accepted = false;
                    V8Script? script = null;
                    double s = Measure.Seconds(() => script = runtime.Compile(document, text, V8CacheKind.Code, cache, out accepted));
                    script!.Dispose();
                    if (!accepted)
                    {
                        throw new InvalidOperationException($"V8 rejected the cache of {corpus.Files[i].Path}");
                    }

                    if (round > 0)
                    {
                        fromCache.Add(s);
                    }
                }
            }

            double a = Measure.Median(fromSource), b = Measure.Median(fromCache);
            bool scriptShaped = IsScriptShaped(records[i]);
            (scriptShaped ? scriptRatios : moduleRatios).Add(a / b);
            Console.WriteLine($"  {Shorten(corpus.Files[i].Path) + (scriptShaped ? " (*)" : ""),-52} {corpus.Files[i].Bytes.Length / 1024,7} KB {a * 1000,6:F1} ms {b * 1000,6:F1} ms {a / b,7:F2}x");
        }

        Console.WriteLine($"  modules with module syntax: {moduleRatios.Count}, speed-up min {Min(moduleRatios):F2}x, median {Median(moduleRatios):F2}x   (target >= 2x)");
        Console.WriteLine($"  (*) no import/export/import.meta/await: script bundles in module packages: {scriptRatios.Count}, " +
                          $"speed-up min {Min(scriptRatios):F2}x, median {Median(scriptRatios):F2}x");
    }

    /// <summary>
    /// True for a file with no module syntax at all (CDN IIFE bundles, emscripten output): it parses as a module
    /// only because its package says "type": "module", and V8 treats its code as one big script function.
    /// </summary>
    private static bool IsScriptShaped(ModuleRecord record) =>
        record.RequestedModules.IsEmpty && record.LocalExportEntries.IsEmpty && record.IndirectExportEntries.IsEmpty
        && !record.UsesImportMeta && !record.HasTopLevelAwait;

    private static double Min(List<double> values) => values.Count == 0 ? double.NaN : values.Min();

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : Measure.Median(values);

    private static V8Runtime WarmRuntime()
    {
        // The settings the product's generator and runner use: code caches are compared as they are consumed.
        V8Process.Configure();
        var runtime = new V8Runtime();
        var warmUp = new DocumentInfo("file:///warm-up.mjs") { Category = ModuleCategory.Standard };
        runtime.Compile(warmUp, "export const warm = [1, 2, 3].map(x => x * 2);", V8CacheKind.Code, out _).Dispose();
        return runtime;
    }

    private static string Shorten(string path) => path.StartsWith("node_modules/", StringComparison.Ordinal) ? path["node_modules/".Length..] : path;
}
