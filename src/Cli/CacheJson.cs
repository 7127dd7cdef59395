using System.Text.Json.Serialization;

namespace EsmCacheCluster.Cli;

/// <summary>The JSON of <c>esmcache cache</c>: what <c>stats</c> prints, and what <c>prune</c> and <c>clear</c> did.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(PruneJson))]
internal sealed partial class CacheJson : JsonSerializerContext;

internal sealed record StatsJson(string Folder, int Blobs, long BlobBytes, int Indexes, long IndexBytes, int Leftovers, long LeftoverBytes,
    long TotalBytes, long MaxBytes, DateTime? OldestUse, DateTime? NewestUse, int NodeEntries, long NodeEntryBytes);

internal sealed record PruneJson(string Folder, int Deleted, long DeletedBytes, long RemainingBytes);
