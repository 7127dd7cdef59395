using System.Text.Json;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Cli;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// The scan's graph against TypeScript 5.9's own view (tests/typescript/edges.mjs): every reference TypeScript sees
/// in a file (imports and exports, type-only ones too, import-equals, <c>import()</c> and <c>import("x")</c> types,
/// <c>require()</c>, module augmentations, <c>/// &lt;reference&gt;</c> paths and types), resolved by TypeScript with
/// the mode its program uses, is an edge of the scan from that file with the same target. On the fixture monorepo of
/// every construct (<see cref="BuildGraphFixture"/>) and on the TypeScript corpus of real packages.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuildGraphTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _cache = new();

    /// <summary>References left out of the comparison, by file (relative to its root) and specifier, each with the reason.</summary>
    private static readonly Dictionary<(string File, string Specifier), string> Exclusions = new()
    {
    };

    [Fact]
    public async Task Every_reference_typescript_sees_in_the_fixture_is_an_edge_with_the_same_target()
    {
        using var fixture = new BuildGraphFixture();
        var scan = await ScanAsync(fixture.Root);
        Assert.Empty(scan.Problems);
        var errors = scan.Graph.Modules.Where(m => m.Record.SyntaxError is not null)
            .Select(m => $"{m.File.RelativePath}: {m.Record.SyntaxError}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var compared = Compare(scan, out var mismatches);
        output.WriteLine($"{compared.Files} files, {compared.Edges} references ({string.Join(", ", compared.Kinds.Select(k => $"{k.Key} {k.Value}"))})");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(compared.Edges >= 50 && compared.Files >= 20, $"{compared.Edges} references in {compared.Files} files: the fixture should hold more");
        foreach (var kind in (string[])["import", "import-type-only", "export", "export-type-only", "import-equals", "dynamic-import", "require", "require-node", "import-type", "augmentation", "reference-path", "reference-types"])
        {
            Assert.True(compared.Kinds.GetValueOrDefault(kind) > 0, $"no {kind} reference was compared");
        }
    }

    [Fact]
    public async Task Every_reference_typescript_sees_in_the_typescript_corpus_is_an_edge_with_the_same_target()
    {
        string modules = Path.Combine(TypeScriptFolder.Path, "node_modules");
        int edges = 0, files = 0;
        var all = new List<string>();
        foreach (var package in TypeScriptFolder.CorpusPackages)
        {
            var scan = await ScanAsync(Path.Combine(modules, package));
            Assert.Equal(0, scan.SyntaxErrors);
            var compared = Compare(scan, out var mismatches);
            edges += compared.Edges;
            files += compared.Files;
            output.WriteLine($"{package}: {compared.Files} files, {compared.Edges} references ({string.Join(", ", compared.Kinds.Select(k => $"{k.Key} {k.Value}"))}), {mismatches.Count} mismatches");
            all.AddRange(mismatches.Select(m => $"{package}/{m}"));
        }

        foreach (var mismatch in all.GroupBy(m => m.Split('/')[0] + m.Split('/')[1]).SelectMany(g => g.Take(8)))
        {
            output.WriteLine(mismatch);
        }

        Assert.True(all.Count == 0, $"{all.Count} of {edges} references differ; first: {all.FirstOrDefault()}");
        Assert.True(edges > 15_000 && files > 3_000, $"only {edges} references in {files} files");
    }

    [Fact]
    public async Task Decorated_records_equal_those_of_typescripts_own_emit()
    {
        using var fixture = new BuildGraphFixture();
        using var scratch = new TempDirectory();
        var resolver = new ModuleResolver(ResolveMode.Auto);
        var jobs = BuildGraphFixture.Decorated.Select((d, i) =>
        {
            string file = Path.Combine(fixture.Root, d.File);
            var jsx = resolver.TransformFor(file);
            return new
            {
                file,
                @out = Path.Combine(scratch.Path, $"{i}.js"),
                decorators = d.Decorators,
                jsx = jsx.Jsx switch { JsxMode.ReactJsx => "react-jsx", JsxMode.ReactJsxDev => "react-jsxdev", _ => "react" },
                jsxImportSource = jsx.JsxImportSource,
            };
        }).ToArray();
        string jobsFile = Path.Combine(scratch.Path, "jobs.json");
        await File.WriteAllTextAsync(jobsFile, JsonSerializer.Serialize(jobs));
        var node = ChildProcess.Run("node", [Path.Combine(TypeScriptFolder.Path, "transpile.mjs"), jobsFile], TimeSpan.FromMinutes(2), TypeScriptFolder.Path);
        Assert.True(node.ExitCode == 0, node.Errors);

        using var generator = new ModuleGenerator();
        foreach (var job in jobs)
        {
            var transform = resolver.TransformFor(job.file);
            Assert.Equal(job.decorators, transform.Decorators switch { DecoratorMode.Legacy => "legacy", DecoratorMode.LegacyWithMetadata => "legacy-metadata", _ => "standard" });
            var bytes = await File.ReadAllBytesAsync(job.file);
            var key = new CacheKey(ContentHash.Compute(bytes), transform);
            var ours = generator.Generate(job.file, bytes, key, includeBytecode: true).Record;
            Assert.True(ours.SyntaxError is null, $"{job.file}: {ours.SyntaxError}");
            Assert.True(ours.HasBytecode, $"{job.file}: {ours.BytecodeNote}"); // the emitted code runs on V8
            var reference = AnalysisGenerator.AnalyzeCode(await File.ReadAllTextAsync(job.@out), key.Hash, bytes.Length);
            Assert.True(reference.SyntaxError is null, $"{job.file}: TypeScript's emit: {reference.SyntaxError}");
            Assert.Equal(Show(reference.RequestedModules.Select(r => r.Specifier)), Show(ours.RequestedModules.Select(r => r.Specifier)));
            Assert.Equal(reference.ImportEntries.AsEnumerable(), ours.ImportEntries);
            Assert.Equal(reference.LocalExportEntries.AsEnumerable(), ours.LocalExportEntries);
            Assert.Equal(reference.IndirectExportEntries.AsEnumerable(), ours.IndirectExportEntries);
            Assert.Equal(reference.StarExportEntries.AsEnumerable(), ours.StarExportEntries);
            Assert.Equal(reference.DynamicImports.AsEnumerable(), ours.DynamicImports);
        }
    }

    private static string Show(IEnumerable<string> items) => string.Join(", ", items);

    private async Task<ScanResult> ScanAsync(string root)
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: true, _cache.Path);
        var scanner = new ModuleScanner(session.Records, new ModuleResolver(ResolveMode.Auto));
        return await scanner.ScanAsync(root, new SourceTreeOptions());
    }

    private sealed record Compared(int Files, int Edges, Dictionary<string, int> Kinds);

    /// <summary>Runs the oracle over the scanned modules and checks each of its references against the scan's edges.</summary>
    private static Compared Compare(ScanResult scan, out List<string> mismatches)
    {
        var graph = scan.Graph;
        using var scratch = new TempDirectory();
        string input = Path.Combine(scratch.Path, "cases.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new { files = graph.Modules.Select(m => m.File.FullPath).ToArray() }));
        var node = ChildProcess.Run("node", ["--stack-size=4000", Path.Combine(TypeScriptFolder.Path, "edges.mjs"), input], TimeSpan.FromMinutes(5), TypeScriptFolder.Path);
        Assert.True(node.ExitCode == 0, node.Errors);

        mismatches = [];
        var kinds = new Dictionary<string, int>();
        var files = new HashSet<string>();
        int edges = 0;
        foreach (var line in node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            string file = e.GetProperty("file").GetString()!;
            if (e.TryGetProperty("uncovered", out _))
            {
                continue; // JavaScript no tsconfig takes: its imports resolve as Node's, which the resolver parity tests check against node
            }

            var module = graph.Modules[graph.Find(file)];
            string specifier = e.GetProperty("specifier").GetString()!;
            string kind = e.GetProperty("kind").GetString()!;
            string? expected = e.GetProperty("resolved").GetString();
            if (Exclusions.ContainsKey((module.File.RelativePath, specifier)))
            {
                continue;
            }

            files.Add(file);
            edges++;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var accepted = kind switch
            {
                "import" or "export" or "import-type-only" or "export-type-only" or "import-type" or "augmentation" =>
                    ImportKindSet.Static | ImportKindSet.Type | ImportKindSet.Dynamic | (module.Record.IsCommonJs ? ImportKindSet.Require : 0),
                "dynamic-import" => ImportKindSet.Dynamic | ImportKindSet.Type,
                "require" or "import-equals" or "require-node" => ImportKindSet.Require | ImportKindSet.Type,
                _ => ImportKindSet.Reference,
            };
            var candidates = module.Imports.Where(i => i.Specifier == specifier && i.Is(accepted)).ToList();
            string where = $"{module.File.RelativePath} {kind} '{specifier}'";
            if (candidates.Count == 0)
            {
                mismatches.Add($"{where}: no edge (ours: {string.Join(", ", module.Imports.Where(i => i.Specifier == specifier).Select(i => i.Kind))})");
            }
            else if (!candidates.Any(c => c.Resolution.Path == expected || (expected is null && c.Resolution.Path is null)))
            {
                var ours = candidates[0].Resolution;
                mismatches.Add($"{where}: TypeScript {expected ?? "unresolved"}, ours {ours.Path ?? ours.Builtin ?? ours.Error} ({candidates[0].Kind})");
            }
        }

        return new Compared(files.Count, edges, kinds);
    }

    public void Dispose() => _cache.Dispose();
}
