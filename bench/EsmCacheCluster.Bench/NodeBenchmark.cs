using System.Diagnostics;
using System.Text.Json;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 22. Tools and a TypeScript program (app/, 32 .ts files Node strips itself) on Node 22, 24 and 26
/// (tests/node) started three ways, whole processes, interleaved, medians: no compile cache, Node's own warm cache
/// (filled by a first run), and a folder a second agent filled with <c>esmcache node-cache warm --cluster</c> from
/// a silo process that runs the same three nodes (another agent's warm had the silo compile every entry). Then
/// the cost of warm itself on the tools' node_modules: through the cluster (first and second agent), and locally
/// (compiling everything, placing kept entries).
/// </summary>
internal static class NodeBenchmark
{
    public static async Task RunAsync(string benchRoot, int rounds)
    {
        string tools = Path.Combine(benchRoot, "node-tools");
        string nodes = Path.Combine(benchRoot, "..", "tests", "node", "node_modules");
        if (!File.Exists(Path.Combine(tools, "node_modules", "typescript", "bin", "tsc")) || !File.Exists(Path.Combine(tools, "app", "main.ts")) || !Directory.Exists(nodes))
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
        int[] majors = [22, 24, 26];
        using var storage = new TempFolder();
        var settings = new Dictionary<string, string>();
        for (int i = 0; i < majors.Length; i++)
        {
            settings[$"EsmCache__NodeRuntimes__{i}"] = NodePath(nodes, majors[i]);
        }

        // Every folder is filled first, through the silo and locally; the silo is then stopped, so that the timed
        // runs share the machine with nothing.
        using var folders = new TempFolder();
        var secondAgentFolders = new Dictionary<int, string>();
        var silo = await SiloProcess.StartAsync(storage.Path, settings);
        string gateway = $"127.0.0.1:{silo.GatewayPort}";
        var lines = new Dictionary<int, string>();
        try
        {
            foreach (int major in majors)
            {
                string node = NodePath(nodes, major), mine = Path.Combine(folders.Path, $"node{major}");
                var cold = Warm(cli, node, tools, Path.Combine(mine, "kept"), Path.Combine(mine, "compiled"), null);
                var warm = Warm(cli, node, tools, Path.Combine(mine, "kept"), Path.Combine(mine, "placed"), null);
                var clusterCold = Warm(cli, node, tools, Path.Combine(mine, "agent1"), Path.Combine(mine, "agent1-ncc"), gateway);
                var clusterWarm = Warm(cli, node, tools, Path.Combine(mine, "agent2"), Path.Combine(mine, "agent2-ncc"), gateway);
                if (clusterWarm.Generated != 0)
                {
                    throw new InvalidOperationException($"the second agent compiled {clusterWarm.Generated} entries: the cluster did not serve them");
                }

                secondAgentFolders[major] = Path.Combine(mine, "agent2-ncc");
                lines[major] = $"Node {major} ({cold.Runtime}): node-cache warm of bench/node-tools with node_modules, {cold.Files:N0} files, {cold.Entries:N0} entries:\n" +
                    $"  through the cluster: first agent {clusterCold.Ms:N0} ms ({clusterCold.Generated:N0} compiled by the silo), second agent {clusterWarm.Ms:N0} ms ({clusterWarm.Hits:N0} from the cluster, 0 compiled)\n" +
                    $"  locally: compiling all {cold.Ms:N0} ms, from kept entries {warm.Ms:N0} ms ({warm.Hits:N0} kept, {warm.Generated} compiled)";
            }
        }
        finally
        {
            silo.Dispose();
        }

        foreach (int major in majors)
        {
            string node = NodePath(nodes, major);
            using var own = new TempFolder();
            Console.WriteLine(lines[major]);
            foreach (var (name, args) in commands)
            {
                Time(node, tools, args, own.Path); // Node fills its own cache
                var medians = Measure.Interleaved(rounds,
                    () => Time(node, tools, args, null),
                    () => Time(node, tools, args, own.Path),
                    () => Time(node, tools, args, secondAgentFolders[major]));
                Console.WriteLine($"  {name,-20} no cache {medians[0] * 1000,6:N0} ms   Node's own warm {medians[1] * 1000,6:N0} ms ({medians[1] / medians[0] - 1,6:P0})   " +
                    $"cluster-warmed {medians[2] * 1000,6:N0} ms ({medians[2] / medians[0] - 1,6:P0}; {medians[2] / medians[1],5:F2}x Node's own)");
            }
        }
    }

    private static string NodePath(string nodes, int major) => Path.GetFullPath(Path.Combine(nodes, $"node{major}", "bin", "node"));

    private static Warmed Warm(string cli, string node, string tools, string cacheDirectory, string nodeCache, string? cluster)
    {
        string[] args = ["node-cache", "warm", tools, "--include-node-modules", "--node", node, "--cache-dir", cacheDirectory, "--dir", nodeCache, "--json"];
        var run = BuiltProgram.Run(cli, cluster is null ? args : [.. args, "--cluster", cluster], BuiltProgram.NoDaemon);
        if (run.ExitCode != 0 || (cluster is not null && run.Stderr.Contains("warning", StringComparison.Ordinal)))
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
