using System.Diagnostics;
using System.Text.Json;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// <c>esmcache scan</c> killed (SIGKILL) at random points, half of them while it writes the root's index (the
/// moment its temporary file appears, plus up to 200 microseconds): the next scan is still right,
/// compared with a scan that uses no cache at all.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScanIndexKillTests : IDisposable
{
    private const int Files = 1500;
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();
    private readonly string _cli = RepoPaths.Cli;

    [Fact]
    public void A_scan_killed_at_random_points_while_writing_its_index_leaves_the_next_scan_correct()
    {
        Assert.True(File.Exists(_cli), $"the CLI is not built at {_cli}");
        for (int i = 0; i < Files; i++)
        {
            _tree.Write($"m/{i / 100}/m{i}.js", $"import {{ v as a }} from '../{(i + 1) % Files / 100}/m{(i + 1) % Files}.js';\nexport const v = {i};\n");
        }

        Assert.Equal(0, Scan().ExitCode); // fills the local folder: later scans need no silo
        string indexes = Path.Combine(_cache.Path, "index");
        var random = new Random(2026);
        int killedWhileWriting = 0;
        // At least 20 rounds, and more (up to 80) until a kill has landed during a write: on a loaded machine the
        // spin below can miss a short write, and the test must not depend on the machine's speed.
        for (int round = 0; round < 80 && (round < 20 || killedWhileWriting == 0); round++)
        {
            // Edit a few files so the scan has a new index to write.
            for (int e = 0; e < 3; e++)
            {
                int n = random.Next(Files);
                File.AppendAllText(Path.Combine(_tree.Path, $"m/{n / 100}/m{n}.js"), $"// edit {round}\n");
            }

            using var process = Start();
            bool duringWrite = round % 2 == 0;
            var clock = Stopwatch.StartNew();
            if (duringWrite)
            {
                // Spin until the temporary index file appears, then let the write run a random moment.
                while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60) && !Directory.EnumerateFiles(indexes, "*.tmp").Any())
                {
                }

                var pause = Stopwatch.StartNew();
                long ticks = random.Next(0, 200) * Stopwatch.Frequency / 1_000_000;
                while (pause.ElapsedTicks < ticks)
                {
                }
            }
            else
            {
                Thread.Sleep(random.Next(0, 1500));
            }

            if (!process.HasExited)
            {
                bool tempPresent = Directory.EnumerateFiles(indexes, "*.tmp").Any();
                process.Kill(entireProcessTree: true);
                killedWhileWriting += duringWrite && tempPresent ? 1 : 0;
            }

            Assert.True(process.WaitForExit(60_000), "the killed scan did not end");
        }

        Assert.True(killedWhileWriting > 0, "no kill landed while the index was being written");
        var after = Scan();
        Assert.True(after.ExitCode == 0, after.Errors);
        var fresh = Scan("--no-cache");
        Assert.Equal(Graph(fresh.Output), Graph(after.Output));
        var warm = Scan();
        Assert.Equal(Graph(fresh.Output), Graph(warm.Output));
        using var summary = JsonDocument.Parse(warm.Output);
        Assert.Equal(0, summary.RootElement.GetProperty("summary").GetProperty("hashed").GetInt32());
    }

    public void Dispose()
    {
        _tree.Dispose();
        _cache.Dispose();
    }

    private Process Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[_cli, "scan", _tree.Path, "--json", "--cache-dir", _cache.Path])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private (int ExitCode, string Output, string Errors) Scan(params string[] extra) =>
        ChildProcess.Run("dotnet", [_cli, "scan", _tree.Path, "--json", .. extra, .. extra.Length == 0 ? (string[])["--cache-dir", _cache.Path] : []], TimeSpan.FromMinutes(3));

    /// <summary>The modules with their hashes and resolved imports, as text: what must not differ.</summary>
    private static string Graph(string json)
    {
        using var document = JsonDocument.Parse(json);
        return string.Join('\n', document.RootElement.GetProperty("modules").EnumerateArray().Select(m =>
            $"{m.GetProperty("file").GetString()} {m.GetProperty("sha256").GetString()} " +
            string.Join(',', m.GetProperty("imports").EnumerateArray().Select(i => i.GetProperty("resolved").GetString()))));
    }
}
