using EsmCacheCluster.Format;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Graph queries over a scanned tree, built from cached records (no parsing on a warm cache): deps, dependents,
/// affected, cycles. <see cref="GraphView"/> prints the answers.
/// </summary>
internal static class GraphCommands
{
    public static IEnumerable<Command> Create(CommandContext context)
    {
        yield return Query(context, "deps", "The modules a module imports, transitively (--direct: its own imports only).",
            "esmcache deps src/main.js --root .", (graph, files, direct) => Reach(graph, files, reverse: false, direct));
        yield return Query(context, "dependents", "The modules that import a module, transitively (--direct: importers only).",
            "esmcache dependents src/util/format.js", (graph, files, direct) => Reach(graph, files, reverse: true, direct));
        yield return Query(context, "affected", "Every module whose transitive imports include one of the changed files, and those files: what a build reruns.",
            "esmcache affected --since origin/main --format json", (graph, files, _) => graph.Affected(files));
        yield return CyclesCommand(context);
    }

    private static List<int> Reach(ModuleGraph graph, List<int> files, bool reverse, bool direct)
    {
        if (!direct)
        {
            var all = graph.Reachable(files, reverse, includeStart: false);
            all.RemoveAll(files.Contains);
            return all;
        }

        var set = new SortedSet<int>();
        foreach (int file in files)
        {
            foreach (int next in reverse ? graph.Importers(file) : graph.Targets(file))
            {
                set.Add(next);
            }
        }

        return [.. set];
    }

    private static Command Query(CommandContext context, string name, string description, string example, Func<ModuleGraph, List<int>, bool, List<int>> query)
    {
        bool affected = name == "affected";
        var files = new Argument<string[]>("files")
        {
            Description = affected ? "Changed files (paths relative to --root or absolute); with --since, added to git's." : "Module files (paths relative to --root or absolute).",
            Arity = affected ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore,
        };
        var root = RootOption();
        var format = FormatOption();
        var kinds = KindsOption(ImportKindSet.All, "all");
        var direct = new Option<bool>("--direct") { Description = "Only one step, not transitive." };
        var since = new Option<string?>("--since")
        {
            Description = "Take the changed files from git: committed since REV, staged, unstaged and untracked; deleted and renamed files count as changes to their former importers.",
            HelpName = "REV",
        };
        var options = new ScanOptions();
        var command = new Command(name, $"{description}\n\nExample:\n  {example}\n{ExitCodes.Help}") { files, root, format, kinds };
        command.Add(affected ? since : direct);
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            string rootDirectory = context.FullPath(result.GetValue(root)!);
            var given = result.GetValue(files) ?? [];
            string? revision = affected ? result.GetValue(since) : null;
            if (affected && revision is null && given.Length == 0)
            {
                context.Error.WriteLine("esmcache affected: name the changed files, or --since REV to ask git");
                return ExitCodes.InputError;
            }

            // git runs while the tree is scanned.
            // Starting a process takes tens of milliseconds: off this thread, so the scan starts at once.
            var changes = revision is not null && Directory.Exists(rootDirectory)
                ? Task.Run(() => context.Daemon is { } daemon
                    ? daemon.Git.SinceAsync(context, rootDirectory, revision, cancellationToken)
                    : GitChanges.SinceAsync(rootDirectory, revision, cancellationToken), cancellationToken)
                : null;
            var scan = await ScanAsync(context, result, options, result.GetValue(root)!, cancellationToken);
            if (scan is null)
            {
                return ExitCodes.InputError;
            }

            var graph = scan.Graph.Following(result.GetValue(kinds));
            var start = new List<int>();
            foreach (var file in given)
            {
                int index = graph.Find(file);
                if (index < 0)
                {
                    // A changed file that is not a scanned module (deleted, not JS) affects nothing by itself.
                    context.Error.WriteLine($"esmcache: {file}: not a module of {graph.Root}");
                    continue;
                }

                start.Add(index);
            }

            if (changes is not null)
            {
                GitChanges git;
                try
                {
                    git = await changes;
                }
                catch (GitException e)
                {
                    context.Error.WriteLine($"esmcache affected: {e.Message}");
                    return ExitCodes.InputError;
                }

                foreach (var file in git.Changed)
                {
                    // Changes that are not modules (a README, a .cjs file) affect no module by themselves.
                    if (graph.Find(file) is >= 0 and int index)
                    {
                        start.Add(index);
                    }
                }

                foreach (var file in git.Deleted)
                {
                    string fullPath = Path.GetFullPath(file, graph.Root);
                    start.AddRange(graph.FormerImporters(fullPath));
                    foreach (var importer in scan.PreviousIndex?.ImportersOf(fullPath) ?? [])
                    {
                        if (graph.Find(importer) is >= 0 and int index)
                        {
                            start.Add(index);
                        }
                    }
                }
            }

            if (start.Count == 0 && !affected)
            {
                return ExitCodes.InputError;
            }

            var found = query(graph, [.. start.Distinct().Order()], result.GetValue(direct));
            string output = result.GetValue(format)!;
            GraphView.WriteModules(context, graph, output == "dot" ? [.. found.Union(start).Order()] : found, output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CyclesCommand(CommandContext context)
    {
        var root = RootOption();
        var format = FormatOption();
        var kinds = KindsOption(ImportKinds.Runtime, "static,dynamic,require: cycles of code that runs; type-only cycles are harmless");
        var options = new ScanOptions();
        var command = new Command("cycles", $"Import cycles: groups of modules that import each other.\n\nExample:\n  esmcache cycles --root packages/app\n{ExitCodes.Help}")
        {
            root, format, kinds,
        };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var scan = await ScanAsync(context, result, options, result.GetValue(root)!, cancellationToken);
            if (scan is null)
            {
                return ExitCodes.InputError;
            }

            var graph = scan.Graph.Following(result.GetValue(kinds));
            var cycles = graph.Cycles();
            GraphView.WriteCycles(context, graph, cycles, result.GetValue(format)!);
            return cycles.Count > 0 ? ExitCodes.ProblemsFound : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// <c>--kinds static,dynamic,type,require,reference</c> (any subset; also <c>runtime</c> and <c>all</c>): the
    /// references a query follows.
    /// </summary>
    private static Option<ImportKindSet> KindsOption(ImportKindSet defaultKinds, string defaultText) => new("--kinds")
    {
        Description = $"The references to follow, comma-separated: static, dynamic, type, require, reference (or runtime = static,dynamic,require; all). Default: {defaultText}.",
        HelpName = "KINDS",
        DefaultValueFactory = _ => defaultKinds,
        CustomParser = argument =>
        {
            string text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (ImportKinds.TryParse(text, out var parsed, out string? unknown))
            {
                return parsed;
            }

            argument.AddError($"--kinds: '{unknown}' is not a kind (static, dynamic, type, require, reference, runtime, all)");
            return defaultKinds;
        },
    };

    private static Option<string> RootOption() => new("--root")
    {
        Description = "The tree the graph is built from (default: the current folder).",
        DefaultValueFactory = _ => ".",
        HelpName = "DIR",
    };

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = "text (paths), json, or dot (Graphviz).", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json", "dot");
        return option;
    }

    private static async Task<ScanResult?> ScanAsync(CommandContext context, ParseResult result, ScanOptions options, string root, CancellationToken cancellationToken)
    {
        string fullRoot = context.FullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            context.Error.WriteLine($"esmcache: {root}: no such directory");
            return null;
        }

        await using var session = options.OpenSession(result, context);
        var scanner = session.CreateScanner(options.CreateResolver(result));
        var scan = await ScanCommand.ScanAsync(context, scanner, fullRoot, options.TreeOptions(result), showProgress: true, cancellationToken);
        ScanCommand.ReportProblems(context, scan);
        return scan;
    }
}
