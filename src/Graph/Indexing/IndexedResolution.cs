using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// A cached resolution of one reference (its specifier and <see cref="ResolutionUse"/>: an import and a
/// <c>require</c> of the same specifier resolve differently) and the file system facts (positions in the index's
/// fact table) it depended on.
/// </summary>
public sealed record IndexedResolution(string Specifier, ResolutionUse Use, Resolution.Resolution Resolution, int[] Facts);

/// <summary>What decides how a reference resolves: import (static and type-only alike), <c>import()</c>, <c>require</c>, the two references.</summary>
public enum ResolutionUse : byte
{
    Import = 0,
    ImportCall = 1,
    Require = 2,
    ReferencePath = 3,
    ReferenceTypes = 4,
}

public static class ResolutionUses
{
    public static ResolutionUse Of(ImportKind kind) => kind switch
    {
        ImportKind.Dynamic => ResolutionUse.ImportCall,
        ImportKind.Require => ResolutionUse.Require,
        ImportKind.ReferencePath => ResolutionUse.ReferencePath,
        ImportKind.ReferenceTypes => ResolutionUse.ReferenceTypes,
        _ => ResolutionUse.Import,
    };
}
