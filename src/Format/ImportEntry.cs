namespace EsmCacheCluster.Format;

/// <summary>
/// ECMA-262 ImportEntry Record. <see cref="ModuleRequest"/> indexes <see cref="ModuleRecord.RequestedModules"/>;
/// a null <see cref="ImportName"/> is the spec's <c>namespace-object</c> (<c>import * as ns</c>).
/// </summary>
public readonly record struct ImportEntry(int ModuleRequest, string? ImportName, string LocalName)
{
    public bool IsNamespaceImport => ImportName is null;
}
