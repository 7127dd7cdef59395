using System.Text.Json;
using Acornima;
using Acornima.Ast;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// CommonJS records of real packages (every .js and .cjs file under tests/typescript/node_modules that Node loads as
/// CommonJS: react, react-dom, tslib, rxjs's and effect's CommonJS builds...): the exports and re-exports are those
/// Node's own cjs-module-lexer 2.1 finds, and the requested modules are exactly the <c>require("x")</c> calls a parse
/// of the file finds (Acornima's tree, walked here).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CommonJsRecordTests(ITestOutputHelper output)
{
    /// <summary>Files left out (relative to node_modules), each with the reason.</summary>
    private static readonly Dictionary<string, string> Exclusions = new(StringComparer.Ordinal)
    {
        ["@tanstack/query-devtools/build/DevtoolsSubscriptionsProvider-DC-V1gB8.cjs"] =
            "cjs-module-lexer 2.1 fails on this 1.9 MB bundle (\"Parse error\" at 1892:2, inside a template literal); Node then gives an importer " +
            "its default export only, while our scan reads its exports; the file parses (Acornima) and its requires are compared all the same",
    };

    [Fact]
    public void Commonjs_records_of_real_packages_equal_cjs_module_lexers_exports_and_the_parsed_requires()
    {
        string modules = Path.Combine(TypeScriptFolder.Path, "node_modules");
        var resolver = new Graph.Resolution.ModuleResolver(Graph.Resolution.ResolveMode.Auto);
        var records = new Dictionary<string, ModuleRecord>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(modules, "*.*", SearchOption.AllDirectories))
        {
            if (!(file.EndsWith(".js", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal)) || file.Contains("/typescript/lib/", StringComparison.Ordinal))
            {
                continue;
            }

            var transform = resolver.TransformFor(file);
            var bytes = File.ReadAllBytes(file);
            var record = AnalysisGenerator.Instance.Analyze(bytes, new CacheKey(ContentHash.Compute(bytes), transform));
            if (record.IsCommonJs && record.SyntaxError is null)
            {
                records[file] = record;
            }
        }

        Assert.True(records.Count >= 900, $"only {records.Count} CommonJS files");
        using var scratch = new TempDirectory();
        string input = Path.Combine(scratch.Path, "files.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new { files = records.Keys.ToArray() }));
        var node = ChildProcess.Run("node", [Path.Combine(TypeScriptFolder.Path, "cjs-exports.mjs"), input], TimeSpan.FromMinutes(5), TypeScriptFolder.Path);
        Assert.True(node.ExitCode == 0, node.Errors);

        var mismatches = new List<string>();
        int exports = 0, reexports = 0, requires = 0;
        var parser = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest, AllowReturnOutsideFunction = true });
        foreach (var line in node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            string file = e.GetProperty("file").GetString()!;
            var record = records[file];
            string where = Path.GetRelativePath(modules, file);
            bool excluded = Exclusions.ContainsKey(where);
            if (e.TryGetProperty("error", out var error))
            {
                if (!excluded)
                {
                    mismatches.Add($"{where}: cjs-module-lexer fails ({error.GetString()}), we read it");
                }
            }
            else if (excluded)
            {
                mismatches.Add($"{where}: excluded, yet cjs-module-lexer reads it now: drop the exclusion");
            }
            else
            {
                CompareExports(e, record, where, mismatches, ref exports, ref reexports);
            }

            // The parse's require("x") calls, each once, against the record's requested modules (re-exports are requires too).
            var parsed = new RequireCalls();
            parsed.Visit(parser.ParseScript(File.ReadAllText(file)));
            requires += parsed.Specifiers.Count;
            var ours = record.RequestedModules.Select(r => r.Specifier).ToHashSet(StringComparer.Ordinal);
            if (!parsed.Specifiers.SetEquals(ours))
            {
                mismatches.Add($"{where}: require calls [{string.Join(", ", parsed.Specifiers.Order())}], our requested modules [{string.Join(", ", ours.Order())}]");
            }
        }

        output.WriteLine($"{records.Count} CommonJS files, {exports} exports, {reexports} re-exports, {requires} required specifiers, {mismatches.Count} mismatches");
        foreach (var mismatch in mismatches.Take(30))
        {
            output.WriteLine(mismatch.Length > 600 ? mismatch[..600] + "…" : mismatch);
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} files differ; first: {mismatches.FirstOrDefault()}");
    }

    private static void CompareExports(JsonElement e, ModuleRecord record, string where, List<string> mismatches, ref int exports, ref int reexports)
    {
        var expectedExports = e.GetProperty("exports").EnumerateArray().Select(x => x.GetString()!).ToList();
        var expectedReexports = e.GetProperty("reexports").EnumerateArray().Select(x => x.GetString()!).ToList();
        var ourExports = record.LocalExportEntries.Select(x => x.ExportName).ToList();
        var ourReexports = record.StarExportEntries.Select(s => record.RequestedModules[s.ModuleRequest].Specifier).ToList();
        exports += expectedExports.Count;
        reexports += expectedReexports.Count;
        if (!expectedExports.Order(StringComparer.Ordinal).SequenceEqual(ourExports.Order(StringComparer.Ordinal)))
        {
            mismatches.Add($"{where}: exports [{string.Join(", ", expectedExports)}], ours [{string.Join(", ", ourExports)}]");
        }

        if (!expectedReexports.Order(StringComparer.Ordinal).SequenceEqual(ourReexports.Order(StringComparer.Ordinal)))
        {
            mismatches.Add($"{where}: re-exports [{string.Join(", ", expectedReexports)}], ours [{string.Join(", ", ourReexports)}]");
        }
    }

    /// <summary><c>require("x")</c> calls with one string argument, anywhere in a tree (real packages nest shallowly).</summary>
    private sealed class RequireCalls : AstVisitor
    {
        public HashSet<string> Specifiers { get; } = new(StringComparer.Ordinal);

        protected override object? VisitCallExpression(CallExpression node)
        {
            if (node.Callee is Identifier { Name: "require" } && node.Arguments.Count == 1 && node.Arguments[0] is StringLiteral literal)
            {
                Specifiers.Add(literal.Value);
            }

            return base.VisitCallExpression(node);
        }
    }
}
