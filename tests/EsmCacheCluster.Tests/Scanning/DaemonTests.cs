using System.Collections.Concurrent;
using System.Diagnostics;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// <c>esmcache daemon</c> as users run it: the built CLI serving a cache folder, and the CLI forwarding to it. Its
/// answers equal those of a command run in its own process (ESMCACHE_DAEMON=off), before and after edits, from
/// another working folder; a killed daemon's socket makes commands run locally again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DaemonTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();
    private readonly string _cli = RepoPaths.Cli;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _daemon;

    public DaemonTests()
    {
        _tree.Write("src/main.js", "import { a } from './a.js';\nimport { b } from './lib/b.js';\nexport default a + b;\n");
        _tree.Write("src/a.js", "export const a = 1;\n");
        _tree.Write("src/lib/b.js", "export const b = 2;\n");
        _tree.Write("src/other.js", "export const c = 3;\n");
    }

    [Fact]
    public void The_daemon_answers_as_the_command_would_and_steps_aside_when_gone()
    {
        Assert.True(File.Exists(_cli), $"the CLI is not built at {_cli}");
        StartDaemon();
        string[][] commands =
        [
            ["affected", "src/a.js", "--root", _tree.Path, "--cache-dir", _cache.Path],
            ["deps", "src/main.js", "--root", _tree.Path, "--cache-dir", _cache.Path, "--format", "json"],
            ["cycles", "--root", _tree.Path, "--cache-dir", _cache.Path],
            ["scan", _tree.Path, "--json", "--cache-dir", _cache.Path],
        ];
        var answers = commands.Select(AssertSameAnswer).ToArray();
        Assert.Contains("\"watched\":true", answers[^1]); // the same root as the commands before: its watch saw no change

        AssertAnswered(commands.Length);

        // An edit: the root's watch sees it, and the next answer is a full warm scan.
        _tree.Write("src/other.js", "import { a } from './a.js';\nexport const c = a;\n");
        var after = AssertSameAnswer(["affected", "src/a.js", "--root", _tree.Path, "--cache-dir", _cache.Path]);
        Assert.Contains("src/other.js", after);

        // Paths relative to the client's working folder.
        var relative = Cli(["deps", "src/main.js", "--root", ".", "--cache-dir", _cache.Path], _tree.Path);
        Assert.Equal(0, relative.ExitCode);
        Assert.Contains("src/lib/b.js", relative.Output);
        AssertAnswered(commands.Length + 2);

        // Killed: its socket stays behind, and commands run here again.
        _daemon!.Kill();
        Assert.True(_daemon.WaitForExit(30_000));
        Assert.True(File.Exists(Path.Combine(_cache.Path, "daemon.sock")));
        AssertSameAnswer(["affected", "src/a.js", "--root", _tree.Path, "--cache-dir", _cache.Path]);
    }

    [Fact]
    public void Each_request_runs_with_its_callers_settings_and_its_own_warnings()
    {
        StartDaemon();

        // A caller's ESMCACHE_* settings apply to its request (the daemon has none of them): a cap that is not a
        // size is reported to that caller, after a scan that added to the folder.
        _tree.Write("src/new1.js", "export const n = 1;\n");
        var capped = Cli(["ESMCACHE_MAX_CACHE_SIZE=banana", "scan", _tree.Path, "--json", "--cache-dir", _cache.Path]);
        Assert.Contains("ESMCACHE_MAX_CACHE_SIZE", capped.Errors);

        // Warnings reach the client whose request made them, each time: two requests through an unknown cluster.
        for (int i = 2; i <= 3; i++)
        {
            _tree.Write($"src/new{i}.js", $"export const n = {i};\n");
            var fellBack = Cli([$"ESMCACHE_CLUSTER=no-such-host.invalid:30000", "scan", _tree.Path, "--json", "--cache-dir", _cache.Path]);
            Assert.True(fellBack.ExitCode == 0, fellBack.Errors);
            Assert.Contains("analysing locally", fellBack.Errors);
        }

        AssertAnswered(3);
    }

    [Fact]
    public void A_client_that_sends_nothing_is_dropped_and_the_next_one_is_answered()
    {
        StartDaemon();
        using var stalled = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        stalled.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(_cache.Path, "daemon.sock")));

        // Sent while the daemon waits on the silent client: answered once it gives up on that one.
        var answer = Cli(["deps", "src/main.js", "--root", _tree.Path, "--cache-dir", _cache.Path]);
        Assert.True(answer.ExitCode == 0, answer.Errors);
        Assert.Contains("src/lib/b.js", answer.Output);
        AssertAnswered(1);
        Assert.Contains(_log, line => line.Contains("refused a request", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill();
            _daemon.WaitForExit(30_000);
        }

        _daemon?.Dispose();
        _tree.Dispose();
        _cache.Dispose();
    }

    private string AssertSameAnswer(string[] command)
    {
        var served = Cli(command);
        var local = Cli(["ESMCACHE_DAEMON=off", .. command]);
        Assert.True(local.ExitCode == 0, local.Errors);
        Assert.Equal((local.ExitCode, Normalized(local.Output)), (served.ExitCode, Normalized(served.Output)));
        return served.Output;
    }

    // The scan's summary says how long it took, and whether the daemon's watch answered.
    private static string Normalized(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, "\"ms\":\\d+|\"watched\":(true|false)", match => match.Value.StartsWith("\"ms", StringComparison.Ordinal) ? "\"ms\":0" : "\"watched\":?");

    // The daemon logs each answer; its stderr reaches the test on another thread, so wait (bounded) for the lines.
    private void AssertAnswered(int expected)
    {
        var waited = Stopwatch.StartNew();
        while (_log.Count(line => line.Contains(" -> ", StringComparison.Ordinal)) < expected && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
        }

        Assert.Equal(expected, _log.Count(line => line.Contains(" -> ", StringComparison.Ordinal)));
    }

    private (int ExitCode, string Output, string Errors) Cli(string[] args, string? workingDirectory = null)
    {
        // env sets ESMCACHE_DAEMON when asked, and runs the CLI as a user would.
        string[] environment = args.Length > 0 && args[0].Contains('=') ? [args[0]] : [];
        return ChildProcess.Run("env", [.. environment, "dotnet", _cli, .. args[environment.Length..]], TimeSpan.FromMinutes(2), workingDirectory);
    }

    private void StartDaemon()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[_cli, "daemon", "--cache-dir", _cache.Path, "--idle-minutes", "5"])
        {
            info.ArgumentList.Add(argument);
        }

        _daemon = Process.Start(info)!;
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _daemon.OutputDataReceived += (_, _) => { };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var waited = Stopwatch.StartNew();
        while (!_log.Any(line => line.Contains("serving", StringComparison.Ordinal)))
        {
            Assert.False(_daemon.HasExited, "the daemon exited: " + string.Join('\n', _log));
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the daemon did not start within 60 s");
            Thread.Sleep(50);
        }
    }
}
