using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EsmCacheCluster.Bench;

/// <summary>The repository's programs as built in the benchmark's own configuration, and timed whole-process runs of them.</summary>
internal static partial class BuiltProgram
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The built assembly of <c>src/<paramref name="project"/></c>, or a clear error when it is not built.</summary>
    public static string Dll(string project, string assembly)
    {
        string repo = Path.GetDirectoryName(Path.GetDirectoryName(Corpus.DefaultRoot()))!;
        string dll = Path.Combine(repo, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build it first (dotnet build -c {Configuration}): {dll} is missing.");
    }

    /// <summary>The environment of a run that must not be answered by an <c>esmcache daemon</c>: the process does the work itself.</summary>
    public static IReadOnlyDictionary<string, string> NoDaemon { get; } = new Dictionary<string, string> { ["ESMCACHE_DAEMON"] = "off" };

    /// <summary>Runs <c>dotnet <paramref name="dll"/> args</c> to its end under <c>/usr/bin/time</c>: wall time, CPU time and peak RSS.</summary>
    public static TimedRun Run(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        RunProgram("dotnet", [dll, .. args], environment);

    /// <summary>Runs any program to its end under <c>/usr/bin/time</c>: wall time, CPU time (user + system, children included) and peak RSS.</summary>
    public static TimedRun RunProgram(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in (string[])["-f", "PEAK %M CPU %U %S", program, .. args])
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double ms = watch.Elapsed.TotalMilliseconds;
        var usage = Usage().Match(stderr);
        return usage.Success
            ? new TimedRun(process.ExitCode, stdout.Result, stderr, ms, long.Parse(usage.Groups[1].Value),
                (double.Parse(usage.Groups[2].Value, CultureInfo.InvariantCulture) + double.Parse(usage.Groups[3].Value, CultureInfo.InvariantCulture)) * 1000)
            : new TimedRun(process.ExitCode, stdout.Result, stderr, ms, 0, 0);
    }

    public readonly record struct TimedRun(int ExitCode, string Stdout, string Stderr, double Milliseconds, long PeakKb, double CpuMilliseconds);

    [GeneratedRegex(@"PEAK (\d+) CPU ([\d.]+) ([\d.]+)")]
    private static partial Regex Usage();
}
