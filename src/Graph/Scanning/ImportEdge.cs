using System.Collections.Immutable;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// One reference of a module: what it asked for and how (<see cref="Kind"/>: a static or dynamic import, a type-only
/// import, a <c>require</c>, a <c>/// &lt;reference&gt;</c>), what that resolved to, and the scanned module it is (or -1).
/// </summary>
public readonly record struct ImportEdge(string Specifier, ImmutableArray<ImportAttribute> Attributes, Resolution.Resolution Resolution, int Target, ImportKind Kind = ImportKind.Static)
{
    /// <summary>Whether the edge is one of <paramref name="kinds"/>.</summary>
    public bool Is(ImportKindSet kinds) => (ImportKinds.Set(Kind) & kinds) != 0;
}
