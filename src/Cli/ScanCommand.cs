using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Scanning;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache scan</c>: every module of a tree, its record from the cache, and the resolved graph.</summary>
internal static class ScanCommand
{
    public static Command Create()
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
                return await RunAsync(result.GetValue(directory)!, result.GetValue(json), options, result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine("esmcache scan: interrupted");
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string directory, bool json, ScanOptions options, ParseResult result, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"esmcache: {directory}: no such directory");
            return ExitCodes.InputError;
        }

        await using var session = options.OpenSession(result);
        var scanner = session.CreateScanner(options.CreateResolver(result));
        var scan = await RunWithProgressAsync(scanner, directory, options.TreeOptions(result), showProgress: !json, cancellationToken);

        ReportProblems(scan);
        if (json)
        {
            using var stdout = CliOutput.OpenStandardOutput();
            ScanJsonWriter.Write(stdout, scan);
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            PrintSummary(scan, session);
        }

        return scan.SyntaxErrors > 0 || scan.Problems.Count > 0 ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <summary>Unusable files and an index that could not be used, on stderr: the scan's answer stands without them.</summary>
    public static void ReportProblems(ScanResult scan)
    {
        if (scan.IndexNote is { } note)
        {
            Console.Error.WriteLine($"esmcache: warning: {note}");
        }

        foreach (var problem in scan.Problems)
        {
            Console.Error.WriteLine($"esmcache: {problem.Path}: {problem.Reason}");
        }
    }

    /// <summary>A live progress bar on a terminal; nothing when output is piped or redirected.</summary>
    public static async Task<ScanResult> RunWithProgressAsync(
        ModuleScanner scanner, string directory, SourceTreeOptions tree, bool showProgress, CancellationToken cancellationToken)
    {
        // Redirection is checked first: it is cheap, and a piped run then never initialises the console library.
        if (!showProgress || CliOutput.InDaemon || Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await scanner.ScanAsync(directory, tree, cancellationToken: cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
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
            scan = await scanner.ScanAsync(directory, tree, progress, cancellationToken);
            task.Value = task.MaxValue;
        });
        return scan!;
    }

    private static void PrintSummary(ScanResult scan, CacheSession session)
    {
        var graph = scan.Graph;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("scan").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("root", Markup.Escape(graph.Root));
        table.AddRow("files", $"{graph.Modules.Count:N0}");
        if (scan.TypeScriptFiles > 0)
        {
            table.AddRow("of which TypeScript/JSX", $"{scan.TypeScriptFiles:N0}");
        }

        if (scan.CommonJs.Count > 0)
        {
            table.AddRow("CommonJS modules", $"{scan.CommonJs.Count:N0}");
        }

        table.AddRow("bytes", $"{scan.Bytes:N0}");
        table.AddRow("distinct sources", $"{scan.Distinct:N0}");
        table.AddRow("read and hashed", $"{scan.Hashed:N0}");
        table.AddRow("hits", $"{scan.Hits:N0}");
        table.AddRow("misses", $"{scan.Misses:N0}");
        table.AddRow(session.Mode is CacheMode.Cluster or CacheMode.EmbeddedSilo ? "generated by the cluster" : "generated here", $"{scan.Generated:N0}");
        if (scan.Fallbacks > 0)
        {
            table.AddRow("analysed here (cluster unavailable)", $"{scan.Fallbacks:N0}");
        }
        table.AddRow("syntax errors", $"{scan.SyntaxErrors:N0}");
        table.AddRow("resolved (not from the index)", $"{scan.Resolved:N0}");
        table.AddRow("unresolved specifiers", $"{scan.Unresolved:N0}");
        if (scan.DeclarationEdges > 0)
        {
            table.AddRow("references to declaration files", $"{scan.DeclarationEdges:N0}");
        }

        table.AddRow("cycles (code that runs)", $"{graph.Following(ImportKinds.Runtime).Cycles().Count:N0}");
        table.AddRow("unusable files", $"{scan.Problems.Count:N0}");
        var t = scan.Timings;
        table.AddRow("time", $"{t.Total.TotalMilliseconds:N0} ms (read {t.Read.TotalMilliseconds:N0}, records {t.Fetch.TotalMilliseconds:N0}, resolve {t.Resolve.TotalMilliseconds:N0})");
        table.AddRow("cache", session.Mode switch
        {
            CacheMode.None => "none (--no-cache)",
            CacheMode.Cluster => $"cluster, local folder {Markup.Escape(session.CacheDirectory!)}",
            CacheMode.EmbeddedSilo => $"{Markup.Escape(session.CacheDirectory!)}{(session.StartedSilo ? " (embedded silo started)" : "")}",
            _ => Markup.Escape(session.CacheDirectory!),
        });
        AnsiConsole.Write(table);

        int shown = 0;
        foreach (var module in graph.Modules)
        {
            if (module.Record.SyntaxError is { } error && shown++ < 20)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]syntax error[/] {module.File.RelativePath}:{error.Line}:{error.Column}: {error.Message}");
            }

            foreach (var edge in module.Imports)
            {
                if (!edge.Resolution.IsResolved && shown++ < 20)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]unresolved[/] {module.File.RelativePath}: '{edge.Specifier}': {edge.Resolution.Error}");
                }
            }
        }

        if (shown > 20)
        {
            AnsiConsole.MarkupLineInterpolated($"... and {shown - 20} more (see --json)");
        }
    }
}
