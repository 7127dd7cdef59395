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
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"esmcache: {error.Message}");
            }

            Console.Error.WriteLine("Run 'esmcache --help' for usage.");
            return ExitCodes.InputError;
        }

        // Ctrl+C and SIGTERM cancel the command's token (a run stops its script, a scan its requests); a command that
        // does not stop within the timeout is ended anyway.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) });
    }
}
