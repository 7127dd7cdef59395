using System.Collections.Immutable;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// Every reference of a module a graph follows, from its record: the requested modules (static imports, or a
/// CommonJS module's <c>require</c> calls), the <c>import()</c> calls with a literal, and the source's other
/// references (type-only imports, <c>require</c>, <c>/// &lt;reference&gt;</c>). Unresolved edges, in that order,
/// one per kind and specifier (and attributes); non-literal arguments are left out (<see cref="NonLiteral"/>).
/// </summary>
public static class ModuleReferences
{
    public static ImportEdge[] Of(ModuleRecord record)
    {
        var requests = record.RequestedModules;
        var dynamics = record.DynamicImports;
        var sources = record.SourceImports;
        int count = requests.Length;
        foreach (var dynamic in dynamics)
        {
            count += dynamic.Specifier is null ? 0 : 1;
        }

        foreach (var source in sources)
        {
            count += source.Specifier is null ? 0 : 1;
        }

        var edges = new ImportEdge[count];
        int n = 0;
        var staticKind = record.IsCommonJs ? ImportKind.Require : ImportKind.Static;
        foreach (var request in requests)
        {
            edges[n++] = new ImportEdge(request.Specifier, request.Attributes, default, -1, staticKind);
        }

        int firstDynamic = n;
        foreach (var dynamic in dynamics)
        {
            if (dynamic.Specifier is { } specifier && !Contains(edges, firstDynamic, n, specifier, ImportKind.Dynamic))
            {
                edges[n++] = new ImportEdge(specifier, [], default, -1, ImportKind.Dynamic);
            }
        }

        foreach (var source in sources)
        {
            // The source view is deduplicated by kind and specifier already; only a CommonJS record's requires may repeat here.
            if (source.Specifier is { } specifier && !(record.IsCommonJs && source.Kind == ImportKind.Require && Contains(edges, 0, requests.Length, specifier, ImportKind.Require)))
            {
                edges[n++] = new ImportEdge(specifier, [], default, -1, source.Kind);
            }
        }

        return n == edges.Length ? edges : edges[..n];
    }

    /// <summary><c>import(x)</c> and <c>require(x)</c> calls whose argument is not a literal: they name no file a scan can follow.</summary>
    public static int NonLiteral(ModuleRecord record)
    {
        int count = 0;
        foreach (var dynamic in record.DynamicImports)
        {
            count += dynamic.Specifier is null ? 1 : 0;
        }

        foreach (var source in record.SourceImports)
        {
            count += source.Specifier is null ? 1 : 0;
        }

        return count;
    }

    private static bool Contains(ImportEdge[] edges, int from, int to, string specifier, ImportKind kind)
    {
        for (int i = from; i < to; i++)
        {
            if (edges[i].Kind == kind && edges[i].Specifier == specifier && edges[i].Attributes.IsDefaultOrEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
