using System.Text;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>The oracle of the cached scans' tests: a scan without index, watch or cache folder.</summary>
internal static class ScanAssert
{
    /// <summary>The graph as text (files, hashes, records' exports and requests, resolutions) must equal a scan of <paramref name="root"/> without any cache.</summary>
    public static async Task MatchesFreshScanAsync(string root, ScanResult scan)
    {
        await using var client = new ModuleCacheClient(connect: null, new ModuleCacheClientOptions { LocalCacheDirectory = null, LocalGenerator = new AnalysisGenerator() });
        var fresh = await new ModuleScanner(client, new ModuleResolver(ResolveMode.Auto)).ScanAsync(root, new SourceTreeOptions());
        Assert.Equal(Describe(fresh), Describe(scan));
    }

    public static string Describe(ScanResult scan)
    {
        var text = new StringBuilder();
        foreach (var module in scan.Graph.Modules)
        {
            text.Append(module.File.RelativePath).Append(' ').Append(module.File.Key).Append(' ').Append(module.File.Length).Append('\n');
            text.Append("  exports ").AppendJoin(',', module.Record.LocalExportEntries.Select(e => e.ExportName)).Append('\n');
            foreach (var edge in module.Imports)
            {
                text.Append("  ").Append(edge.Specifier).Append(" -> ").Append(edge.Resolution.Path ?? edge.Resolution.Builtin ?? "error: " + edge.Resolution.Error)
                    .Append(" #").Append(edge.Target).Append('\n');
            }
        }

        return text.ToString();
    }
}
