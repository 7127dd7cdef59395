using EsmCacheCluster.Generation;
using EsmCacheCluster.Graph.Resolution;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests.Resolution;

/// <summary>The resolver answers as Node does (import.meta.resolve by the machine's node), case by case.</summary>
[Trait("Category", "Integration")]
public sealed class ResolverParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Fixture_monorepo_matches_node()
    {
        using var fixture = new MonorepoFixture();
        AssertSameAsNode(fixture.Cases().ToList(), new ModuleResolver());
    }

    [Fact]
    public void Fixture_monorepo_matches_node_with_custom_conditions()
    {
        using var fixture = new MonorepoFixture();
        var cases = fixture.Cases().Where(c => c.Specifier.StartsWith("ui", StringComparison.Ordinal)).ToList();
        AssertSameAsNode(cases, new ModuleResolver(ResolveMode.Node, ["node", "import", "custom"]), ["custom"]);
    }

    [Fact]
    public void Real_packages_match_node()
    {
        string root = ResolverPackages.Folder;
        string parent = Path.Combine(root, "index.mjs");
        var cases = new List<(string, string)>();

        // Every package's entry points and every subpath its exports map names (patterns with a sample), plus
        // subpaths it does not export.
        foreach (var package in Directory.EnumerateDirectories(Path.Combine(root, "node_modules")).Where(d => !Path.GetFileName(d).StartsWith('.'))
                     .SelectMany(d => Path.GetFileName(d).StartsWith('@') ? Directory.EnumerateDirectories(d) : [d]))
        {
            string name = Path.GetRelativePath(Path.Combine(root, "node_modules"), package).Replace('\\', '/');
            cases.Add((name, parent));
            cases.Add((name + "/package.json", parent));
            cases.Add((name + "/not-exported-anywhere.js", parent));
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json")));
            if (json.RootElement.TryGetProperty("exports", out var exports) && exports.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var key in exports.EnumerateObject().Select(p => p.Name).Where(k => k.StartsWith("./", StringComparison.Ordinal)))
                {
                    cases.Add((name + "/" + key[2..].Replace("*", "addDays", StringComparison.Ordinal), parent));
                }
            }

            // What the package's own modules import, as its files really say.
            foreach (var file in Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".mjs", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal).Take(250))
            {
                var record = ModuleGenerator.Analyze(File.ReadAllBytes(file));
                foreach (var request in record.RequestedModules)
                {
                    cases.Add((request.Specifier, file));
                }
            }
        }

        Assert.True(cases.Count > 1000, $"only {cases.Count} cases");
        AssertSameAsNode(cases, new ModuleResolver());
    }

    private void AssertSameAsNode(List<(string Specifier, string Parent)> cases, ModuleResolver resolver, string[]? conditions = null)
    {
        var node = NodeResolver.Resolve(cases, conditions);
        var mismatches = new List<string>();
        int resolved = 0, failed = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var ours = resolver.Resolve(cases[i].Specifier, cases[i].Parent);
            var theirs = node[i];
            bool same = theirs.Error is not null ? !ours.IsResolved
                : theirs.Builtin is not null ? ours.Builtin == theirs.Builtin
                : ours.Path == theirs.Path;
            if (theirs.Error is null)
            {
                resolved++;
            }
            else
            {
                failed++;
            }

            if (!same)
            {
                mismatches.Add($"'{cases[i].Specifier}' from {cases[i].Parent}: node {theirs.Path ?? theirs.Builtin ?? theirs.Error}, ours {ours.Path ?? ours.Builtin ?? ours.Error}");
            }
        }

        output.WriteLine($"{cases.Count} cases: node resolved {resolved}, rejected {failed}; {mismatches.Count} mismatches");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(40)));
    }
}
