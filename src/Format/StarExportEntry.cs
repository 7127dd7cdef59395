namespace EsmCacheCluster.Format;

/// <summary>ECMA-262 ExportEntry of <c>export * from "m"</c> (import name <c>all-but-default</c>, no export name).</summary>
public readonly record struct StarExportEntry(int ModuleRequest);
