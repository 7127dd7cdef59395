namespace EsmCacheCluster.Tests;

/// <summary>One file of the test262 module suites and what its front matter says about parsing it as a module.</summary>
internal sealed record Test262Case(string RelativePath, Test262Expectation Expectation, string[] Features)
{
    /// <summary>Stage-3 proposals the analyser does not enable; their tests are listed, not run.</summary>
    public static readonly string[] UnsupportedFeatures = ["import-defer", "source-phase-imports", "source-phase-imports-module-source", "decorators"];

    /// <summary>
    /// Fixtures that are syntax errors by design (<c>break;</c> or <c>0++;</c> at module level): dependencies of
    /// negative resolution tests that expect the load to fail with a SyntaxError. They must be rejected.
    /// </summary>
    public static readonly HashSet<string> BrokenFixtures = new(StringComparer.Ordinal)
    {
        "language/module-code/instn-resolve-err-syntax-1_FIXTURE.js",
        "language/module-code/instn-resolve-err-syntax-2_FIXTURE.js",
        "language/module-code/instn-resolve-order-depth-reference_FIXTURE.js",
        "language/module-code/instn-resolve-order-depth-syntax_FIXTURE.js",
        "language/module-code/instn-resolve-order-src-reference_FIXTURE.js",
        "language/module-code/instn-resolve-order-src-syntax_FIXTURE.js",
        "language/module-code/instn-resolve-empty-import_FIXTURE.js",
        "language/module-code/instn-resolve-empty-export_FIXTURE.js",
    };

    public string? UnsupportedFeature => Features.FirstOrDefault(f => UnsupportedFeatures.Contains(f));

    public static IReadOnlyList<Test262Case> All { get; } = Load();

    private static List<Test262Case> Load()
    {
        string root = RepoPaths.Test262;
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"test262 is missing: expected the copy of the suite at {root}.");
        }

        var cases = new List<Test262Case>();
        var testDir = Path.Combine(root, "test");
        var files = Directory.EnumerateFiles(testDir, "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => (Relative: Path.GetRelativePath(testDir, file).Replace('\\', '/'), Source: File.ReadAllText(file)))
            .ToList();
        var metas = files.ToDictionary(f => f.Relative, f => FrontMatter.Read(f.Source));

        // Fixtures have no front matter: they take the features of every file that imports them, transitively
        // (a fixture imported by a fixture of a proposal test belongs to that proposal too).
        var fixtureFeatures = new Dictionary<string, HashSet<string>>();
        foreach (var f in files.Where(f => IsFixture(f.Relative)))
        {
            fixtureFeatures[f.Relative] = [];
        }

        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (fixture, features) in fixtureFeatures)
            {
                string name = Path.GetFileName(fixture);
                foreach (var user in files.Where(u => u.Relative != fixture && u.Source.Contains(name, StringComparison.Ordinal)))
                {
                    var inherited = IsFixture(user.Relative) ? fixtureFeatures[user.Relative] : (IEnumerable<string>)metas[user.Relative].Features;
                    foreach (var feature in inherited)
                    {
                        changed |= features.Add(feature);
                    }
                }
            }
        }

        foreach (var (relative, source) in files)
        {
            var meta = FrontMatter.Read(source);
            Test262Expectation expectation;
            if (IsFixture(relative))
            {
                // A fixture imported with a type attribute (text, bytes) is data, not a module.
                string name = Path.GetFileName(relative);
                var users = files.Where(u => u.Relative != relative && u.Source.Contains(name, StringComparison.Ordinal)).ToList();
                meta = meta with { Features = fixtureFeatures[relative].Order(StringComparer.Ordinal).ToArray() };
                expectation =
                    BrokenFixtures.Contains(relative) ? Test262Expectation.Rejected
                    : users.Count > 0 && users.All(u => ImportsAsData(u.Source, name)) ? Test262Expectation.NotAModule
                    : Test262Expectation.Parses;
            }
            else if (!meta.Flags.Contains("module"))
            {
                expectation = Test262Expectation.NotAModule;
            }
            else if (meta.NegativePhase == "parse")
            {
                expectation = Test262Expectation.Rejected;
            }
            else
            {
                expectation = Test262Expectation.Parses;
            }

            cases.Add(new Test262Case(relative, expectation, meta.Features));
        }

        return cases;
    }

    private static bool IsFixture(string relative) => relative.EndsWith("_FIXTURE.js", StringComparison.Ordinal);

    private static bool ImportsAsData(string test, string fixture)
    {
        foreach (var line in test.Split('\n'))
        {
            if (line.Contains(fixture, StringComparison.Ordinal) && line.Contains("type:", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record FrontMatter(string[] Flags, string[] Features, string? NegativePhase)
    {
        public static FrontMatter Read(string source)
        {
            int start = source.IndexOf("/*---", StringComparison.Ordinal);
            int end = start < 0 ? -1 : source.IndexOf("---*/", start, StringComparison.Ordinal);
            if (start < 0 || end < 0)
            {
                return new FrontMatter([], [], null);
            }

            string[] flags = [], features = [];
            string? phase = null;
            bool inNegative = false;
            foreach (var raw in source[(start + 5)..end].Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                string trimmed = line.Trim();
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    flags = List(trimmed["flags:".Length..]);
                }
                else if (line.StartsWith("features:", StringComparison.Ordinal))
                {
                    features = List(trimmed["features:".Length..]);
                }

                if (line.StartsWith("negative:", StringComparison.Ordinal))
                {
                    inNegative = true;
                }
                else if (inNegative && line.StartsWith(' ') && trimmed.StartsWith("phase:", StringComparison.Ordinal))
                {
                    phase = trimmed["phase:".Length..].Trim();
                }
                else if (line.Length > 0 && !line.StartsWith(' '))
                {
                    inNegative = false;
                }
            }

            return new FrontMatter(flags, features, phase);
        }

        private static string[] List(string value) =>
            value.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}

internal enum Test262Expectation
{
    Parses,
    Rejected,
    NotAModule,
}
