namespace EsmCacheCluster.Format;

/// <summary>
/// ECMA-262 ExportEntry that re-exports another module's binding. A null <see cref="ImportName"/> is the spec's
/// <c>all</c> (<c>export * as ns from "m"</c>). <see cref="ModuleRequest"/> indexes
/// <see cref="ModuleRecord.RequestedModules"/>.
/// </summary>
public readonly record struct IndirectExportEntry(string ExportName, int ModuleRequest, string? ImportName);
