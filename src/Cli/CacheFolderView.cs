using System.Text.Json;
using EsmCacheCluster.Records;

namespace EsmCacheCluster.Cli;

/// <summary>How <c>esmcache cache</c> shows the folder's usage and what it deleted: aligned lines for people, one JSON object for tools.</summary>
internal static class CacheFolderView
{
    public static void WriteUsage(TextWriter output, string folder, LocalCacheUsage usage, long cap, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new StatsJson(folder, usage.Blobs, usage.BlobBytes, usage.Indexes, usage.IndexBytes,
                usage.Leftovers, usage.LeftoverBytes, usage.TotalBytes, cap, usage.OldestUse, usage.NewestUse, usage.NodeEntries, usage.NodeEntryBytes), CacheJson.Default.StatsJson));
            return;
        }

        output.WriteLine($"folder     {folder}");
        output.WriteLine($"blobs      {usage.Blobs:N0} ({ByteSize.Format(usage.BlobBytes)})");
        output.WriteLine($"indexes    {usage.Indexes:N0} ({ByteSize.Format(usage.IndexBytes)})");
        if (usage.NodeEntries > 0)
        {
            output.WriteLine($"node       {usage.NodeEntries:N0} compile cache entries ({ByteSize.Format(usage.NodeEntryBytes)})");
        }

        output.WriteLine($"leftovers  {usage.Leftovers:N0} ({ByteSize.Format(usage.LeftoverBytes)})");
        output.WriteLine($"total      {ByteSize.Format(usage.TotalBytes)} of {ByteSize.Format(cap)} allowed");
        if (usage.OldestUse is { } oldest && usage.NewestUse is { } newest)
        {
            output.WriteLine($"last used  {oldest:yyyy-MM-dd} (oldest) to {newest:yyyy-MM-dd} (newest), UTC");
        }
    }

    public static void WriteDeleted(TextWriter output, string folder, PruneResult pruned, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new PruneJson(folder, pruned.Deleted, pruned.DeletedBytes, pruned.RemainingBytes), CacheJson.Default.PruneJson));
        }
        else
        {
            output.WriteLine($"deleted {pruned.Deleted:N0} files ({ByteSize.Format(pruned.DeletedBytes)}); {ByteSize.Format(pruned.RemainingBytes)} left in {folder}");
        }
    }
}
