using System.CommandLine;

namespace EsmCacheCluster.Cli;

/// <summary>esmcache's commands, for the process itself and for the daemon that runs them for clients.</summary>
internal static class CliApp
{
    /// <summary>The commands, each bound to <paramref name="context"/>: the daemon makes a set per request.</summary>
    public static RootCommand Create(CommandContext context)
    {
        var root = new RootCommand(
            "esmcache: a content-addressed cache of parsed ES modules (module records + V8 bytecode in BMES blobs).\n" +
            ExitCodes.Help)
        {
            ScanCommand.Create(context),
            RunCommand.Create(context),
            StatsCommand.Create(context),
            AnalyzeCommand.Create(context),
            InspectCommand.Create(context),
            DaemonCommand.Create(context),
            CacheCommand.Create(context),
            NodeCacheCommand.Create(context),
        };

        foreach (var command in GraphCommands.Create(context))
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs one command line in <paramref name="context"/>; usage errors are reported on its stderr with exit code 2.</summary>
    /// <param name="ownsProcess">
    /// Whether the command is the process's own: then Ctrl+C and SIGTERM cancel it (a run stops its script, a scan its
    /// requests), and one that does not stop within the timeout is ended anyway. The daemon's requests end with their
    /// clients instead (<paramref name="cancellationToken"/>).
    /// </param>
    public static async Task<int> RunAsync(CommandContext context, string[] args, bool ownsProcess, CancellationToken cancellationToken = default)
    {
        var parsed = Create(context).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per error, the last pointing at the help: a script's log shows what was wrong at a glance.
            for (int i = 0; i < parsed.Errors.Count; i++)
            {
                context.Error.WriteLine($"esmcache: {parsed.Errors[i].Message}{(i == parsed.Errors.Count - 1 ? " (see esmcache --help)" : "")}");
            }

            return ExitCodes.InputError;
        }

        var invocation = new InvocationConfiguration
        {
            ProcessTerminationTimeout = ownsProcess ? TimeSpan.FromSeconds(5) : null,
            EnableDefaultExceptionHandler = false,
            Output = context.Out,
            Error = context.Error,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"esmcache: {e.Message} (see esmcache --help)");
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (context.Variable("ESMCACHE_DIAGNOSTICS") != "stack")
        {
            // A defect, not the user's input: one line that says so, the trace on request.
            context.Error.WriteLine($"esmcache: internal error: {e.GetType().Name}: {e.Message} (ESMCACHE_DIAGNOSTICS=stack shows where)");
            return ExitCodes.InternalError;
        }
    }
}
