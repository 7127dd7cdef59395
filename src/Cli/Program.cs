using EsmCacheCluster.Cli;

var context = CommandContext.OfThisProcess();

// A graph query or a JSON scan is answered by the daemon when one serves this cache folder: it has the index in
// memory and its code compiled, so only this process's start-up remains.
if (DaemonClient.TryForward(args, context) is { } answered)
{
    return answered;
}

int exit = await CliApp.RunAsync(context, args, ownsProcess: true);

// ESMCACHE_DIAGNOSTICS=assemblies lists what the command loaded: a warm scan must load no Orleans, V8 or analyser.
if (context.Variable("ESMCACHE_DIAGNOSTICS") == "assemblies")
{
    foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
    {
        context.Error.WriteLine($"esmcache: loaded {assembly}");
    }
}

return exit;
