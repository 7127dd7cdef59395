using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>
/// <c>esmcache daemon</c>: answers graph queries and JSON scans for one cache folder from a process that stays up,
/// with each root's index in memory and its code compiled, and each root watched (<see cref="WatchedScans"/>): while
/// the watch has seen no change, a root's last scan is the answer, without a stat of the tree; otherwise the answer
/// is a full warm scan (each file's stat, each resolution's facts), exactly as the command would do in its own
/// process. Commands run one at a time, in the client's working folder.
/// </summary>
internal static class DaemonCommand
{
    public static Command Create()
    {
        var cacheDir = new Option<string?>("--cache-dir") { Description = "The cache folder to serve (default $XDG_CACHE_HOME/esmcache; also ESMCACHE_CACHE_DIR).", HelpName = "DIR" };
        ScanOptions.RequireFolder(cacheDir);
        var idle = new Option<int>("--idle-minutes") { Description = "Exit after this many minutes without a request.", DefaultValueFactory = _ => 30 };
        var command = new Command("daemon",
            "Serve affected, deps, dependents, cycles and scan --json for this cache folder from memory: the commands\n" +
            "find the daemon by its socket (DIR/daemon.sock) and are answered without loading anything. Each root is\n" +
            "watched (Linux inotify): while nothing under it changed, its last scan answers without a stat of the\n" +
            "tree; after a change, every file's stat and every resolution's facts are checked again. Roots on\n" +
            "network or FUSE file systems are not watched. ESMCACHE_DAEMON=off makes a command run in its own\n" +
            "process anyway.\n\n" +
            "Example:\n" +
            "  esmcache daemon --idle-minutes 60 &    then: esmcache affected --since origin/main\n" +
            ExitCodes.Help)
        {
            cacheDir, idle,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            return await ServeAsync(CacheFolder.Resolve(result.GetValue(cacheDir)), TimeSpan.FromMinutes(Math.Max(1, result.GetValue(idle))), cancellationToken);
        });
        return command;
    }

    /// <summary>How long a connected client may take to send its request.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a client may leave a frame of its answer unread.</summary>
    internal static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private static async Task<int> ServeAsync(string cacheDirectory, TimeSpan idle, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine("esmcache daemon: not available on Windows");
            return ExitCodes.InputError;
        }

        Directory.CreateDirectory(cacheDirectory);
        string socketPath = DaemonProtocol.SocketPath(cacheDirectory);
        if (File.Exists(socketPath))
        {
            if (Answers(socketPath))
            {
                Console.Error.WriteLine($"esmcache daemon: another daemon already serves {cacheDirectory}");
                return ExitCodes.InputError;
            }

            File.Delete(socketPath); // left by a daemon that was killed
        }

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        // Only this user may ask: a request names folders the daemon reads with this user's rights.
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(64);
        CliOutput.InDaemon = true;
        ScanIndexStore.KeepInMemory = true;
        using var watches = new WatchedScans();
        CacheSession.Watches = watches;
        GitAnswers.Shared = new GitAnswers(watches);
        var root = CliApp.Create();
        var log = Console.Error; // commands' own stderr goes to their clients
        log.WriteLine($"esmcache daemon: serving {cacheDirectory} on {socketPath} (exits after {idle.TotalMinutes:N0} idle minutes)");
        string? reported = null;
        try
        {
            while (true)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                waiting.CancelAfter(idle);
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(waiting.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                using (client)
                {
                    // A client that sends no request, or stops reading its answer, is dropped instead of holding up
                    // every client after it.
                    client.ReceiveTimeout = (int)RequestTimeout.TotalMilliseconds;
                    client.SendTimeout = (int)AnswerTimeout.TotalMilliseconds;
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    if (await AnswerAsync(root, client) is { } answered)
                    {
                        log.WriteLine($"esmcache daemon: {answered.Command} -> {answered.Exit} in {watch.Elapsed.TotalMilliseconds:N0} ms");
                    }

                    if (watches.LastProblem is { } problem && problem != reported)
                    {
                        log.WriteLine($"esmcache daemon: {problem}; its answers check every file");
                        reported = problem;
                    }
                }
            }
        }
        finally
        {
            File.Delete(socketPath);
        }

        log.WriteLine("esmcache daemon: stopped");
        return ExitCodes.Success;
    }

    /// <summary>Runs one client's command with its output sent back as frames; a client that goes away only loses its answer.</summary>
    private static async Task<(string Command, int Exit)?> AnswerAsync(RootCommand root, Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: false);
        DaemonRequest request;
        try
        {
            var frame = DaemonProtocol.ReadFrame(stream, DaemonProtocol.MaxRequestBytes) ?? throw new IOException("no request");
            request = DaemonRequest.Decode(frame.Payload);
            if (!DaemonProtocol.Serves(request.Args) || !Directory.Exists(request.WorkingDirectory))
            {
                throw new IOException("not a command the daemon serves");
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"esmcache daemon: refused a request: {e.Message}");
            return null;
        }

        string workingDirectory = Environment.CurrentDirectory;
        // esmcache's settings are the caller's for the request: each one the request carries, and each one the daemon
        // has that the caller does not (unset for the request). Nothing else of the caller's environment applies.
        var saved = DaemonSettings.OfThisProcess().ToDictionary(s => s.Key, string? (s) => s.Value, StringComparer.Ordinal);
        foreach (var key in request.Environment.Keys)
        {
            if (key.StartsWith(DaemonSettings.Prefix, StringComparison.Ordinal))
            {
                saved.TryAdd(key, null);
            }
        }

        var stdout = new DaemonFrameStream(stream, DaemonProtocol.Stdout);
        var stderr = new DaemonFrameStream(stream, DaemonProtocol.Stderr);
        int exit = ExitCodes.Interrupted;
        try
        {
            Environment.CurrentDirectory = request.WorkingDirectory;
            foreach (var key in saved.Keys)
            {
                Environment.SetEnvironmentVariable(key, request.Environment.GetValueOrDefault(key));
            }

            using var outText = new StreamWriter(stdout, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { AutoFlush = false };
            using var errorText = new StreamWriter(stderr, new UTF8Encoding(false), 4096, leaveOpen: true) { AutoFlush = true };
            using (CliOutput.RedirectTo(stdout, outText, errorText))
            {
                try
                {
                    exit = await CliApp.RunAsync(root, request.Args);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A command's failure is the client's answer, never the daemon's end.
                    Console.Error.WriteLine($"esmcache: {e.Message}");
                    exit = ExitCodes.InputError;
                }

                outText.Flush();
            }

            stdout.Flush();
            DaemonProtocol.WriteExit(stream, exit);
        }
        catch (IOException)
        {
            // The client went away (Ctrl+C): nothing to answer.
            return null;
        }
        finally
        {
            Environment.CurrentDirectory = workingDirectory;
            foreach (var (key, value) in saved)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }

        return (string.Join(' ', request.Args), exit);
    }

    private static bool Answers(string socketPath)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
