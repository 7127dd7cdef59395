using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache cache stats|prune|clear</c>: the local cache folder (blobs, scan indexes) on this machine.</summary>
internal static class CacheCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("cache",
            "The local cache folder: what it holds, and making it smaller. Each blob's and index's last use is kept\n" +
            "(coarsely: a read moves it at most once a day); pruning deletes the least recently used first. Commands\n" +
            "that add to the folder prune it to --max-cache-size (default 2GiB; also ESMCACHE_MAX_CACHE_SIZE) when\n" +
            "they finish. Anything deleted is made again on demand.\n\n" +
            "Examples:\n" +
            "  esmcache cache stats --json\n" +
            "  esmcache cache prune --max-size 500MB --max-age 14\n" +
            "  esmcache cache clear\n" +
            ExitCodes.Help)
        {
            Stats(context), Prune(context), Clear(context),
        };
        return command;
    }

    private static Command Stats(CommandContext context)
    {
        var (cacheDir, json) = (CacheDirOption(), JsonOption());
        var command = new Command("stats", "What the cache folder holds: blobs, scan indexes, leftovers of interrupted writes, bytes, and the oldest and newest use.")
        {
            cacheDir, json,
        };
        command.SetAction(result =>
        {
            string folder = CacheFolder.Resolve(result.GetValue(cacheDir), context);
            long cap;
            try
            {
                cap = CacheFolder.MaxBytes(null, context);
            }
            catch (ArgumentException e)
            {
                context.Error.WriteLine($"esmcache: {e.Message}");
                return ExitCodes.InputError;
            }

            CacheFolderView.WriteUsage(context.Out, folder, new LocalCacheFolder(folder).Measure(), cap, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Prune(CommandContext context)
    {
        var (cacheDir, json) = (CacheDirOption(), JsonOption());
        var maxSize = CacheFolder.SizeOption("--max-size", "Delete the least recently used until the folder holds at most this (default: --max-cache-size's default, 2GiB, or ESMCACHE_MAX_CACHE_SIZE).");
        var maxAge = new Option<double?>("--max-age") { Description = "Also delete what was not used for this many days.", HelpName = "DAYS" };
        maxAge.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is < 0)
            {
                r.AddError("--max-age must not be negative");
            }
        });
        var command = new Command("prune", "Delete the least recently used blobs and indexes until the folder fits --max-size, and those older than --max-age.")
        {
            cacheDir, maxSize, maxAge, json,
        };
        command.SetAction(result =>
        {
            string folder = CacheFolder.Resolve(result.GetValue(cacheDir), context);
            long cap;
            try
            {
                cap = result.GetValue(maxSize) is { } given && ByteSize.TryParse(given, out long bytes) ? bytes : CacheFolder.MaxBytes(null, context);
            }
            catch (ArgumentException e)
            {
                context.Error.WriteLine($"esmcache: {e.Message}");
                return ExitCodes.InputError;
            }

            var age = result.GetValue(maxAge) is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
            CacheFolderView.WriteDeleted(context.Out, folder, new LocalCacheFolder(folder).Prune(cap, age), result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Clear(CommandContext context)
    {
        var (cacheDir, json) = (CacheDirOption(), JsonOption());
        var command = new Command("clear", "Delete every blob and index in the cache folder (a running daemon's socket stays).")
        {
            cacheDir, json,
        };
        command.SetAction(result =>
        {
            string folder = CacheFolder.Resolve(result.GetValue(cacheDir), context);
            var cleared = new LocalCacheFolder(folder).Clear();
            CacheFolderView.WriteDeleted(context.Out, folder, cleared with { RemainingBytes = new LocalCacheFolder(folder).Measure().TotalBytes }, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string?> CacheDirOption()
    {
        var option = new Option<string?>("--cache-dir") { Description = "The cache folder (default $XDG_CACHE_HOME/esmcache; also ESMCACHE_CACHE_DIR).", HelpName = "DIR" };
        ScanOptions.RequireFolder(option);
        return option;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the figures as one JSON object." };
}
