using System.CommandLine;
using System.Text;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache analyze</c>: module records (and optionally BMES blobs) for local files, no cluster.</summary>
internal static class AnalyzeCommand
{
    // Files are analysed in parallel in batches and printed in input order after each batch.
    private const int BatchSize = 64;

    // The silo's default upload limit: a file the cluster would refuse is not analysed here either.
    private const long MaxSourceBytes = 16 * 1024 * 1024;

    public static Command Create(CommandContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Module files, or directories meaning every module file under them (.js .mjs .ts .tsx .mts .jsx).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per module and line (schema in README)." };
        var output = new Option<string?>("--output", "-o") { Description = "Also write each blob as DIR/<key>.bmes (the sha256, then the transform for TypeScript and JSX).", HelpName = "DIR" };
        var noBytecode = new Option<bool>("--no-bytecode") { Description = "Skip V8: records only, no code cache." };

        var command = new Command("analyze",
            "Parse ES modules and print their module records (imports, exports, requests, extras).\n" +
            "TypeScript and JSX are transformed first, with the jsx settings of the nearest tsconfig.json.\n\n" +
            "Examples:\n" +
            "  esmcache analyze src/                   records of every module under src/\n" +
            "  esmcache analyze app.tsx --json          TypeScript/JSX: the record of the JavaScript it becomes\n" +
            "  esmcache analyze a.mjs --json | jq .     one JSON object per module\n" +
            "  esmcache analyze src/ -o blobs/          also write blobs/<sha256>.bmes\n" +
            ExitCodes.Help)
        {
            paths, json, output, noBytecode,
        };
        command.SetAction(result => Run(
            result.GetRequiredValue(paths),
            context.WorkingDirectory,
            result.GetValue(json),
            result.GetValue(output),
            !result.GetValue(noBytecode),
            context.Out,
            context.Error));
        return command;
    }

    public static int Run(string[] paths, string workingDirectory, bool json, string? outputDirectory, bool includeBytecode, TextWriter stdout, TextWriter stderr)
    {
        var files = InputFiles.Expand(paths, [.. TransformOptions.ModuleExtensions], workingDirectory, stderr, out bool missing);
        files.RemoveAll(f => !TransformOptions.TryGetLanguage(f, out _));
        var configs = new Graph.Resolution.ModuleResolver(Graph.Resolution.ResolveMode.Auto);
        outputDirectory = outputDirectory is null ? null : Path.GetFullPath(outputDirectory, workingDirectory);
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
        }

        using var generator = new ModuleGenerator();
        if (includeBytecode && generator.BytecodeUnavailableReason is { } reason)
        {
            stderr.WriteLine($"esmcache: warning: no bytecode: V8 unavailable ({reason})");
        }

        int exit = missing ? ExitCodes.InputError : ExitCodes.Success;
        var results = new Outcome[BatchSize];
        for (int start = 0; start < files.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, files.Count - start);
            Parallel.For(0, count, i => results[i] = Generate(generator, configs, Path.GetFullPath(files[start + i], workingDirectory), includeBytecode));
            for (int i = 0; i < count; i++)
            {
                string file = files[start + i];
                var outcome = results[i];
                if (outcome.Error is not null)
                {
                    stderr.WriteLine($"esmcache: {file}: {outcome.Error}");
                    exit = ExitCodes.InputError;
                    continue;
                }

                var record = outcome.Module!.Record;
                if (record.SyntaxError is not null && exit == ExitCodes.Success)
                {
                    exit = ExitCodes.ProblemsFound;
                }

                if (json)
                {
                    stdout.WriteLine(RecordJsonWriter.ToJsonLine(record, file));
                }
                else
                {
                    RecordTextWriter.Write(stdout, record, file);
                }

                if (outputDirectory is not null)
                {
                    AtomicFile.Write(Path.Combine(outputDirectory, outcome.Key + ".bmes"), outcome.Module.Blob);
                }
            }
        }

        return exit;
    }

    /// <param name="file">An absolute path.</param>
    private static Outcome Generate(ModuleGenerator generator, Graph.Resolution.ModuleResolver configs, string file, bool includeBytecode)
    {
        byte[] source;
        try
        {
            source = Graph.Scanning.SourceFileReader.ReadAllBytes(file, MaxSourceBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Outcome(null, $"cannot read: {e.Message}", default);
        }

        if (source.AsSpan().Contains((byte)0))
        {
            return new Outcome(null, "not a text file (contains NUL bytes)", default);
        }

        string path = file;
        var transform = configs.TransformFor(path);
        var key = new CacheKey(ContentHash.Compute(source), transform);
        try
        {
            return new Outcome(generator.Generate(new Uri(path).AbsoluteUri, source, key, includeBytecode), null, key);
        }
        catch (Exception e) when (e is ModuleAnalysisException or InvalidOperationException)
        {
            return new Outcome(null, e.Message, key);
        }
    }

    private readonly record struct Outcome(GeneratedModule? Module, string? Error, CacheKey Key);
}
