using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Scanning;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache scan</c>: every module of a tree, its record from the cache, and the resolved graph. The summary's
/// layout is <see cref="ScanSummaryView"/>'s, the JSON's <see cref="ScanJsonWriter"/>'s.</summary>
internal static class ScanCommand
{
    public static Command Create(CommandContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The tree to scan (.js .mjs .ts .tsx .mts .jsx files; .cjs/.cts listed as CommonJS; .gitignore is honoured).", DefaultValueFactory = _ => "." };
        var json = new Option<bool>("--json") { Description = "Write the graph as one JSON document (schema in README)." };
        var options = new ScanOptions();
        var command = new Command("scan",
            "Scan a tree: every ES module's record (from the cache) and the resolved module graph, with a summary.\n\n" +
            "By default records come from the local cache folder; a miss is analysed by this process, on every\n" +
            "core, and written to the folder (no silo is started; --embedded-silo starts one for misses).\n" +
            "The tree's index (stats, records, resolutions) makes a second scan of an unchanged tree read nothing.\n\n" +
            "Examples:\n" +
            "  esmcache scan .                              summary of the current tree\n" +
            "  esmcache scan packages/ --json > graph.json  the graph for tools\n" +
            "  esmcache scan . --cluster build-cache:30000  use a shared cluster\n" +
            "  esmcache scan . --no-cache                   analyse everything locally, to compare\n" +
            ExitCodes.Help)
        {
            directory, json,
        };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await RunAsync(context, result.GetValue(directory)!, result.GetValue(json), options, result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.WriteLine("esmcache scan: interrupted");
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string directory, bool json, ScanOptions options, ParseResult result, CancellationToken cancellationToken)
    {
        string root = context.FullPath(directory);
        if (!Directory.Exists(root))
        {
            context.Error.WriteLine($"esmcache: {directory}: no such directory");
            return ExitCodes.InputError;
        }

        await using var session = options.OpenSession(result, context);
        var scanner = session.CreateScanner(options.CreateResolver(result));
        var scan = await ScanAsync(context, scanner, root, options.TreeOptions(result), showProgress: !json, cancellationToken);

        ReportProblems(context, scan);
        if (json)
        {
            using var stdout = context.OpenStandardOutput();
            ScanJsonWriter.Write(stdout, scan);
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            ScanSummaryView.Write(context.CreateConsole(), scan, session);
        }

        return scan.SyntaxErrors > 0 || scan.Problems.Count > 0 ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <summary>Unusable files and an index that could not be used, on stderr: the scan's answer stands without them.</summary>
    public static void ReportProblems(CommandContext context, ScanResult scan)
    {
        if (scan.IndexNote is { } note)
        {
            context.Error.WriteLine($"esmcache: warning: {note}");
        }

        foreach (var problem in scan.Problems)
        {
            context.Error.WriteLine($"esmcache: {problem.Path}: {problem.Reason}");
        }
    }

    /// <summary>
    /// Scans <paramref name="root"/> (absolute), in the daemon once no other request scans it, with a live progress
    /// bar on a terminal and nothing when errors are piped or redirected.
    /// </summary>
    public static async Task<ScanResult> ScanAsync(
        CommandContext context, ModuleScanner scanner, string root, SourceTreeOptions tree, bool showProgress, CancellationToken cancellationToken)
    {
        using var alone = context.Daemon is { } daemon ? await daemon.EnterRootAsync(root, cancellationToken) : null;

        // Redirection is checked first: it is cheap, and a piped run then never initialises the console library.
        if (!showProgress || !context.ErrorIsTerminal || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await scanner.ScanAsync(root, tree, cancellationToken: cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        ScanResult? scan = null;
        await console.Progress().AutoClear(true).HideCompleted(true).StartAsync(async context =>
        {
            var task = context.AddTask("scanning", maxValue: 1);
            var progress = new Progress<ScanProgress>(p =>
            {
                task.Description = p.Phase;
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            });
            scan = await scanner.ScanAsync(root, tree, progress, cancellationToken);
            task.Value = task.MaxValue;
        });
        return scan!;
    }
}
