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
    public void A_client_that_sends_nothing_or_a_byte_at_a_time_is_dropped_and_others_are_answered_meanwhile()
    {
        StartDaemon();
        using var silent = Connect();
        using var trickling = Connect();
        using var trickle = new Timer(_ =>
        {
            try
            {
                trickling.Send([0]); // a frame header never finished, within every per-read timeout
            }
            catch (System.Net.Sockets.SocketException)
            {
                // dropped
            }
            catch (ObjectDisposedException)
            {
                // the test ended
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));

        // Sent while both wait for their requests: answered without waiting for them.
        var answer = Cli(["deps", "src/main.js", "--root", _tree.Path, "--cache-dir", _cache.Path]);
        Assert.True(answer.ExitCode == 0, answer.Errors);
        Assert.Contains("src/lib/b.js", answer.Output);
        AssertAnswered(1);

        // Both are dropped: the trickling one at the request's deadline, though it never paused for a read's timeout.
        WaitForLog(lines => lines.Count(line => line.Contains("refused a request", StringComparison.Ordinal)) == 2, "two refused requests");
        Assert.Equal(0, trickling.Receive(new byte[1])); // the daemon closed it
    }

    [Fact]
    public void Requests_run_side_by_side_each_in_its_own_folder()
    {
        // A large answer its client does not read yet: a daemon serving one request at a time would hold every
        // other client until this one read it (or was dropped after 30 s, its answer cut short).
        using var big = new TempDirectory();
        for (int i = 0; i < 4000; i++)
        {
            big.Write($"m/{i:D4}.js", $"import './{(i + 1) % 4000:D4}.js';\nexport const value{i} = {i};\n");
        }

        using var other = new TempDirectory();
        other.Write("src/main.js", "import './x.js';\n");
        other.Write("src/x.js", "export const x = 1;\n");
        StartDaemon();
        Assert.Equal(0, Cli(["scan", big.Path, "--json", "--cache-dir", _cache.Path]).ExitCode); // warm: the request below only answers
        using var unread = Connect();
        unread.Send(EncodeRequest(["scan", ".", "--json", "--cache-dir", _cache.Path], big.Path));

        // Two clients in two working folders, relative paths each: each gets its own tree's answer meanwhile.
        var mine = Cli(["deps", "src/main.js", "--root", ".", "--cache-dir", _cache.Path], _tree.Path);
        var theirs = Cli(["deps", "src/main.js", "--root", ".", "--cache-dir", _cache.Path], other.Path);
        Assert.True(mine.ExitCode == 0, mine.Errors);
        Assert.True(theirs.ExitCode == 0, theirs.Errors);
        Assert.Contains("src/lib/b.js", mine.Output);
        Assert.Equal("src/x.js", theirs.Output.Trim());

        // The unread answer is whole: its client was not dropped while the others were answered.
        using var answer = new System.Net.Sockets.NetworkStream(unread);
        var stdout = new MemoryStream();
        int exit = -1;
        while (ReadFrame(answer) is { } frame)
        {
            if (frame.Kind == 1)
            {
                stdout.Write(frame.Payload);
            }
            else if (frame.Kind == 3)
            {
                exit = BitConverter.ToInt32(frame.Payload);
                break;
            }
        }

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToArray());
        Assert.Equal(4000, json.RootElement.GetProperty("modules").GetArrayLength());
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

    private System.Net.Sockets.Socket Connect()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(_cache.Path, "daemon.sock")));
        return socket;
    }

    // The protocol as its client writes it (DaemonProtocol): one frame of counted UTF-8 strings.
    private static byte[] EncodeRequest(string[] args, string workingDirectory)
    {
        byte[] payload = new EsmCacheCluster.Cli.DaemonRequest(args, workingDirectory, []).Encode();
        var frame = new byte[5 + payload.Length];
        BitConverter.TryWriteBytes(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static (byte Kind, byte[] Payload)? ReadFrame(Stream stream) => EsmCacheCluster.Cli.DaemonProtocol.ReadFrame(stream, 64 * 1024 * 1024);

    private void WaitForLog(Func<List<string>, bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition([.. _log]) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(20);
        }

        Assert.True(condition([.. _log]), $"the daemon's log does not show {what}: {string.Join('\n', _log)}");
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
