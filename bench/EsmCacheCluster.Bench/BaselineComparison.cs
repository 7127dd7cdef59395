using System.Text.Json;

namespace EsmCacheCluster.Bench;

/// <summary>
/// <c>--baseline PATH</c>: an earlier build's esmcache.dll (from a git worktree of the commit to compare with), timed
/// side by side with this build on the same tree, interleaved: warm and cold scans, whole processes, each with its own
/// cache folder. What a change costs, measured in one run on one machine.
/// </summary>
internal static class BaselineComparison
{
    /// <summary>The earlier build's esmcache.dll; null when none was given.</summary>
    public static string? Dll { get; set; }

    public static void Run(string label, string tree, int rounds)
    {
        if (Dll is null)
        {
            return;
        }

        string cli = BuiltProgram.Dll("Cli", "esmcache");
        using var ours = new TempFolder();
        using var theirs = new TempFolder();
        Scan(cli, ["scan", tree, "--cache-dir", ours.Path]);
        Scan(Dll, ["scan", tree, "--cache-dir", theirs.Path]);
        var samples = new Dictionary<string, List<Sample>> { ["warm"] = [], ["baseline warm"] = [], ["cold"] = [], ["baseline cold"] = [] };
        for (int round = 0; round < rounds; round++)
        {
            samples["warm"].Add(Scan(cli, ["scan", tree, "--cache-dir", ours.Path]));
            samples["baseline warm"].Add(Scan(Dll, ["scan", tree, "--cache-dir", theirs.Path]));
            using (var empty = new TempFolder())
            {
                samples["cold"].Add(Scan(cli, ["scan", tree, "--cache-dir", empty.Path]));
            }

            using (var empty = new TempFolder())
            {
                samples["baseline cold"].Add(Scan(Dll, ["scan", tree, "--cache-dir", empty.Path]));
            }
        }

        var m = samples.ToDictionary(s => s.Key, s => Median(s.Value));
        Console.WriteLine($"against the baseline ({Dll}), {label}, whole processes, median of {rounds}:");
        foreach (var (name, sample) in m)
        {
            Console.WriteLine($"  {name,-14} {sample.Seconds * 1000,6:F0} ms  {sample.Files,6:N0} files");
        }

        Console.WriteLine($"  warm: {m["warm"].Seconds / m["baseline warm"].Seconds:F2}x the baseline's (target <= 1.10 on the same files); " +
            $"cold: {m["cold"].Seconds / m["baseline cold"].Seconds:F2}x");
    }

    private static Sample Scan(string cli, string[] args)
    {
        var run = BuiltProgram.Run(cli, [.. args, "--json"], BuiltProgram.NoDaemon);
        if (run.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"{cli} {string.Join(' ', args)} exited {run.ExitCode}:\n{run.Stderr}");
        }

        int files = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("summary").GetProperty("files").GetInt32();
        return new Sample(run.Milliseconds / 1000, files);
    }

    private static Sample Median(List<Sample> runs) => runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);

    private readonly record struct Sample(double Seconds, int Files);
}
