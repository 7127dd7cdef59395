using EsmCacheCluster.Grains.Interfaces;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary>How <c>esmcache stats</c> shows <see cref="ClusterStats"/>: JSON for tools, tables for people.</summary>
internal static class StatsView
{
    public static void WriteJson(ClusterStats stats, TextWriter output) =>
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
        {
            members = stats.Members.ToDictionary(m => m.Key.ToString(), m => m.Value.ToString()),
            silos = stats.Silos,
        }));

    public static void WriteTables(ClusterStats stats, IAnsiConsole console)
    {
        var members = new Table().AddColumn("silo").AddColumn("status");
        foreach (var (address, status) in stats.Members)
        {
            members.AddRow(address.ToString(), status.ToString());
        }

        console.Write(members);

        // One column per silo, one row per figure: fits a narrow terminal or a CI log.
        var table = new Table().AddColumn("figure");
        foreach (var silo in stats.Silos)
        {
            table.AddColumn(new TableColumn(silo.Silo).RightAligned());
        }

        foreach (var (name, value) in (ReadOnlySpan<(string, Func<SiloCacheStats, string>)>)
        [
            ("hits", s => $"{s.Hits:N0}"), ("misses", s => $"{s.Misses:N0}"), ("generations", s => $"{s.Generations:N0}"),
            ("rejected uploads", s => $"{s.RejectedUploads:N0}"), ("corrupt blobs", s => $"{s.CorruptBlobs:N0}"),
            ("stale blobs", s => $"{s.StaleBlobs:N0}"), ("bytes served", s => $"{s.BytesServed:N0}"),
            ("active module grains", s => $"{s.ActiveRecords:N0}"), ("records in cache", s => $"{s.CachedRecords:N0}"),
            ("managed heap", s => $"{s.ManagedHeapBytes / 1e6:F0} MB"), ("working set", s => $"{s.WorkingSetBytes / 1e6:F0} MB"),
        ])
        {
            table.AddRow([name, .. stats.Silos.Select(value)]);
        }

        console.Write(table);
    }
}
