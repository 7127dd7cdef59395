using System.CommandLine;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Which local cache folder a command uses: <c>--cache-dir</c>, else ESMCACHE_CACHE_DIR, else the user's cache folder.
/// One answer for the commands, the daemon and the daemon's clients, which must agree on it to find each other. And
/// how large it may grow: <c>--max-cache-size</c>, else ESMCACHE_MAX_CACHE_SIZE, else 2 GiB.
/// </summary>
internal static class CacheFolder
{
    public const string MaxSizeVariable = "ESMCACHE_MAX_CACHE_SIZE";

    /// <summary>The cap in bytes; throws <see cref="ArgumentException"/> naming the setting when it is not a size.</summary>
    public static long MaxBytes(string? option, CommandContext context)
    {
        if (option is not null)
        {
            return ByteSize.TryParse(option, out long bytes) ? bytes : throw new ArgumentException($"--max-cache-size: '{option}' is not a size (e.g. 500MB, 2GiB)");
        }

        string? fromEnv = context.Variable(MaxSizeVariable);
        if (string.IsNullOrWhiteSpace(fromEnv))
        {
            return EsmCacheCluster.Records.LocalCacheFolder.DefaultMaxBytes;
        }

        return ByteSize.TryParse(fromEnv, out long fromVariable) ? fromVariable : throw new ArgumentException($"{MaxSizeVariable}: '{fromEnv}' is not a size (e.g. 500MB, 2GiB)");
    }

    /// <summary>An option that takes a size: a value that is not one is a usage error (exit 2).</summary>
    public static Option<string?> SizeOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "SIZE" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !ByteSize.TryParse(value, out _))
            {
                result.AddError($"{name}: '{value}' is not a size (e.g. 500MB, 2GiB)");
            }
        });
        return option;
    }

    public static string Resolve(string? option, CommandContext context) =>
        context.FullPath(option ?? context.Variable("ESMCACHE_CACHE_DIR") ?? BmesDirectory.DefaultRoot(context.Variable("XDG_CACHE_HOME")));

    /// <summary>
    /// Lets <paramref name="keep"/> bring the folder under its cap (<see cref="MaxBytes"/> of <paramref name="maxSize"/>)
    /// after a command added to it; a folder that cannot be pruned is said on stderr and never fails the command.
    /// </summary>
    public static void KeepUnderCap(CommandContext context, string folder, string? maxSize, Func<Records.LocalCacheFolder, long, Records.PruneResult?> keep)
    {
        try
        {
            keep(new Records.LocalCacheFolder(folder), MaxBytes(maxSize, context));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"esmcache: the cache folder was not pruned: {e.Message}");
        }
    }
}
