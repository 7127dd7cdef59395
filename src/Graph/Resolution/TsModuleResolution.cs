namespace EsmCacheCluster.Graph.Resolution;

/// <summary>TypeScript's <c>moduleResolution</c>, as it computes it when a tsconfig names none.</summary>
public enum TsModuleResolution
{
    Classic,
    Node10,
    Node16,
    NodeNext,
    Bundler,
}
