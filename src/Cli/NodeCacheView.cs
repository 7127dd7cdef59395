using System.Text.Json;
using System.Text.Json.Serialization;
using EsmCacheCluster.NodeCache;

namespace EsmCacheCluster.Cli;

/// <summary>How <c>esmcache node-cache</c> shows a warm: a few lines for people, one JSON object for tools.</summary>
internal static class NodeCacheView
{
    public static void Write(TextWriter output, NodeWarmResult warmed, bool json)
    {
        if (json)
        {
            var skipped = warmed.Skipped.Select(s => new NodeWarmSkipJson(s.File, s.Reason)).ToArray();
            output.WriteLine(JsonSerializer.Serialize(new NodeWarmJson(warmed.Runtime, warmed.Directory, warmed.Files, warmed.Entries, warmed.Hits, warmed.Generated,
                skipped, (long)warmed.Elapsed.TotalMilliseconds), NodeCacheCliJson.Default.NodeWarmJson));
            return;
        }

        output.WriteLine($"esmcache node-cache: {warmed.Entries:N0} entries for {warmed.Files:N0} module files ({warmed.Hits:N0} kept, {warmed.Generated:N0} compiled now) " +
            $"for {warmed.Runtime} in {warmed.Directory}, {warmed.Elapsed.TotalMilliseconds:N0} ms");
        foreach (var skip in warmed.Skipped.Take(20))
        {
            output.WriteLine($"  skipped {skip.File}: {skip.Reason}");
        }

        if (warmed.Skipped.Count > 20)
        {
            output.WriteLine($"  ... and {warmed.Skipped.Count - 20:N0} more skipped (see --json)");
        }
    }
}

internal sealed record NodeWarmJson(
    [property: JsonPropertyName("runtime")] string Runtime,
    [property: JsonPropertyName("dir")] string Dir,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("entries")] int Entries,
    [property: JsonPropertyName("hits")] int Hits,
    [property: JsonPropertyName("generated")] int Generated,
    [property: JsonPropertyName("skipped")] NodeWarmSkipJson[] Skipped,
    [property: JsonPropertyName("ms")] long Ms);

internal sealed record NodeWarmSkipJson([property: JsonPropertyName("file")] string File, [property: JsonPropertyName("reason")] string Reason);

[JsonSerializable(typeof(NodeWarmJson))]
internal sealed partial class NodeCacheCliJson : JsonSerializerContext;
