using EsmCacheCluster.Cli;

// A graph query or a JSON scan is answered by the daemon when one serves this cache folder: it has the index in
// memory and its code compiled, so only this process's start-up remains.
if (DaemonClient.TryForward(args) is { } answered)
{
    return answered;
}

int exit = await CliApp.RunAsync(CliApp.Create(), args);

// ESMCACHE_DIAGNOSTICS=assemblies lists what the command loaded: a warm scan must load no Orleans, V8 or analyser.
if (Environment.GetEnvironmentVariable("ESMCACHE_DIAGNOSTICS") == "assemblies")
{
    foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"esmcache: loaded {assembly}");
    }
}

return exit;
