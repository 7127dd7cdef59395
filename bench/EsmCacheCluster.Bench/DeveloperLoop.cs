using System.Text.Json;

namespace EsmCacheCluster.Bench;

/// <summary>
/// Issue 20's figures: a developer's loop, <c>esmcache scan TREE --json</c> as whole processes with no daemon, in
/// paired rounds of four: cold (a new, empty cache folder), <c>--no-cache</c>, warm (the folder filled, nothing
/// changed) and a one-file edit (a comment appended to one file, then the warm folder). Wall time and CPU time (user +
/// system) side by side. Each run's summary is checked against what the mode must do (a cold run misses every distinct source,
/// a warm run none, an edit exactly one), so a figure never describes a run that did something else.
/// </summary>
internal sealed class DeveloperLoop : IDisposable
{
    private readonly string _cli;
    private readonly string[] _scan;
    private readonly string _editFile;
    private readonly byte[] _original;
    private readonly TempFolder _warm = new();

    // Cold folders stay until the end: deleting thousands of files between runs makes the next cold run pay for the
    // file system's cleanup (ext4 reuses the freed inodes lazily), which is not the scan's cost.
    private readonly TempFolder _colds = new();
    private readonly Dictionary<string, List<BuiltProgram.TimedRun>> _runs = new() { ["cold"] = [], ["one-file edit"] = [], ["warm"] = [], ["--no-cache"] = [] };
    private int _round;

    /// <param name="cli">The esmcache.dll to run.</param>
    /// <param name="tree">The folder to scan.</param>
    /// <param name="options">Further scan options (<c>--include-node-modules</c>).</param>
    /// <param name="editFile">The file a one-file edit appends a comment to; restored on dispose.</param>
    public DeveloperLoop(string cli, string tree, string[] options, string editFile)
    {
        _cli = cli;
        _scan = ["scan", tree, "--json", .. options];
        _editFile = editFile;
        _original = File.ReadAllBytes(editFile);
        Files = Summary(Scan("fill", ["--cache-dir", _warm.Path], record: false)).GetProperty("files").GetInt32();

        // The second run writes the index the first one built; from the third on a warm run reads it unchanged.
        Scan("warm", ["--cache-dir", _warm.Path], record: false);
    }

    public int Files { get; }

    public string EditFile => _editFile;

    /// <summary>The recorded runs of one mode: <c>cold</c>, <c>one-file edit</c>, <c>warm</c> or <c>--no-cache</c>.</summary>
    public IReadOnlyList<BuiltProgram.TimedRun> Runs(string mode) => _runs[mode];

    public double MedianMs(string mode) => Measure.Median(_runs[mode].Select(r => r.Milliseconds));

    /// <summary>One paired round: cold, <c>--no-cache</c>, warm, one-file edit.</summary>
    public void Round()
    {
        _round++;
        Scan("cold", ["--cache-dir", Directory.CreateDirectory(Path.Combine(_colds.Path, _round.ToString())).FullName]);
        Scan("--no-cache", ["--no-cache"]);
        Scan("warm", ["--cache-dir", _warm.Path]);
        File.AppendAllText(_editFile, $"\n// edit {_round}\n");

        // Past the index's racy window (a file changed within a second of the index being written is hashed again
        // on the next scan): the edit run then sees one changed file, not one changed and one racy.
        Thread.Sleep(1200);
        Scan("one-file edit", ["--cache-dir", _warm.Path]);
        Thread.Sleep(1200);
    }

    public void Print(string title)
    {
        Console.WriteLine($"{title} ({Files:N0} files), whole processes, no daemon, median of {_round} paired rounds");
        Console.WriteLine($"  {"",-14} {"wall",9} {"CPU",9} {"cores",6} {"peak RSS",9}");
        foreach (var (mode, runs) in _runs)
        {
            double wall = Measure.Median(runs.Select(r => r.Milliseconds));
            double cpu = Measure.Median(runs.Select(r => r.CpuMilliseconds));
            Console.WriteLine($"  {mode,-14} {wall,6:F0} ms {cpu,6:F0} ms {Measure.Median(runs.Select(r => r.CpuMilliseconds / r.Milliseconds)),6:F2} {Measure.Median(runs.Select(r => (double)r.PeakKb)) / 1024,6:F0} MB");
        }

        Console.WriteLine($"  one-file edit: {MedianMs("one-file edit") / MedianMs("warm"):F2}x the warm scan (target <= 1.3x); " +
            $"cold: {MedianMs("cold") / MedianMs("--no-cache"):F2}x --no-cache (target <= 1.15x); warm: {MedianMs("--no-cache") / MedianMs("warm"):F1}x faster than --no-cache");
    }

    public void Dispose()
    {
        File.WriteAllBytes(_editFile, _original);
        _warm.Dispose();
        _colds.Dispose();
    }

    private BuiltProgram.TimedRun Scan(string mode, string[] cache, bool record = true)
    {
        var run = BuiltProgram.Run(_cli, [.. _scan, .. cache], BuiltProgram.NoDaemon);
        if (run.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"esmcache scan ({mode}) exited {run.ExitCode}:\n{run.Stderr}");
        }

        var summary = Summary(run);
        int misses = summary.GetProperty("misses").GetInt32();
        int distinct = summary.GetProperty("distinct").GetInt32();
        bool expected = mode switch
        {
            // Every distinct source is generated at least once; a duplicate counts as a miss when it shared the
            // generation in flight and as a hit when the record was already written, so the count itself varies.
            "cold" => misses >= distinct,
            "one-file edit" => misses == 1,
            "warm" when record => misses == 0,
            _ => true,
        };
        if (!expected)
        {
            throw new InvalidOperationException($"a {mode} scan missed {misses} of {distinct} distinct sources; the measurement would not be what it says");
        }

        if (record)
        {
            _runs[mode].Add(run);
        }

        return run;
    }

    private static JsonElement Summary(BuiltProgram.TimedRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("summary");
}
