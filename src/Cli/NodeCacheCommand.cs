using System.CommandLine;
using System.Diagnostics;
using EsmCacheCluster.NodeCache;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary>
/// <c>esmcache node-cache warm|exec</c>: Node's own compile cache (NODE_COMPILE_CACHE) filled for a tree before Node
/// runs, so the first run of every tool on a fresh machine loads its modules warm. <see cref="NodeCacheView"/> prints
/// what a warm did.
/// </summary>
internal static class NodeCacheCommand
{
    public static Command Create(CommandContext context) => new("node-cache",
        "Node's own compile cache, filled ahead of time: every CommonJS and ES module under a tree gets the entry\n" +
        "Node would write after loading it, compiled by that node without running the module. Entries are kept\n" +
        "in the cache folder by content, so a second checkout of the same packages is warmed without compiling.\n" +
        "Node then needs only NODE_COMPILE_CACHE=DIR (Node 22.1 or later).\n\n" +
        "Examples:\n" +
        "  esmcache node-cache warm . --include-node-modules --dir .node-cache && NODE_COMPILE_CACHE=.node-cache npx tsc -p .\n" +
        "  esmcache node-cache exec --include-node-modules -- npx eslint src\n" +
        ExitCodes.Help)
    {
        Warm(context), Exec(context),
    };

    private sealed class WarmOptions
    {
        public Argument<string> Root { get; } = new("root") { Description = "The tree whose .js, .cjs and .mjs files (and package.json bin scripts) are warmed; on a node that keeps stripped TypeScript (24, 26) also its .ts, .mts and .cts files outside node_modules.", DefaultValueFactory = _ => "." };

        public Option<string?> Node { get; } = new("--node") { Description = "The node that will run the tools (default: node on PATH). Its entries fit no other version or V8 flags.", HelpName = "PATH" };

        public Option<string?> Dir { get; } = new("--dir") { Description = "Node's compile cache folder, as NODE_COMPILE_CACHE will name it (default: CACHE_DIR/node/compile-cache).", HelpName = "DIR" };

        public Option<bool> IncludeNodeModules { get; } = new("--include-node-modules") { Description = "Also warm the packages under node_modules (where tools live)." };

        public Option<string?> CacheDir { get; } = new("--cache-dir") { Description = "The local cache folder that keeps entries by content (default $XDG_CACHE_HOME/esmcache; also ESMCACHE_CACHE_DIR).", HelpName = "DIR" };

        public Option<string?> Cluster { get; } = ClusterOption.Create(
            "Get entries from a cluster (HOST:PORT[,HOST:PORT...]) whose silos run this node (EsmCache:NodeRuntimes); also ESMCACHE_CLUSTER, " +
            "with ESMCACHE_CLUSTER_ID, ESMCACHE_SERVICE_ID and ESMCACHE_TLS_*. Misses are compiled by the cluster once for every agent.");

        public void AddTo(Command command)
        {
            command.Add(Cluster);
            command.Add(Node);
            command.Add(Dir);
            command.Add(IncludeNodeModules);
            command.Add(CacheDir);
            ScanOptions.RequireFolder(Dir);
            ScanOptions.RequireFolder(CacheDir);
        }
    }

    private static Command Warm(CommandContext context)
    {
        var options = new WarmOptions();
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object: runtime, dir, files, entries, hits, generated, skipped." };
        var command = new Command("warm", "Fill Node's compile cache folder for a tree, then print what was written.\n\n" +
            "Example:\n  esmcache node-cache warm . --include-node-modules --dir /tmp/ncc --json\n" + ExitCodes.Help)
        {
            options.Root, json,
        };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await WarmAsync(context, options, result, cancellationToken) is not { } warmed)
            {
                return ExitCodes.InputError;
            }

            NodeCacheView.Write(context.Out, warmed, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Exec(CommandContext context)
    {
        var options = new WarmOptions();
        var commandLine = new Argument<string[]>("command") { Description = "The command to run with NODE_COMPILE_CACHE set (after --).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Warm the tree (the current folder by default), then run a command with NODE_COMPILE_CACHE set to the\n" +
            "warmed folder. The warm's summary goes to stderr; the exit code is the command's.\n\n" +
            "Example:\n  esmcache node-cache exec --include-node-modules -- npx tsc -p .\n" + ExitCodes.Help)
        {
            commandLine,
        };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await WarmAsync(context, options, result, cancellationToken) is not { } warmed)
            {
                return ExitCodes.InputError;
            }

            NodeCacheView.Write(context.Error, warmed, json: false);
            string[] run = result.GetRequiredValue(commandLine);
            var info = new ProcessStartInfo(run[0]) { UseShellExecute = false, WorkingDirectory = context.WorkingDirectory };
            foreach (var argument in run.AsSpan(1))
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment.Clear();
            foreach (var (key, value) in context.Environment)
            {
                info.Environment[key] = value;
            }

            info.Environment["NODE_COMPILE_CACHE"] = Path.GetDirectoryName(warmed.Directory)!;
            try
            {
                using var process = Process.Start(info)!;
                await process.WaitForExitAsync(cancellationToken);
                return process.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                context.Error.WriteLine($"esmcache: {run[0]}: {e.Message}");
                return 127;
            }
        });
        return command;
    }

    /// <summary>Runs a warm with a live progress bar on a terminal, and with nothing when errors are piped or redirected.</summary>
    private static async Task<NodeWarmResult> WithProgressAsync(CommandContext context, Func<IProgress<(int Done, int Total)>?, Task<NodeWarmResult>> warm)
    {
        if (!context.ErrorIsTerminal || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await warm(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        NodeWarmResult? warmed = null;
        await console.Progress().AutoClear(true).HideCompleted(true).StartAsync(async bar =>
        {
            var task = bar.AddTask("warming Node's compile cache", maxValue: 1);
            warmed = await warm(new Progress<(int Done, int Total)>(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            }));
            task.Value = task.MaxValue;
        });
        return warmed!;
    }

    /// <summary>Probes the runtime and warms the tree; null (after saying why) when the runtime or the tree cannot be used.</summary>
    private static async Task<NodeWarmResult?> WarmAsync(CommandContext context, WarmOptions options, ParseResult result, CancellationToken cancellationToken)
    {
        string root = context.FullPath(result.GetValue(options.Root) ?? ".");
        if (!Directory.Exists(root))
        {
            context.Error.WriteLine($"esmcache: {result.GetValue(options.Root)}: no such directory");
            return null;
        }

        string? node = result.GetValue(options.Node) is { } given ? context.FullPath(given) : FindOnPath(context, "node");
        if (node is null)
        {
            context.Error.WriteLine("esmcache: no node on PATH: name one with --node PATH");
            return null;
        }

        string cacheDirectory = CacheFolder.Resolve(result.GetValue(options.CacheDir), context);
        string nodeDirectory = result.GetValue(options.Dir) is { } dir ? context.FullPath(dir) : Path.Combine(cacheDirectory, "node", "compile-cache");
        string? cluster = result.GetValue(options.Cluster) ?? context.Variable("ESMCACHE_CLUSTER");
        IReadOnlyList<Client.GatewayAddress>? gateways = null;
        if (cluster is not null && !Client.GatewayAddress.TryParseList(cluster, out gateways, out string error))
        {
            throw new UsageException($"ESMCACHE_CLUSTER: {error}");
        }

        Client.ClusterConnection? connection = null;
        try
        {
            var environment = context.Environment;
            var runtime = await NodeRuntime.ProbeAsync(node, environment, cancellationToken);
            var store = new NodeEntryStore(Path.Combine(cacheDirectory, Records.LocalCacheFolder.NodeEntriesFolder));
            var local = new LocalNodeEntrySource(runtime, store, token => NodeCompiler.StartAsync(runtime, environment, token), Environment.ProcessorCount);
            await using INodeEntrySource entries = gateways is null ? local : new ClusterNodeEntrySource(runtime, local, async () =>
            {
                var tls = Client.ClusterTls.FromSettings(name => context.Variable(name) is { } path ? context.FullPath(path) : null);
                connection = await Client.ClusterConnection.ConnectAsync(gateways, Client.ClusterIdentity.FromSettings(context.Variable), tls, cancellationToken);
                return connection.Client;
            }, context.Error);
            // A cluster's answers are mostly waiting on the network: more files in flight than cores.
            var warmer = new NodeCacheWarmer(runtime, entries, gateways is null ? Environment.ProcessorCount * 2 : Math.Max(16, Environment.ProcessorCount * 4));
            var warmed = await WithProgressAsync(context, progress => warmer.WarmAsync(root, nodeDirectory, result.GetValue(options.IncludeNodeModules), progress, cancellationToken));
            if (store.BytesWritten > 0)
            {
                // Kept entries count toward the cache folder's cap like blobs (least recently used go first).
                CacheFolder.KeepUnderCap(context, cacheDirectory, null, (cache, cap) => cache.KeepUnder(cap, store.BytesWritten));
            }

            return warmed;
        }
        catch (NodeRuntimeException e)
        {
            context.Error.WriteLine($"esmcache: {e.Message}");
            return null;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static string? FindOnPath(CommandContext context, string name)
    {
        foreach (var folder in (context.Variable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(context.FullPath(folder), name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
