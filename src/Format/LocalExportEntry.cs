namespace EsmCacheCluster.Format;

/// <summary>
/// ECMA-262 ExportEntry of a local binding ([[ModuleRequest]] and [[ImportName]] null).
/// Anonymous default exports have the local name <c>*default*</c>.
/// </summary>
public readonly record struct LocalExportEntry(string ExportName, string LocalName)
{
    public const string DefaultLocalName = "*default*";
}
