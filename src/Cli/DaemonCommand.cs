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
/// process. Each request runs in its own <see cref="CommandContext"/> (the client's working folder, its ESMCACHE_*
/// settings, its output): nothing of the process is changed for it, so requests run side by side, one at a time per
/// root (<see cref="DaemonState.EnterRootAsync"/>).
/// </summary>
internal static class DaemonCommand
{
    public static Command Create(CommandContext context)
    {
        var cacheDir = new Option<string?>("--cache-dir") { Description = "The cache folder to serve (default $XDG_CACHE_HOME/esmcache; also ESMCACHE_CACHE_DIR).", HelpName = "DIR" };
        ScanOptions.RequireFolder(cacheDir);
        var idle = new Option<int>("--idle-minutes") { Description = "Exit after this many minutes without a request.", DefaultValueFactory = _ => 30 };
        var command = new Command("daemon",
            "Serve affected, deps, dependents, cycles and scan --json for this cache folder from memory: the commands\n" +
            "find the daemon by its socket (DIR/daemon.sock) and are answered without loading anything. Each root is\n" +
            "watched (Linux inotify): while nothing under it changed, its last scan answers without a stat of the\n" +
            "tree; after a change, every file's stat and every resolution's facts are checked again. Roots on\n" +
            "network or FUSE file systems are not watched. Requests for different roots are answered at once.\n" +
            "ESMCACHE_DAEMON=off makes a command run in its own process anyway.\n\n" +
            "Example:\n" +
            "  esmcache daemon --idle-minutes 60 &    then: esmcache affected --since origin/main\n" +
            ExitCodes.Help)
        {
            cacheDir, idle,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (context.Daemon is not null)
            {
                context.Error.WriteLine("esmcache daemon: a daemon does not start another");
                return ExitCodes.InputError;
            }

            return await ServeAsync(context, CacheFolder.Resolve(result.GetValue(cacheDir), context), TimeSpan.FromMinutes(Math.Max(1, result.GetValue(idle))), cancellationToken);
        });
        return command;
    }

    /// <summary>How long a connected client may take to send its request.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a client may leave a frame of its answer unread.</summary>
    internal static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Requests answered at once; further clients wait in the socket's backlog.</summary>
    private static readonly int MaxRequests = Math.Max(4, Environment.ProcessorCount * 2);

    private static async Task<int> ServeAsync(CommandContext daemon, string cacheDirectory, TimeSpan idle, CancellationToken cancellationToken)
    {
        var log = daemon.Error; // the daemon's own; each request's stderr goes to its client
        if (OperatingSystem.IsWindows())
        {
            log.WriteLine("esmcache daemon: not available on Windows");
            return ExitCodes.InputError;
        }

        Directory.CreateDirectory(cacheDirectory);
        string socketPath = DaemonProtocol.SocketPath(cacheDirectory);
        if (File.Exists(socketPath))
        {
            if (Answers(socketPath))
            {
                log.WriteLine($"esmcache daemon: another daemon already serves {cacheDirectory}");
                return ExitCodes.InputError;
            }

            File.Delete(socketPath); // left by a daemon that was killed
        }

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        // Only this user may ask: a request names folders the daemon reads with this user's rights.
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(64);
        using var state = new DaemonState(new WatchedScans());
        using var slots = new SemaphoreSlim(MaxRequests, MaxRequests);
        var answering = new List<Task>();
        string? reported = null;
        log.WriteLine($"esmcache daemon: serving {cacheDirectory} on {socketPath} (exits after {idle.TotalMinutes:N0} idle minutes)");
        try
        {
            while (true)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                waiting.CancelAfter(idle);
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(waiting.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && slots.CurrentCount < MaxRequests - 1)
                {
                    slots.Release();
                    continue; // a request is still being answered: not idle
                }
                catch (OperationCanceledException)
                {
                    slots.Release();
                    break;
                }

                answering.RemoveAll(t => t.IsCompleted);
                answering.Add(Task.Run(async () =>
                {
                    try
                    {
                        using (client)
                        {
                            var watch = System.Diagnostics.Stopwatch.StartNew();
                            if (await AnswerAsync(daemon, state, client, cancellationToken) is { } answered)
                            {
                                log.WriteLine($"esmcache daemon: {answered.Command} -> {answered.Exit} in {watch.Elapsed.TotalMilliseconds:N0} ms");
                            }

                            if (state.Watches.LastProblem is { } problem && Interlocked.Exchange(ref reported, problem) != problem)
                            {
                                log.WriteLine($"esmcache daemon: {problem}; its answers check every file");
                            }
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped (SIGTERM, Ctrl+C): the requests in flight end with the same token
        }
        finally
        {
            File.Delete(socketPath);
            await Task.WhenAll(answering).ConfigureAwait(false);
        }

        log.WriteLine("esmcache daemon: stopped");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Runs one client's command in a context of its own, with its output sent back as frames; a client that sends no
    /// request in time, or stops reading its answer, is dropped, and one that goes away only loses its answer.
    /// </summary>
    private static async Task<(string Command, int Exit)?> AnswerAsync(CommandContext daemon, DaemonState state, Socket client, CancellationToken cancellationToken)
    {
        client.ReceiveTimeout = (int)RequestTimeout.TotalMilliseconds;
        client.SendTimeout = (int)AnswerTimeout.TotalMilliseconds;
        using var stream = new NetworkStream(client, ownsSocket: false);
        DaemonRequest request;
        try
        {
            // The whole request within the timeout, not each read: a client sending a byte at a time is dropped too.
            byte[] payload;
            using (var deadline = new CancellationTokenSource(RequestTimeout))
            using (deadline.Token.Register(() => client.Shutdown(SocketShutdown.Both)))
            {
                payload = (DaemonProtocol.ReadFrame(stream, DaemonProtocol.MaxRequestBytes) ?? throw new IOException("no request")).Payload;
            }

            request = DaemonRequest.Decode(payload);
            if (!DaemonProtocol.Serves(request.Args) || !Path.IsPathFullyQualified(request.WorkingDirectory) || !Directory.Exists(request.WorkingDirectory))
            {
                throw new IOException("not a command the daemon serves");
            }
        }
        catch (IOException e)
        {
            daemon.Error.WriteLine($"esmcache daemon: refused a request: {e.Message}");
            return null;
        }

        var connection = new DaemonConnection(stream);
        var stdout = new DaemonFrameStream(connection, DaemonProtocol.Stdout);
        var stderr = new DaemonFrameStream(connection, DaemonProtocol.Stderr);
        int exit;
        try
        {
            // Warnings may come from other threads (the cache client's): each line is written whole.
            using var outText = new StreamWriter(stdout, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { AutoFlush = false };
            using var errorText = new StreamWriter(stderr, new UTF8Encoding(false), 4096, leaveOpen: true) { AutoFlush = true };
            var context = new CommandContext(
                request.WorkingDirectory,
                DaemonSettings.ForRequest(daemon.Environment, request.Environment),
                stdout,
                TextWriter.Synchronized(outText),
                TextWriter.Synchronized(errorText))
            {
                Daemon = state,
            };
            try
            {
                exit = await CliApp.RunAsync(context, request.Args, ownsProcess: false, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not IOException)
            {
                // A command's failure is the client's answer, never the daemon's end.
                context.Error.WriteLine($"esmcache: {e.Message}");
                exit = ExitCodes.InputError;
            }

            context.Out.Flush();
            stdout.Flush();
            connection.WriteExit(exit);
        }
        catch (IOException)
        {
            // The client went away (Ctrl+C) or stopped reading: nothing to answer.
            return null;
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
