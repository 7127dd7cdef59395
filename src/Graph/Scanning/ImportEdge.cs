using System.Collections.Immutable;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>One requested module of a module: what it asked for, what that resolved to, and the scanned module it is (or -1).</summary>
public readonly record struct ImportEdge(string Specifier, ImmutableArray<ImportAttribute> Attributes, Resolution.Resolution Resolution, int Target);
