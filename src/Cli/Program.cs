using EsmCacheCluster.Cli;

// A graph query or a JSON scan is answered by the daemon when one serves this cache folder: it has the index in
// memory and its code compiled, so only this process's start-up remains.
if (DaemonClient.TryForward(args) is { } answered)
{
    return answered;
}

return await CliApp.RunAsync(CliApp.Create(), args);
