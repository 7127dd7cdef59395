namespace EsmCacheCluster.Format;

/// <summary>A field of an entry of a <see cref="RecordList"/>.</summary>
public enum RecordField
{
    Specifier,
    Key,
    Value,
    ModuleRequest,
    ImportName,
    LocalName,
    ExportName,
    Kind,
}
