using System.CommandLine;

namespace EsmCacheCluster.Cli;

/// <summary>esmcache's commands, for the process itself and for the daemon that runs them for clients.</summary>
internal static class CliApp
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "esmcache: a content-addressed cache of parsed ES modules (module records + V8 bytecode in BMES blobs).\n" +
            ExitCodes.Help)
        {
            ScanCommand.Create(),
            RunCommand.Create(),
            StatsCommand.Create(),
            AnalyzeCommand.Create(),
            InspectCommand.Create(),
            DaemonCommand.Create(),
            CacheCommand.Create(),
        };

        foreach (var command in GraphCommands.Create())
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs one command line; usage errors are reported on stderr with exit code 2.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per error, the last pointing at the help: a script's log shows what was wrong at a glance.
            for (int i = 0; i < parsed.Errors.Count; i++)
            {
                Console.Error.WriteLine($"esmcache: {parsed.Errors[i].Message}{(i == parsed.Errors.Count - 1 ? " (see esmcache --help)" : "")}");
            }

            return ExitCodes.InputError;
        }

        // Ctrl+C and SIGTERM cancel the command's token (a run stops its script, a scan its requests); a command that
        // does not stop within the timeout is ended anyway.
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5), EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"esmcache: {e.Message} (see esmcache --help)");
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("ESMCACHE_DIAGNOSTICS") != "stack")
        {
            // A defect, not the user's input: one line that says so, the trace on request.
            Console.Error.WriteLine($"esmcache: internal error: {e.GetType().Name}: {e.Message} (ESMCACHE_DIAGNOSTICS=stack shows where)");
            return ExitCodes.InternalError;
        }
    }
}
