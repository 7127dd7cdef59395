using System.Text.Json;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// The tree the node-cache tests warm: CommonJS, ES modules by extension and by package.json "type", files Node must
/// detect, byte order marks, a module that would write a file and listen on a port if it ran, and one that does
/// not compile (8 module files, 7 entries). And what the tests do with it.
/// </summary>
internal static class NodeCacheTree
{
    public const int Files = 8;

    public const int Entries = 7;

    /// <summary>Modules <see cref="AssertAccepted"/> makes Node load.</summary>
    public const int Loaded = 6;

    /// <summary>Writes the tree; returns the file its side-effect module would write if it ran.</summary>
    public static string Write(TempDirectory tree)
    {
        string sideEffect = Path.Combine(tree.Path, "ran.txt");
        tree.Write("package.json", "{ \"name\": \"app\" }\n");
        tree.Write("main.js", "const lib = require('./lib/util.cjs');\nconst data = require('./detect.js');\nmodule.exports = lib.twice(data.value);\n");
        tree.Write("lib/util.cjs", "\uFEFFexports.twice = (n) => n * 2;\n");
        tree.Write("detect.js", "module.exports = { value: 21, text: 'caf\u00e9 \u20ac' };\n");
        tree.Write("esm/package.json", "{ \"type\": \"module\" }\n");
        tree.Write("esm/index.js", "import { x } from './x.mjs';\nexport const y = x + 1;\n");
        tree.Write("esm/x.mjs", "\uFEFFexport const x = 41;\n");
        tree.Write("detected.js", "import { y } from './esm/index.js';\nexport default y;\n");
        tree.Write("effects.cjs", $"require('fs').writeFileSync({JsonSerializer.Serialize(sideEffect)}, 'ran');\nrequire('net').createServer().listen(0);\n");
        tree.Write("broken.mjs", "export const = ;\n");
        return sideEffect;
    }

    /// <summary>Node loads the tree's entry module and its ES modules with the warmed folder; every entry it reads is accepted, none rejected.</summary>
    public static void AssertAccepted(string node, string root, string nodeCache, int expected = Loaded)
    {
        var run = ChildProcess.Run("env", ["NODE_DEBUG_NATIVE=COMPILE_CACHE", $"NODE_COMPILE_CACHE={nodeCache}", node, "-e",
            "require('./main.js'); import('./detected.js').then(m => { if (m.default !== 42) process.exit(3); })"], TimeSpan.FromMinutes(1), root);
        Assert.True(run.ExitCode == 0, run.Errors);
        // The tree's modules (Node also caches its own [eval] wrapper, which a run before may have left in the folder).
        var accepted = run.Errors.Split('\n').Where(l => l.Contains(" was accepted", StringComparison.Ordinal) && l.Contains(root, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(" was rejected", run.Errors, StringComparison.Ordinal);
        Assert.True(accepted.Count == expected, run.Errors);
    }

    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// <c>node-cache warm ROOT --json</c> with <paramref name="node"/>, the two folders and <paramref name="options"/>;
    /// it must succeed, and with <paramref name="noWarning"/> say no warning. Its summary.
    /// </summary>
    public static JsonElement Warm(string node, string root, string cache, string nodeCache, string[]? options = null, string[]? environment = null,
        bool noWarning = false, string? context = null)
    {
        var result = Cli(["node-cache", "warm", root, "--node", node, "--cache-dir", cache, "--dir", nodeCache, "--json", .. options ?? []], environment);
        Assert.True(result.ExitCode == 0, result.Errors + context);
        if (noWarning)
        {
            Assert.DoesNotContain("warning", result.Errors, StringComparison.Ordinal);
        }

        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    /// <summary>The built CLI, with <paramref name="environment"/> variables (NAME=value) set for it.</summary>
    public static (int ExitCode, string Output, string Errors) Cli(string[] args, string[]? environment = null, string? workingDirectory = null) =>
        ChildProcess.Run("env", [.. environment ?? [], "dotnet", RepoPaths.Cli, .. args], TimeSpan.FromMinutes(3), workingDirectory);
}
