using System.Diagnostics;
using System.Text.Json;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 22. Tools and a TypeScript program (app/, 32 .ts files Node strips itself) on Node 22, 24 and 26
/// (tests/node) started three ways, whole processes, interleaved, medians:
/// no compile cache, Node's own warm cache (filled by a first run), and a folder filled by
/// <c>esmcache node-cache warm</c> from kept entries (what a fresh agent gets). Then the cost of warm itself on the
/// tools' node_modules: compiling everything, and placing kept entries.
/// </summary>
internal static class NodeBenchmark
{
    public static void Run(string benchRoot, int rounds)
    {
        string tools = Path.Combine(benchRoot, "node-tools");
        string nodes = Path.Combine(benchRoot, "..", "tests", "node", "node_modules");
        if (!File.Exists(Path.Combine(tools, "node_modules", "typescript", "bin", "tsc")) || !Directory.Exists(nodes))
        {
            throw new InvalidOperationException("The tools or the Node builds are not installed: run bench/fetch-corpus.sh.");
        }

        string cli = BuiltProgram.Dll("Cli", "esmcache");
        (string Name, string[] Args)[] commands =
        [
            ("tsc --version", ["node_modules/typescript/bin/tsc", "--version"]),
            ("tsc -p project", ["node_modules/typescript/bin/tsc", "-p", "project"]),
            ("eslint project/src", ["node_modules/eslint/bin/eslint.js", "-c", "project/eslint.config.mjs", "project/src"]),
            ("node app/main.ts", ["app/main.ts"]),
        ];
        foreach (int major in (int[])[22, 24, 26])
        {
            string node = Path.GetFullPath(Path.Combine(nodes, $"node{major}", "bin", "node"));
            using var kept = new TempFolder();
            using var compiled = new TempFolder();
            using var placed = new TempFolder();
            using var own = new TempFolder();
            var cold = Warm(cli, node, tools, kept.Path, compiled.Path);
            var warm = Warm(cli, node, tools, kept.Path, placed.Path);
            Console.WriteLine($"Node {major} ({cold.Runtime}): node-cache warm of bench/node-tools with node_modules, {cold.Files:N0} files, {cold.Entries:N0} entries: " +
                $"compiling all {cold.Ms:N0} ms, from kept entries {warm.Ms:N0} ms ({warm.Hits:N0} kept, {warm.Generated} compiled)");
            foreach (var (name, args) in commands)
            {
                Time(node, tools, args, own.Path); // Node fills its own cache
                var medians = Measure.Interleaved(rounds,
                    () => Time(node, tools, args, null),
                    () => Time(node, tools, args, own.Path),
                    () => Time(node, tools, args, placed.Path));
                Console.WriteLine($"  {name,-20} no cache {medians[0] * 1000,6:N0} ms   Node's own warm {medians[1] * 1000,6:N0} ms ({medians[1] / medians[0] - 1,6:P0})   " +
                    $"esmcache-warmed {medians[2] * 1000,6:N0} ms ({medians[2] / medians[0] - 1,6:P0}; {medians[2] / medians[1],5:F2}x Node's own)");
            }
        }
    }

    private static Warmed Warm(string cli, string node, string tools, string cacheDirectory, string nodeCache)
    {
        var run = BuiltProgram.Run(cli, ["node-cache", "warm", tools, "--include-node-modules", "--node", node, "--cache-dir", cacheDirectory, "--dir", nodeCache, "--json"], BuiltProgram.NoDaemon);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"node-cache warm failed ({run.ExitCode}): {run.Stderr}");
        }

        var json = JsonDocument.Parse(run.Stdout).RootElement;
        return new Warmed(json.GetProperty("runtime").GetString()!, json.GetProperty("files").GetInt32(), json.GetProperty("entries").GetInt32(),
            json.GetProperty("hits").GetInt32(), json.GetProperty("generated").GetInt32(), run.Milliseconds);
    }

    /// <summary>One run of the tool with NODE_COMPILE_CACHE at <paramref name="cache"/>, or none; it must exit as a run without any cache does.</summary>
    private static void Time(string node, string tools, string[] args, string? cache)
    {
        var info = new ProcessStartInfo(node) { WorkingDirectory = tools, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("NODE_COMPILE_CACHE");
        info.Environment.Remove("NODE_OPTIONS");
        if (cache is not null)
        {
            info.Environment["NODE_COMPILE_CACHE"] = cache;
        }

        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} exited with {process.ExitCode}");
        }
    }

    private sealed record Warmed(string Runtime, int Files, int Entries, int Hits, int Generated, double Ms);
}
