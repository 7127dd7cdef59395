namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// A compile cache entry as Node writes it (header and V8's cached data), and what the source was compiled as:
/// Node's type byte (0 CommonJS, 1 ES module, 2 stripped TypeScript), which for a detected format is known only once
/// compiled; and whether this call compiled it (a miss) or it was stored. A stripped-TypeScript entry's text lacks
/// the <c>sourceURL</c> comment Node's loader appends, which names the file: each client adds it for its path.
/// </summary>
[GenerateSerializer, Alias("esmcache.NodeEntry")]
public sealed record NodeEntry([property: Id(0)] byte Kind, [property: Id(1)] byte[] Entry, [property: Id(2)] bool Generated);
