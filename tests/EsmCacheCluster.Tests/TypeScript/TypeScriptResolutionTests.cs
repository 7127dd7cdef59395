using System.Text.Json;
using EsmCacheCluster.Cli;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// Every import of the TypeScript fixture monorepo, as the scan finds it in the records, resolves exactly as
/// TypeScript 5.9's ts.resolveModuleName resolves it under the file's tsconfig (parsed by TypeScript itself).
/// </summary>
[Trait("Category", "Integration")]
public sealed class TypeScriptResolutionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TypeScriptMonorepo _repo = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Every_import_of_the_fixture_resolves_as_typescript_resolves_it()
    {
        var scan = await ScanAsync();
        var resolver = new ModuleResolver(ResolveMode.Auto);
        var cases = new List<(string File, string Specifier, string TsConfig, EsmCacheCluster.Graph.Resolution.Resolution Ours)>();
        foreach (var module in scan.Graph.Modules)
        {
            if (resolver.TypeScriptConfigFor(module.File.FullPath) is not { } config)
            {
                continue;
            }

            foreach (var edge in module.Imports)
            {
                cases.Add((module.File.FullPath, edge.Specifier, config.FilePath, edge.Resolution));
            }
        }

        Assert.True(cases.Count >= 60, $"only {cases.Count} imports under a tsconfig");
        using var scratch = new TempDirectory();
        string input = Path.Combine(scratch.Path, "cases.json");
        File.WriteAllText(input, JsonSerializer.Serialize(cases.Select(c => new { file = c.File, specifier = c.Specifier, tsconfig = c.TsConfig })));
        var node = ChildProcess.Run("node", [Path.Combine(TypeScriptFolder.Path, "resolve.mjs"), input], TimeSpan.FromMinutes(2), TypeScriptFolder.Path);
        Assert.True(node.ExitCode == 0, node.Errors);
        using var answers = JsonDocument.Parse(node.Output);

        var mismatches = new List<string>();
        int resolved = 0, declarations = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var answer = answers.RootElement[i];
            var (file, specifier, tsconfig, ours) = cases[i];
            string where = $"{Path.GetRelativePath(_repo.Root, file)} '{specifier}'";
            // A file no tsconfig covers resolves under the nearest one, as TypeScript's language service reads it.
            if (!answer.GetProperty("covered").GetBoolean() && resolver.TsConfigFor(file) is not null)
            {
                mismatches.Add($"{where}: TypeScript does not count the file in {Path.GetRelativePath(_repo.Root, tsconfig)}");
            }

            string? expected = answer.GetProperty("resolved").GetString();
            if (expected is not null)
            {
                resolved++;
                declarations += ours.IsDeclaration ? 1 : 0;
            }

            // A builtin TypeScript cannot resolve without @types/node is a builtin to us: no file on either side.
            if (expected != ours.Path)
            {
                mismatches.Add($"{where}: TypeScript {Show(expected)}, ours {Show(ours.Path) + (ours.Error is { } e ? $" ({e})" : "")}");
            }
        }

        output.WriteLine($"{cases.Count} imports, {resolved} resolved by TypeScript ({declarations} to declaration files), {mismatches.Count} mismatches");
        foreach (var mismatch in mismatches)
        {
            output.WriteLine(mismatch);
        }

        Assert.Empty(mismatches);
        Assert.True(resolved >= 40 && declarations >= 5 && resolved < cases.Count, $"{resolved} resolved, {declarations} declarations: the fixture should exercise both outcomes");
    }

    [Fact]
    public async Task The_mixed_monorepo_scan_lists_every_edge_typescript_resolves_with_jsx_records_and_commonjs_analysed()
    {
        var scan = await ScanAsync();
        Assert.Empty(scan.Problems);
        Assert.Equal(0, scan.SyntaxErrors);
        Assert.Contains("packages/js-lib/util.cjs", scan.CommonJs);
        Assert.Contains("packages/shared/src/c2.cts", scan.CommonJs);
        // Declaration files are nodes of the graph: types only, their references type edges.
        Assert.All(scan.Graph.Modules.Where(m => m.File.RelativePath.EndsWith(".d.ts", StringComparison.Ordinal)), m => Assert.True(m.File.Transform.IsDeclaration));
        Assert.Contains(scan.Graph.Modules, m => m.File.RelativePath == "packages/shared/dist/index.d.ts");

        var main = scan.Graph.Modules.Single(m => m.File.RelativePath == "apps/web/src/main.tsx");
        Assert.Equal(EsmCacheCluster.Format.JsxMode.ReactJsx, main.File.Transform.Jsx);
        var runtime = main.Imports.Single(e => e.Specifier == "react/jsx-runtime");
        Assert.True(runtime.Resolution.IsDeclaration);
        Assert.EndsWith("node_modules/react/jsx-runtime.d.ts", runtime.Resolution.Path);

        // Workspace packages through node_modules symlinks land on the sources, as edges between scanned modules.
        var shared = main.Imports.Single(e => e.Specifier == "@fx/shared");
        Assert.Equal("packages/shared/src/index.ts", scan.Graph.Modules[shared.Target].File.RelativePath);
        var routes = main.Imports.Single(e => e.Specifier == "@/routes");
        Assert.Equal("apps/web/src/routes.ts", scan.Graph.Modules[routes.Target].File.RelativePath);

        // JavaScript no tsconfig covers keeps Node's resolution.
        var js = scan.Graph.Modules.Single(m => m.File.RelativePath == "packages/js-lib/index.js");
        Assert.EndsWith("packages/shared/dist/index.js", js.Imports.Single(e => e.Specifier == "@fx/shared").Resolution.Path);
    }

    [Fact]
    public async Task Resolve_node_keeps_nodes_runtime_answer_for_typescript_files()
    {
        var scan = await ScanAsync(ResolveMode.Node);
        var index = scan.Graph.Modules.Single(m => m.File.RelativePath == "packages/shared/src/index.ts");
        Assert.False(index.Imports.Single(e => e.Specifier == "./a.js").Resolution.IsResolved); // only a.ts exists
    }

    private async Task<ScanResult> ScanAsync(ResolveMode mode = ResolveMode.Auto)
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: true, _cache.Path);
        var scanner = new ModuleScanner(session.Records, new ModuleResolver(mode));
        return await scanner.ScanAsync(_repo.Root, new SourceTreeOptions());
    }

    private static string Show(string? path) => path ?? "unresolved";

    public void Dispose()
    {
        _repo.Dispose();
        _cache.Dispose();
    }
}
