using EsmCacheCluster.Cli;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// Edges of every kind in the graph and in what <c>affected</c> answers: a module imported only with
/// <c>import type</c> affects its importers unless the query follows runtime kinds only; a global declaration file
/// affects every module of the tsconfig that includes it; type-only cycles are not runtime cycles.
/// </summary>
public sealed class EdgeKindsTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly TempDirectory _cache = new();

    public EdgeKindsTests()
    {
        _repo.Write("tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "strict": true }, "include": ["src", "types"] }""");
        _repo.Write("src/types.ts", "export interface User { id: string }\n");
        _repo.Write("src/user.ts", "import type { User } from './types';\nexport const make = (id: string): User => ({ id });\n");
        _repo.Write("src/main.ts", "import { make } from './user';\nexport const user = make('1');\nexport const lazy = () => import('./lazy');\n");
        _repo.Write("src/lazy.ts", "export const later = 1;\n");
        _repo.Write("src/a.ts", "import type { B } from './b';\nexport interface A { b?: B }\nexport const a = 1;\n");
        _repo.Write("src/b.ts", "import type { A } from './a';\nexport interface B { a?: A }\nexport const b = 2;\n");
        _repo.Write("src/legacy.cjs", "const { user } = require('./dist.cjs');\nmodule.exports = { user, version: require.resolve('./dist.cjs') };\n");
        _repo.Write("src/dist.cjs", "exports.user = 1;\n");
        _repo.Write("src/loose.ts", "/// <reference path=\"../types/env.d.ts\" />\nexport const env = 1;\n");
        _repo.Write("types/env.d.ts", "declare const __VERSION__: string;\n");
        _repo.Write("types/module.d.ts", "import type { User } from '../src/types';\nexport declare const u: User;\n");
    }

    [Fact]
    public async Task Edges_carry_their_kind_and_queries_follow_the_kinds_asked_for()
    {
        var scan = await ScanAsync();
        Assert.Empty(scan.Problems);
        Assert.Equal(0, scan.SyntaxErrors);
        var graph = scan.Graph;
        ImportEdge Edge(string file, string specifier) => graph.Modules[graph.Find(file)].Imports.Single(e => e.Specifier == specifier);

        Assert.Equal(ImportKind.Type, Edge("src/user.ts", "./types").Kind);
        Assert.Equal(ImportKind.Static, Edge("src/main.ts", "./user").Kind);
        Assert.Equal(ImportKind.Dynamic, Edge("src/main.ts", "./lazy").Kind);
        Assert.Equal(ImportKind.ReferencePath, Edge("src/loose.ts", "../types/env.d.ts").Kind);
        Assert.Equal(ImportKind.Type, Edge("types/module.d.ts", "../src/types").Kind);
        var legacy = graph.Modules[graph.Find("src/legacy.cjs")];
        Assert.True(legacy.Record.IsCommonJs);
        Assert.Equal(["user", "version"], legacy.Record.LocalExportEntries.Select(e => e.ExportName));
        Assert.All(legacy.Imports, e => Assert.Equal(ImportKind.Require, e.Kind));
        Assert.Equal("src/dist.cjs", graph.Modules[legacy.Imports[0].Target].File.RelativePath);
        Assert.True(graph.Modules[graph.Find("types/env.d.ts")].Record.DeclaresGlobals);
        Assert.False(graph.Modules[graph.Find("types/module.d.ts")].Record.DeclaresGlobals);

        string[] Affected(ModuleGraph g, string file) => [.. g.Affected([g.Find(file)]).Select(m => g.Modules[m].File.RelativePath).Order(StringComparer.Ordinal)];
        Assert.Equal(["src/main.ts", "src/types.ts", "src/user.ts", "types/module.d.ts"], Affected(graph, "src/types.ts"));
        Assert.Equal(["src/types.ts"], Affected(graph.Following(ImportKinds.Runtime), "src/types.ts"));
        Assert.Equal(["src/lazy.ts", "src/main.ts"], Affected(graph, "src/lazy.ts"));
        Assert.Equal(["src/lazy.ts"], Affected(graph.Following(ImportKindSet.Static), "src/lazy.ts"));

        // A global declaration file reaches every module its tsconfig includes (not the CommonJS files, which it does not take).
        Assert.Equal(["src/a.ts", "src/b.ts", "src/lazy.ts", "src/loose.ts", "src/main.ts", "src/types.ts", "src/user.ts", "types/env.d.ts", "types/module.d.ts"],
            Affected(graph, "types/env.d.ts"));
        Assert.Equal(["src/loose.ts", "types/env.d.ts"], Affected(graph.Following(ImportKindSet.Reference), "types/env.d.ts"));

        // a.ts and b.ts import each other's types only: a cycle of types, not of code that runs.
        Assert.Single(graph.Cycles());
        Assert.Empty(graph.Following(ImportKinds.Runtime).Cycles());
    }

    [Fact]
    public async Task The_index_keeps_edges_and_kinds_a_warm_scan_answers_the_same()
    {
        var cold = await ScanAsync();
        var warm = await ScanAsync();
        Assert.Equal(0, warm.Hashed);
        Assert.Equal(0, warm.Resolved);
        string Describe(ScanResult scan) => string.Join("\n", scan.Graph.Modules.SelectMany(m => m.Imports.Select(e =>
            $"{m.File.RelativePath} {e.Kind} {e.Specifier} -> {e.Resolution.Path ?? e.Resolution.Builtin ?? e.Resolution.Error}")));
        Assert.Equal(Describe(cold), Describe(warm));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Affected_since_head_lists_the_importers_of_a_type_only_module_unless_kinds_are_runtime_only()
    {
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-qm", "base");
        _repo.Write("src/types.ts", "export interface User { id: string; name: string }\n");

        string[] Affected(params string[] extra)
        {
            var run = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", RepoPaths.Cli, "affected", "--since", "HEAD", "--root", _repo.Path, "--cache-dir", _cache.Path, .. extra],
                TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 0, run.Errors);
            return [.. run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["src/main.ts", "src/types.ts", "src/user.ts", "types/module.d.ts"], Affected());
        Assert.Equal(["src/types.ts"], Affected("--kinds", "static,dynamic,require"));

        var wrong = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", RepoPaths.Cli, "affected", "--since", "HEAD", "--root", _repo.Path, "--kinds", "static,values"],
            TimeSpan.FromMinutes(2));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("'values' is not a kind", wrong.Errors);
    }

    private async Task<ScanResult> ScanAsync()
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: false, _cache.Path);
        // By this clock the files were written long before: none is racy, so a second scan trusts them all.
        var scanner = new ModuleScanner(() => session.Records, new ModuleResolver(ResolveMode.Auto), new Graph.Indexing.ScanIndexStore(Path.Combine(_cache.Path, "index")),
            "tests", new LaterClock());
        return await scanner.ScanAsync(_repo.Path, new SourceTreeOptions());
    }

    private sealed class LaterClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromSeconds(10);
    }

    private void Git(params string[] args)
    {
        var run = ChildProcess.Run("git", args, TimeSpan.FromSeconds(60), _repo.Path);
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', args)}: {run.Errors}");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _cache.Dispose();
    }
}
