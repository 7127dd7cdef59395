using System.Text.Json;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 12's figures: esmcache next to the tools a build cluster would otherwise run, side by side in one run,
/// whole processes, medians of interleaved rounds. The tree is the corpus's packages copied into a git repository
/// as top-level folders (madge skips anything under node_modules), so every tool reads the same files:
/// esmcache's developer loop (cold, --no-cache, warm, a one-file edit), the oxc script (bench/peers/oxc-graph.mjs), dependency-cruiser with and
/// without its cache, madge; then <c>affected --since HEAD~1</c> after a one-file commit, next to
/// <c>esmcache --version</c>.
/// </summary>
internal static class PeersBenchmark
{
    public static void Run(Corpus corpus, int rounds)
    {
        string cli = BuiltProgram.Dll("Cli", "esmcache");
        string peers = Path.Combine(Path.GetDirectoryName(corpus.Root)!, "peers");
        if (!File.Exists(Path.Combine(peers, "node_modules", ".bin", "depcruise")))
        {
            throw new InvalidOperationException($"The peer tools are not installed: run bench/fetch-corpus.sh (expected {peers}/node_modules).");
        }

        using var tree = new TempFolder();
        TreeCopy.Copy(Path.Combine(corpus.Root, "node_modules"), tree.Path);
        Git(tree.Path, "init", "-q");
        Git(tree.Path, "add", "-A");
        Git(tree.Path, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "corpus");

        using var warmCache = new TempFolder();
        using var cruiserCache = new TempFolder();
        var esmcache = (string[] extra) => BuiltProgram.Run(cli, ["scan", tree.Path, "--json", .. extra]);
        var node = (string script, string[] args) => BuiltProgram.RunProgram("node", [Path.Combine(peers, script), .. args], workingDirectory: peers);
        var bin = (string tool, string[] args) => BuiltProgram.RunProgram(Path.Combine(peers, "node_modules", ".bin", tool), args, workingDirectory: peers);

        Check(esmcache(["--cache-dir", warmCache.Path]), "esmcache scan (filling the warm cache)");
        Check(bin("depcruise", ["--no-config", "--output-type", "json", "--cache", cruiserCache.Path, tree.Path]), "dependency-cruiser (filling its cache)");
        var summary = JsonDocument.Parse(esmcache(["--cache-dir", warmCache.Path]).Stdout).RootElement.GetProperty("summary");

        var samples = new Dictionary<string, List<BuiltProgram.TimedRun>>();
        void Time(string name, Func<BuiltProgram.TimedRun> run)
        {
            var result = Check(run(), name);
            (samples.TryGetValue(name, out var list) ? list : samples[name] = []).Add(result);
        }

        using (var loop = new DeveloperLoop(cli, tree.Path, [], TreeCopy.EditTarget(tree.Path, "lodash-es/xor.js")))
        {
            for (int round = 0; round < rounds; round++)
            {
                loop.Round();
                Time("oxc script", () => node("oxc-graph.mjs", [tree.Path]));
                Time("dependency-cruiser, warm cache", () => bin("depcruise", ["--no-config", "--output-type", "json", "--cache", cruiserCache.Path, tree.Path]));
                Time("madge", () => bin("madge", ["--json", "--extensions", "js,mjs,jsx,ts,tsx,mts", tree.Path]));
            }

            loop.Print($"esmcache scan <the corpus's packages> --json, edit {Path.GetRelativePath(tree.Path, loop.EditFile)}");
            foreach (var mode in (ReadOnlySpan<string>)["cold", "one-file edit", "warm", "--no-cache"])
            {
                samples["esmcache " + mode] = [.. loop.Runs(mode)];
            }
        }

        // The same tree against an earlier build (--baseline), and without what the earlier build did not scan
        // (CommonJS files and declaration files): the same files, the cost of the edges and kinds alone.
        BaselineComparison.Run("the corpus tree", tree.Path, rounds);
        if (BaselineComparison.Dll is not null)
        {
            using var sameFiles = new TempFolder();
            TreeCopy.Copy(tree.Path, sameFiles.Path, file => !(file.EndsWith(".cjs", StringComparison.Ordinal) || file.EndsWith(".cts", StringComparison.Ordinal)
                || Format.TransformOptions.IsDeclarationFile(file) || file.Contains("/.git/", StringComparison.Ordinal)));
            BaselineComparison.Run("the corpus tree without .cjs, .cts and declaration files (the files the baseline scans)", sameFiles.Path, rounds);
        }

        // Once: it takes the longest by far.
        Time("dependency-cruiser, no cache", () => bin("depcruise", ["--no-config", "--output-type", "json", tree.Path]));

        // What ReadyToRun buys: the same build packed and installed as the dotnet tool users get.
        using var tools = new TempFolder();
        string tool = InstallTool(tools.Path);
        Check(BuiltProgram.RunProgram(tool, ["scan", tree.Path, "--json", "--cache-dir", warmCache.Path]), "the tool's first scan (another build: a new index)");
        for (int round = 0; round < rounds; round++)
        {
            Time("tool (ReadyToRun) warm", () => BuiltProgram.RunProgram(tool, ["scan", tree.Path, "--json", "--cache-dir", warmCache.Path]));
        }

        // affected --since HEAD~1 after a commit that changes one file, on the warm cache, next to --version.
        string changed = Directory.EnumerateFiles(tree.Path, "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(f => !f.Contains("/.git/"));
        File.AppendAllText(changed, "\n// changed\n");
        Git(tree.Path, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qam", "one change");
        Check(BuiltProgram.Run(cli, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]), "affected (warming after the change)");
        Check(BuiltProgram.RunProgram(tool, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]), "the tool's affected (warming)");
        for (int round = 0; round < rounds * 2; round++)
        {
            Time("esmcache --version", () => BuiltProgram.Run(cli, ["--version"]));
            Time("esmcache affected --since HEAD~1", () => BuiltProgram.Run(cli, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]));
            Time("tool (ReadyToRun) --version", () => BuiltProgram.RunProgram(tool, ["--version"]));
            Time("tool (ReadyToRun) affected --since HEAD~1", () => BuiltProgram.RunProgram(tool, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]));
        }

        // The same commands answered by `esmcache daemon` (the installed tool's), which keeps the index parsed.
        using (var daemon = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, ["daemon", "--cache-dir", warmCache.Path, "--idle-minutes", "5"]) { RedirectStandardError = true })!)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(warmCache.Path, "daemon.sock")) && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(20);
            }

            Check(BuiltProgram.RunProgram(tool, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]), "the daemon's first answer");
            for (int round = 0; round < rounds * 2; round++)
            {
                Time("daemon: --version", () => BuiltProgram.RunProgram(tool, ["--version"]));
                Time("daemon: affected --since HEAD~1", () => BuiltProgram.RunProgram(tool, ["affected", "--since", "HEAD~1", "--root", tree.Path, "--cache-dir", warmCache.Path]));
                Time("daemon: scan --json warm", () => BuiltProgram.RunProgram(tool, ["scan", tree.Path, "--json", "--cache-dir", warmCache.Path]));
            }

            daemon.Kill();
            daemon.WaitForExit(30_000);
        }

        Console.WriteLine($"{summary.GetProperty("files").GetInt32():N0} modules, {summary.GetProperty("bytes").GetInt64() / 1e6:F1} MB (the corpus's packages in a git repository), whole processes, median of {rounds}");
        double Median(string name) => Measure.Median(samples[name].Select(r => r.Milliseconds));
        double warm = Median("esmcache warm");
        Console.WriteLine($"  {"",-36} {"wall",8}     {"CPU",8}");
        foreach (var (name, runs) in samples)
        {
            double median = Median(name);
            double versionOfSame = Median(name.StartsWith("daemon", StringComparison.Ordinal) ? "daemon: --version" : name.StartsWith("tool", StringComparison.Ordinal) ? "tool (ReadyToRun) --version" : "esmcache --version");
            string ratio = name == "esmcache warm" ? "" : name.Contains("affected") ? $"{median / versionOfSame,6:F2}x --version" : $"{median / warm,6:F1}x warm";
            Console.WriteLine($"  {name,-36} {median,8:F0} ms  {Measure.Median(runs.Select(r => r.CpuMilliseconds)),8:F0} ms  {ratio}");
        }

        Console.WriteLine($"  warm scan: {Median("oxc script") / warm:F1}x faster than the oxc script (target >= 4x), {Median("esmcache --no-cache") / warm:F1}x faster than --no-cache (target >= 5x)");
        Console.WriteLine($"  affected --since HEAD~1: {Median("esmcache affected --since HEAD~1") / Median("esmcache --version"):F2}x the time of esmcache --version, " +
            $"{Median("tool (ReadyToRun) affected --since HEAD~1") / Median("tool (ReadyToRun) --version"):F2}x as the installed tool, " +
            $"{Median("daemon: affected --since HEAD~1") / Median("daemon: --version"):F2}x through its daemon (target <= 1.5x)");
    }

    /// <summary>Packs the CLI (dotnet pack: the ReadyToRun linux-x64 tool package) and installs it with dotnet tool install.</summary>
    private static string InstallTool(string folder)
    {
        string repo = Path.GetDirectoryName(Path.GetDirectoryName(Corpus.DefaultRoot()))!;
        string packages = Path.Combine(folder, "packages");
        Succeeded(BuiltProgram.RunProgram("dotnet", ["pack", Path.Combine(repo, "src", "Cli"), "-c", "Release", "-o", packages, "--nologo"]), "dotnet pack src/Cli");
        Succeeded(BuiltProgram.RunProgram("dotnet", ["tool", "install", "esmcache", "--tool-path", Path.Combine(folder, "tool"), "--add-source", packages], workingDirectory: folder), "dotnet tool install");
        return Path.Combine(folder, "tool", "esmcache");
    }

    private static void Succeeded(BuiltProgram.TimedRun run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        }
    }

    /// <summary>A scan's run: 1 (problems found in the content) is a result, anything else but 0 a failure.</summary>
    private static BuiltProgram.TimedRun Check(BuiltProgram.TimedRun run, string what) =>
        run.ExitCode is 0 or 1 ? run : throw new InvalidOperationException($"{what} exited {run.ExitCode}:\n{run.Stderr}");

    private static void Git(string directory, params string[] args)
    {
        var run = BuiltProgram.RunProgram("git", args, workingDirectory: directory);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {run.Stderr}");
        }
    }
}
