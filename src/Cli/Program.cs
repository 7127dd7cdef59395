using System.CommandLine;
using EsmCacheCluster.Cli;

var root = new RootCommand(
    "esmcache: a content-addressed cache of parsed ES modules (module records + V8 bytecode in BMES blobs).\n" +
    ExitCodes.Help)
{
    ScanCommand.Create(),
    RunCommand.Create(),
    StatsCommand.Create(),
    AnalyzeCommand.Create(),
    InspectCommand.Create(),
};

foreach (var command in GraphCommands.Create())
{
    root.Add(command);
}

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
